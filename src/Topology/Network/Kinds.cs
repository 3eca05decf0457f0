namespace Lumen.Topology.Network;

/// <summary>What a node is.</summary>
public enum NodeKind : byte
{
    /// <summary>An ordinary bus or junction.</summary>
    Bus = 0,

    /// <summary>A supply point: a substation feeder bus, assumed fully reliable.</summary>
    Source = 1,
}

/// <summary>What a branch is.</summary>
public enum BranchKind : byte
{
    /// <summary>Overhead line section.</summary>
    OverheadLine = 0,

    /// <summary>Underground cable section.</summary>
    Cable = 1,

    /// <summary>Transformer (distribution 10/0.4 kV, or a regulator/substation unit in imported feeders).</summary>
    Transformer = 2,

    /// <summary>Zero-impedance connection between two buses (bus-tie, jumper, switch branch).</summary>
    BusTie = 3,
}

/// <summary>Switching and protective devices that sit on a branch end.</summary>
public enum DeviceKind : byte
{
    /// <summary>Circuit breaker: protective and switchable.</summary>
    Breaker = 0,

    /// <summary>Recloser: protective, clears temporary faults by reclosing.</summary>
    Recloser = 1,

    /// <summary>Fuse: protective; isolates by being removed.</summary>
    Fuse = 2,

    /// <summary>Disconnector: no-load isolating switch.</summary>
    Disconnector = 3,

    /// <summary>Load-break switch: switches load current, does not clear faults.</summary>
    LoadBreakSwitch = 4,

    /// <summary>Automatic sectionaliser: counts upstream recloser operations and opens while dead; isolates, does not clear.</summary>
    Sectionaliser = 5,
}

/// <summary>Helpers on <see cref="DeviceKind"/> and <see cref="BranchKind"/>.</summary>
public static class KindExtensions
{
    /// <summary>True for devices that interrupt fault current (breaker, recloser, fuse).</summary>
    public static bool IsProtective(this DeviceKind kind) => kind is DeviceKind.Breaker or DeviceKind.Recloser or DeviceKind.Fuse;

    /// <summary>Stable snake_case name used in files and JSON.</summary>
    public static string ToSnakeCase(this DeviceKind kind) => kind switch
    {
        DeviceKind.Breaker => "breaker",
        DeviceKind.Recloser => "recloser",
        DeviceKind.Fuse => "fuse",
        DeviceKind.Disconnector => "disconnector",
        DeviceKind.LoadBreakSwitch => "load_break_switch",
        DeviceKind.Sectionaliser => "sectionaliser",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Stable snake_case name used in files and JSON.</summary>
    public static string ToSnakeCase(this BranchKind kind) => kind switch
    {
        BranchKind.OverheadLine => "overhead_line",
        BranchKind.Cable => "cable",
        BranchKind.Transformer => "transformer",
        BranchKind.BusTie => "bus_tie",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a device type as written in Lumen and RBTS files; false when unknown.</summary>
    public static bool TryParseDeviceKind(string text, out DeviceKind kind) => TryParseDeviceKindLower(text.Trim().ToLowerInvariant(), out kind);

    /// <summary><see cref="TryParseDeviceKind"/> of a type already trimmed and in lower case (invariant).</summary>
    internal static bool TryParseDeviceKindLower(ReadOnlySpan<char> lower, out DeviceKind kind)
    {
        switch (lower)
        {
            case "breaker": case "circuit_breaker": kind = DeviceKind.Breaker; return true;
            case "recloser": kind = DeviceKind.Recloser; return true;
            case "fuse": kind = DeviceKind.Fuse; return true;
            case "disconnect": case "disconnector": kind = DeviceKind.Disconnector; return true;
            case "load_break_switch": case "switch": kind = DeviceKind.LoadBreakSwitch; return true;
            case "sectionaliser": case "sectionalizer": kind = DeviceKind.Sectionaliser; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>Parses a branch type as written in Lumen and RBTS files (<c>line</c> means overhead line); false when unknown.</summary>
    public static bool TryParseBranchKind(string text, out BranchKind kind) => TryParseBranchKindLower(text.Trim().ToLowerInvariant(), out kind);

    /// <summary><see cref="TryParseBranchKind"/> of a type already trimmed and in lower case (invariant).</summary>
    internal static bool TryParseBranchKindLower(ReadOnlySpan<char> lower, out BranchKind kind)
    {
        switch (lower)
        {
            case "line": case "overhead_line": kind = BranchKind.OverheadLine; return true;
            case "cable": kind = BranchKind.Cable; return true;
            case "transformer": kind = BranchKind.Transformer; return true;
            case "bus_tie": case "switch": case "jumper": kind = BranchKind.BusTie; return true;
            default: kind = default; return false;
        }
    }
}
