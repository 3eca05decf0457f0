namespace Lumen.Topology.Network;

// Per-kind array bundles that NetworkBuilder fills in one pass and hands to NetworkData. Every array of a bundle has the
// bundle's element count; the dictionaries map ids to indices into them.

internal sealed class NodeArrays(int n, IdIndex? index = null)
{
    public string[] Ids { get; } = index?.Ids ?? new string[n];
    public NodeKind[] Kinds { get; } = new NodeKind[n];
    public double[] NominalKv { get; } = new double[n];
    public double[] X { get; } = new double[n];
    public double[] Y { get; } = new double[n];
    public SourceLocation[] Locations { get; } = new SourceLocation[n];
    public Dictionary<string, int> ByName { get; } = index?.ByName ?? new(n, StringComparer.Ordinal);
    public int[] Sources { get; set; } = [];
}

internal sealed class EdgeArrays(int m, IdIndex? index = null)
{
    public string[] Ids { get; } = index?.Ids ?? new string[m];
    public int[] From { get; } = new int[m];
    public int[] To { get; } = new int[m];
    public BranchKind[] Kinds { get; } = new BranchKind[m];
    public double[] LengthKm { get; } = new double[m];
    public double[] FailureRatePerYear { get; } = new double[m];
    public double[] RepairHours { get; } = new double[m];
    public double[] ReplacementHours { get; } = new double[m];
    public bool[] NormallyOpen { get; } = new bool[m];
    public double[] ROhm { get; } = new double[m];
    public double[] XOhm { get; } = new double[m];
    public double[] Rating { get; } = new double[m];
    public double[] TapPu { get; } = new double[m];
    public string?[] Feeder { get; } = new string?[m];
    public AssetInfo[] Assets { get; } = new AssetInfo[m];
    public SourceLocation[] Locations { get; } = new SourceLocation[m];
    public Dictionary<string, int> ByName { get; } = index?.ByName ?? new(m, StringComparer.Ordinal);
}

internal sealed class DeviceArrays(int count)
{
    public string[] Ids { get; } = new string[count];
    public int[] Edge { get; } = new int[count];
    public int[] Node { get; } = new int[count];
    public DeviceKind[] Kinds { get; } = new DeviceKind[count];
    public bool[] NormallyOpen { get; } = new bool[count];
    public bool[] Automated { get; } = new bool[count];
    public double[] OperatingTimeHours { get; } = new double[count];
    public double[] OperatingProbability { get; } = new double[count];
    public AssetInfo[] Assets { get; } = new AssetInfo[count];
    public Dictionary<string, int> ByName { get; } = new(count, StringComparer.Ordinal);
}

internal sealed class LoadPointArrays(int count)
{
    public string[] Ids { get; } = new string[count];
    public int[] Node { get; } = new int[count];
    public int[] Customers { get; } = new int[count];
    public double[] AverageKw { get; } = new double[count];
    public double[] PeakKw { get; } = new double[count];
    public double[] PeakKvar { get; } = new double[count];
    public string?[] CustomerClass { get; } = new string?[count];
    public Dictionary<string, int> ByName { get; } = new(count, StringComparer.Ordinal);
}
