namespace Lumen.Topology.Network;

/// <summary>Dense index of a node (bus) in a <see cref="Network"/>, 0..NodeCount-1. The default value is node 0.</summary>
/// <remarks>Immutable. Wraps the kernels' plain <c>int</c> so that node and edge indices cannot be swapped in public APIs.</remarks>
public readonly record struct NodeIndex(int Value);

/// <summary>Dense index of a branch (edge) in a <see cref="Network"/>, 0..EdgeCount-1. The default value is edge 0.</summary>
/// <remarks>Immutable.</remarks>
public readonly record struct EdgeIndex(int Value);

/// <summary>Dense index of a switching or protective device in a <see cref="Network"/>. The default value is device 0.</summary>
/// <remarks>Immutable.</remarks>
public readonly record struct DeviceIndex(int Value);
