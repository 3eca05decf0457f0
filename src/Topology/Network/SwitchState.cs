namespace Lumen.Topology.Network;

/// <summary>
/// Which branches and devices are open. A branch conducts when it is not open itself and no device on it is open.
/// </summary>
/// <remarks>Immutable: <see cref="WithDevice"/> and <see cref="WithBranch"/> return new states. O(E + D) per change.</remarks>
public sealed class SwitchState
{
    private readonly bool[] _branchOpen;
    private readonly bool[] _deviceOpen;

    // Invariant: _edgeClosed[e] == !_branchOpen[e] && no device on e is open.
    private readonly bool[] _edgeClosed;

    private SwitchState(Network network, bool[] branchOpen, bool[] deviceOpen)
    {
        Network = network;
        _branchOpen = branchOpen;
        _deviceOpen = deviceOpen;
        _edgeClosed = new bool[branchOpen.Length];
        for (int e = 0; e < branchOpen.Length; e++)
        {
            _edgeClosed[e] = !branchOpen[e];
        }

        ReadOnlySpan<int> deviceEdge = network.DeviceEdge;
        for (int d = 0; d < deviceOpen.Length; d++)
        {
            if (deviceOpen[d])
            {
                _edgeClosed[deviceEdge[d]] = false;
            }
        }
    }

    /// <summary>The network this state belongs to.</summary>
    public Network Network { get; }

    /// <summary>Whether each edge conducts in this state.</summary>
    public ReadOnlySpan<bool> EdgeClosed => _edgeClosed;

    /// <summary>Whether each device is open in this state.</summary>
    public ReadOnlySpan<bool> DeviceOpen => _deviceOpen;

    /// <summary>Whether each branch is itself open in this state.</summary>
    public ReadOnlySpan<bool> BranchOpen => _branchOpen;

    /// <summary>The normal state: normally-open branches and devices open, everything else closed.</summary>
    public static SwitchState Normal(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new SwitchState(network, network.EdgeNormallyOpen.ToArray(), network.DeviceNormallyOpen.ToArray());
    }

    /// <summary>A copy with <paramref name="device"/> opened or closed.</summary>
    public SwitchState WithDevice(DeviceIndex device, bool open)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(device.Value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(device.Value, _deviceOpen.Length);
        var deviceOpen = (bool[])_deviceOpen.Clone();
        deviceOpen[device.Value] = open;
        return new SwitchState(Network, (bool[])_branchOpen.Clone(), deviceOpen);
    }

    /// <summary>A copy with branch <paramref name="edge"/> itself opened or closed.</summary>
    public SwitchState WithBranch(EdgeIndex edge, bool open)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(edge.Value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(edge.Value, _branchOpen.Length);
        var branchOpen = (bool[])_branchOpen.Clone();
        branchOpen[edge.Value] = open;
        return new SwitchState(Network, branchOpen, (bool[])_deviceOpen.Clone());
    }

    /// <summary>
    /// A copy in which edge <paramref name="edge"/> conducts or not: closing opens nothing else and closes the branch and
    /// every device on it; opening opens the branch itself.
    /// </summary>
    public SwitchState WithEdgeClosed(EdgeIndex edge, bool closed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(edge.Value);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(edge.Value, _branchOpen.Length);
        var branchOpen = (bool[])_branchOpen.Clone();
        var deviceOpen = (bool[])_deviceOpen.Clone();
        branchOpen[edge.Value] = !closed;
        if (closed)
        {
            foreach (int d in Network.DevicesOn(edge.Value))
            {
                deviceOpen[d] = false;
            }
        }

        return new SwitchState(Network, branchOpen, deviceOpen);
    }
}
