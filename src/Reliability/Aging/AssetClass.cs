namespace Lumen.Reliability.Aging;

/// <summary>What an asset in the register is.</summary>
/// <remarks>The CSV spelling of each value is its snake_case name (see <see cref="AssetClasses.TryParse"/>).</remarks>
public enum AssetClass : byte
{
    /// <summary>10/0.4 kV distribution transformer (<c>distribution_transformer</c>).</summary>
    DistributionTransformer = 0,

    /// <summary>10 kV (or LV) pole (<c>pole</c>).</summary>
    Pole = 1,

    /// <summary>Overhead line section, per km (<c>overhead_line</c>); outside CNAIM, Weibull only.</summary>
    OverheadLine = 2,

    /// <summary>10 kV XLPE cable section, per km (<c>cable</c>).</summary>
    Cable = 3,

    /// <summary>Ring main unit (<c>ring_main_unit</c>).</summary>
    RingMainUnit = 4,

    /// <summary>Secondary switchgear panel / circuit breaker in a switching station (<c>switchgear</c>).</summary>
    Switchgear = 5,

    /// <summary>Feeder circuit breaker (<c>breaker</c>).</summary>
    Breaker = 6,

    /// <summary>Pole-mounted recloser (<c>recloser</c>); outside CNAIM, Weibull only.</summary>
    Recloser = 7,

    /// <summary>Drop-out fuse (<c>fuse</c>); outside CNAIM, Weibull only.</summary>
    Fuse = 8,

    /// <summary>Load-break switch (<c>load_break_switch</c>).</summary>
    LoadBreakSwitch = 9,

    /// <summary>Disconnector or sectionaliser (<c>disconnector</c>); outside CNAIM, Weibull only.</summary>
    Disconnector = 10,

    /// <summary>LV underground link box (<c>link_box</c>).</summary>
    LinkBox = 11,
}

/// <summary>CNAIM asset register categories Lumen implements (asset-risk.md §3).</summary>
public enum CnaimCategory : byte
{
    /// <summary>No CNAIM health index (excluded by CNAIM v2.1): use the Weibull method.</summary>
    None = 0,

    /// <summary><c>6.6/11kV Transformer (GM)</c>: NEL 60, K 0.0078 %.</summary>
    Transformer11kV,

    /// <summary><c>20kV Transformer (GM)</c>: NEL 60, K 0.0078 %.</summary>
    Transformer20kV,

    /// <summary>Danish 10/0.4 kV transformer: NEL 55, K 0.0077 %.</summary>
    Transformer10kVDk,

    /// <summary><c>LV Poles</c>.</summary>
    PoleLv,

    /// <summary><c>6.6/11kV Poles</c>.</summary>
    Pole11kV,

    /// <summary><c>20kV Poles</c>.</summary>
    Pole20kV,

    /// <summary><c>6.6/11kV CB (GM) Secondary</c>.</summary>
    CbSecondary11kV,

    /// <summary><c>6.6/11kV RMU</c>.</summary>
    Rmu11kV,

    /// <summary><c>6.6/11kV Switch (GM)</c>.</summary>
    Switch11kV,

    /// <summary><c>6.6/11kV X-type RMU</c>.</summary>
    XTypeRmu11kV,

    /// <summary><c>20kV CB (GM) Secondary</c>.</summary>
    CbSecondary20kV,

    /// <summary><c>20kV RMU</c>.</summary>
    Rmu20kV,

    /// <summary><c>20kV Switch (GM)</c>.</summary>
    Switch20kV,

    /// <summary>Danish 10 kV secondary switchgear: NEL 55, K 0.0067 %.</summary>
    SwitchgearSecondary10kVDk,

    /// <summary><c>LV UGB</c> (link box): NEL 55, K 0.0077 %.</summary>
    LvUgb,

    /// <summary>Danish 10 kV XLPE (PEX) cable, per km: NEL 80, K 0.0658 %/km.</summary>
    Cable10kVPexDk,
}

/// <summary>The family of a CNAIM category: which condition inputs, location column and duty factor it uses.</summary>
public enum CnaimFamily : byte
{
    /// <summary>Not indexed.</summary>
    None = 0,

    /// <summary>HV (10–20 kV) transformers.</summary>
    Transformer,

    /// <summary>Poles.</summary>
    Pole,

    /// <summary>HV distribution switchgear.</summary>
    Switchgear,

    /// <summary>LV underground link box.</summary>
    LinkBox,

