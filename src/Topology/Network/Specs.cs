namespace Lumen.Topology.Network;

/// <summary>Asset data carried by a branch or device: which physical asset it is, how old and how big.</summary>
/// <param name="AssetId">Asset register id; null when the component is not a tracked asset.</param>
/// <param name="AssetClass">Asset class (e.g. <c>distribution_transformer</c>, <c>overhead_line</c>); null when unknown.</param>
/// <param name="InstallYear">Year of installation; 0 when unknown.</param>
public readonly record struct AssetInfo(string? AssetId, string? AssetClass, int InstallYear);

/// <summary>A bus to add to a <see cref="NetworkBuilder"/>.</summary>
/// <param name="Id">Unique bus id.</param>
/// <param name="Kind">Source (substation feeder bus) or ordinary bus.</param>
/// <param name="Location">Where the row came from, for diagnostics.</param>
public readonly record struct BusSpec(string Id, NodeKind Kind, SourceLocation Location)
{
    /// <summary>Nominal line-to-line voltage in kV; NaN when unknown.</summary>
    public double NominalKv { get; init; } = double.NaN;

    /// <summary>Diagram x coordinate; NaN when unknown.</summary>
    public double X { get; init; } = double.NaN;

    /// <summary>Diagram y coordinate; NaN when unknown.</summary>
    public double Y { get; init; } = double.NaN;
}

/// <summary>A branch (line section, cable, transformer, bus-tie) to add to a <see cref="NetworkBuilder"/>.</summary>
/// <param name="Id">Unique branch id.</param>
/// <param name="FromBus">Bus id of one end (by convention the source side).</param>
/// <param name="ToBus">Bus id of the other end.</param>
/// <param name="Kind">What the branch is.</param>
/// <param name="Location">Where the row came from, for diagnostics.</param>
public readonly record struct BranchSpec(string Id, string FromBus, string ToBus, BranchKind Kind, SourceLocation Location)
{
    /// <summary>Length in km; 0 for transformers and ties.</summary>
    public double LengthKm { get; init; }

    /// <summary>Permanent failure rate of the whole branch in failures per year.</summary>
    public double FailureRatePerYear { get; init; }

    /// <summary>Mean time to repair in hours.</summary>
    public double RepairHours { get; init; }

    /// <summary>Mean time to replace with a spare in hours; NaN when replacement is not an option.</summary>
    public double ReplacementHours { get; init; } = double.NaN;

    /// <summary>True when the branch itself is open in normal operation (a normally-open point without a device).</summary>
    public bool NormallyOpen { get; init; }

    /// <summary>Feeder name given in the input; names the feeder when this branch leaves a source.</summary>
    public string? Feeder { get; init; }

    /// <summary>Series resistance in ohms (positive sequence, referred to the from side); 0 when unknown.</summary>
    public double ROhm { get; init; }

    /// <summary>Series reactance in ohms (positive sequence, referred to the from side); 0 when unknown.</summary>
    public double XOhm { get; init; }

    /// <summary>Thermal rating: kVA for transformers, A for lines and cables; NaN when unknown.</summary>
    public double Rating { get; init; } = double.NaN;

    /// <summary>
    /// Transformers only: off-nominal tap ratio in service, the to-side no-load voltage in per unit when the from side
    /// is at 1.0 pu (an off-load tap of a 10/0.4 kV unit: the +5 % HV tap gives 1/1.05, the −5 % tap 1/0.95); 1 at
    /// the nominal tap and for every other branch.
    /// </summary>
    public double TapPu { get; init; } = 1.0;

    /// <summary>Asset data; default when not a tracked asset.</summary>
    public AssetInfo Asset { get; init; }
}

/// <summary>A switching or protective device to add to a <see cref="NetworkBuilder"/>.</summary>
/// <param name="Id">Unique device id.</param>
/// <param name="BranchId">The branch the device sits on.</param>
/// <param name="AtBus">The branch end (bus id) where it sits; opening it separates the branch from that bus.</param>
/// <param name="Kind">Device type.</param>
/// <param name="Location">Where the row came from, for diagnostics.</param>
public readonly record struct DeviceSpec(string Id, string BranchId, string AtBus, DeviceKind Kind, SourceLocation Location)
{
    /// <summary>True when open in normal operation (a tie switch).</summary>
    public bool NormallyOpen { get; init; }

    /// <summary>True when remotely or automatically operated (fast switching).</summary>
    public bool Automated { get; init; }

    /// <summary>Time to operate it after a fault, in hours; NaN to use the study's default switching time.</summary>
    public double OperatingTimeHours { get; init; } = double.NaN;

    /// <summary>Probability that it operates when called on (a fuse that blows, a breaker that trips), 0..1.</summary>
    public double OperatingProbability { get; init; } = 1.0;

    /// <summary>Asset data; default when not a tracked asset.</summary>
    public AssetInfo Asset { get; init; }
}

/// <summary>A load point (transformer area or customer group) to add to a <see cref="NetworkBuilder"/>.</summary>
/// <param name="Id">Unique load-point id.</param>
/// <param name="Bus">Bus id it is connected to.</param>
/// <param name="Location">Where the row came from, for diagnostics.</param>
public readonly record struct LoadPointSpec(string Id, string Bus, SourceLocation Location)
{
    /// <summary>Number of customers (meters) supplied.</summary>
    public int Customers { get; init; }

    /// <summary>Annual average demand in kW (drives energy not supplied).</summary>
    public double AverageKw { get; init; }

    /// <summary>Peak demand in kW.</summary>
    public double PeakKw { get; init; }

    /// <summary>Reactive power at peak in kvar (power flow); 0 when unknown.</summary>
    public double PeakKvar { get; init; }

    /// <summary>Customer class (residential, commercial, industrial …); null when unknown.</summary>
    public string? CustomerClass { get; init; }
}
