namespace Lumen.Topology.Network;

/// <summary>The arrays behind a <see cref="Network"/>, filled once by <see cref="NetworkBuilder"/>.</summary>
/// <remarks>
/// Invariant: all arrays of one element kind have the same length (but the locations, which may be empty: none known);
/// every index stored in one array refers to a valid element; the ids of one element kind are distinct. The id indexes
/// may be left null: the network then builds one on its first lookup (a part the investment planner builds per
/// valuation is never looked up by id).
/// </remarks>
internal sealed class NetworkData
{
    public required string[] NodeIds { get; init; }
    public required NodeKind[] NodeKinds { get; init; }
    public required double[] NominalKv { get; init; }
    public required double[] NodeX { get; init; }
    public required double[] NodeY { get; init; }
    public required SourceLocation[] NodeLocations { get; init; }
    public Dictionary<string, int>? NodeByName { get; init; }

    public required string[] EdgeIds { get; init; }
    public required int[] EdgeFrom { get; init; }
    public required int[] EdgeTo { get; init; }
    public required BranchKind[] EdgeKinds { get; init; }
    public required double[] LengthKm { get; init; }
    public required double[] FailureRatePerYear { get; init; }
    public required double[] RepairHours { get; init; }
    public required double[] ReplacementHours { get; init; }
    public required bool[] EdgeNormallyOpen { get; init; }
    public required double[] ROhm { get; init; }
    public required double[] XOhm { get; init; }
    public required double[] EdgeRating { get; init; }
    public required double[] EdgeTapPu { get; init; }
    public required string?[] EdgeFeeder { get; init; }
    public required AssetInfo[] EdgeAssets { get; init; }
    public required SourceLocation[] EdgeLocations { get; init; }
    public Dictionary<string, int>? EdgeByName { get; init; }

    public required string[] DeviceIds { get; init; }
    public required int[] DeviceEdge { get; init; }
    public required int[] DeviceNode { get; init; }
    public required DeviceKind[] DeviceKinds { get; init; }
    public required bool[] DeviceNormallyOpen { get; init; }
    public required bool[] DeviceAutomated { get; init; }
    public required double[] DeviceOperatingTimeHours { get; init; }
    public required double[] DeviceOperatingProbability { get; init; }
    public required AssetInfo[] DeviceAssets { get; init; }
    public Dictionary<string, int>? DeviceByName { get; init; }

    public required string[] LoadPointIds { get; init; }
    public required int[] LoadPointNode { get; init; }
    public required int[] Customers { get; init; }
    public required double[] AverageKw { get; init; }
    public required double[] PeakKw { get; init; }
    public required double[] PeakKvar { get; init; }
    public required string?[] CustomerClass { get; init; }
    public Dictionary<string, int>? LoadPointByName { get; init; }

    public required int[] Sources { get; init; }
}