    /// <summary>10 kV XLPE cable.</summary>
    Cable,
}

/// <summary>Parsing and CNAIM mapping of <see cref="AssetClass"/>.</summary>
public static class AssetClasses
{
    /// <summary>Every class, in enum order.</summary>
    public static IReadOnlyList<AssetClass> All { get; } = Enum.GetValues<AssetClass>();

    /// <summary>The CSV (snake_case) name of <paramref name="assetClass"/>.</summary>
    /// <param name="assetClass">The class.</param>
    /// <returns>e.g. <c>distribution_transformer</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined class.</exception>
    public static string Name(AssetClass assetClass) => assetClass switch
    {
        AssetClass.DistributionTransformer => "distribution_transformer",
        AssetClass.Pole => "pole",
        AssetClass.OverheadLine => "overhead_line",
        AssetClass.Cable => "cable",
        AssetClass.RingMainUnit => "ring_main_unit",
        AssetClass.Switchgear => "switchgear",
        AssetClass.Breaker => "breaker",
        AssetClass.Recloser => "recloser",
        AssetClass.Fuse => "fuse",
        AssetClass.LoadBreakSwitch => "load_break_switch",
        AssetClass.Disconnector => "disconnector",
        AssetClass.LinkBox => "link_box",
        _ => throw new ArgumentOutOfRangeException(nameof(assetClass), assetClass, null),
    };

    /// <summary>Parses a class name; also accepts the demo network's names (<c>load_break_switch</c>, <c>cable</c> …) and a few aliases.</summary>
    /// <param name="text">The text (case and surrounding blanks ignored).</param>
    /// <param name="assetClass">The class when the result is true.</param>
    /// <returns>True when recognised.</returns>
    public static bool TryParse(string? text, out AssetClass assetClass)
    {
        switch ((text ?? string.Empty).Trim().ToLowerInvariant())
        {
            case "distribution_transformer": case "transformer": assetClass = AssetClass.DistributionTransformer; return true;
            case "pole": assetClass = AssetClass.Pole; return true;
            case "overhead_line": case "line": case "ohl": assetClass = AssetClass.OverheadLine; return true;
            case "cable": assetClass = AssetClass.Cable; return true;
            case "ring_main_unit": case "rmu": assetClass = AssetClass.RingMainUnit; return true;
            case "switchgear": assetClass = AssetClass.Switchgear; return true;
            case "breaker": case "circuit_breaker": assetClass = AssetClass.Breaker; return true;
            case "recloser": assetClass = AssetClass.Recloser; return true;
            case "fuse": assetClass = AssetClass.Fuse; return true;
            case "load_break_switch": case "switch": assetClass = AssetClass.LoadBreakSwitch; return true;
            case "disconnector": case "sectionaliser": case "sectionalizer": assetClass = AssetClass.Disconnector; return true;
            case "link_box": case "lv_ugb": assetClass = AssetClass.LinkBox; return true;
            default: assetClass = default; return false;
        }
    }

    /// <summary>True for classes whose size is a length (per-km PoF and cost).</summary>
    /// <param name="assetClass">The class.</param>
    /// <returns>True for overhead lines and cables.</returns>
    public static bool IsPerKm(AssetClass assetClass) => assetClass is AssetClass.OverheadLine or AssetClass.Cable;

    /// <summary>
    /// The CNAIM category Lumen uses for a class by default: the Danish 10/0.4 kV transformer, 6.6/11 kV poles, RMUs,
    /// secondary CBs and switches, the LV UGB and the Danish 10 kV PEX cable; <see cref="CnaimCategory.None"/> for the
    /// classes CNAIM does not index (overhead line conductor, recloser, fuse, disconnector).
    /// </summary>
    /// <param name="assetClass">The class.</param>
    /// <returns>The category.</returns>
    public static CnaimCategory DefaultCategory(AssetClass assetClass) => assetClass switch
    {
        AssetClass.DistributionTransformer => CnaimCategory.Transformer10kVDk,
        AssetClass.Pole => CnaimCategory.Pole11kV,
        AssetClass.Cable => CnaimCategory.Cable10kVPexDk,
        AssetClass.RingMainUnit => CnaimCategory.Rmu11kV,
        AssetClass.Switchgear or AssetClass.Breaker => CnaimCategory.CbSecondary11kV,
        AssetClass.LoadBreakSwitch => CnaimCategory.Switch11kV,
        AssetClass.LinkBox => CnaimCategory.LvUgb,
        _ => CnaimCategory.None,
    };
}
