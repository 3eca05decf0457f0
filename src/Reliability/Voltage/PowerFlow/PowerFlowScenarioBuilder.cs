using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>One change of a power-flow scenario: a row of the scenario file, or an item of the API's <c>changes</c>.</summary>
/// <param name="Kind">What changes (<c>load_scale</c>, <c>peak_kw</c>, <c>open</c>, …; see <see cref="PowerFlowScenarioBuilder"/>).</param>
/// <param name="Target">The network's id of what changes; empty (or null) for <c>load_scale</c>, <c>source_pu</c> and a default <c>zip_z</c>/<c>zip_i</c>.</param>
/// <param name="Value">The new value; null for <c>open</c> and <c>close</c>.</param>
public sealed record PowerFlowChange(string? Kind, string? Target, double? Value = null);

/// <summary>
/// The one parser of a power-flow change: adds changes one at a time to a scenario of a network, reporting each
/// change's problems by field, then builds the scenario (all or nothing). The scenario file
/// (<see cref="PowerFlowScenarioReader.Read"/>) and the API's typed changes
/// (<see cref="PowerFlowScenarioReader.FromChanges"/>) both go through it.
/// </summary>
/// <remarks>
/// Kinds (target in brackets; ids are the network's):
/// <c>load_scale</c> (none) growth factor on every load;
/// <c>source_pu</c> (none) source voltage;
/// <c>peak_kw</c> (load point) measured or forecast peak, kvar follows at the network's power factor unless
/// <c>peak_kvar</c> (load point) is also given;
/// <c>capacitor_kvar</c> (bus) shunt capacitor;
/// <c>tap_pu</c> (transformer) off-nominal tap;
/// <c>r_ohm</c>, <c>x_ohm</c>, <c>rating</c> (branch) reconductoring or a new transformer;
/// <c>zip_z</c>, <c>zip_i</c> (load point, or empty for all) constant-impedance and constant-current shares;
/// <c>open</c>, <c>close</c> (branch, no value) switching, e.g. a transfer through a tie.
/// An unknown kind or id, a missing or implausible value or a repeated setting is a problem of the change's field
/// (<c>kind</c>, <c>target</c> or <c>value</c>). O(changes × (E + D)) (each switching copies the state). Single use.
/// </remarks>
public sealed class PowerFlowScenarioBuilder
{
    // Physical ranges of the values (a distribution network's, with a wide margin): beyond them a value is a typo or
    // an attack, and would only make the power flow diverge or overflow.
    private const double MaxLoadScale = 10;
    private const double MaxLoadKw = 100_000;
    private const double MaxImpedanceOhm = 1_000;
    private const double MaxRating = 100_000;

    private readonly Net _network;
    private readonly Dictionary<int, double> _kw = [];
    private readonly Dictionary<int, double> _kvar = [];
    private readonly Dictionary<int, double> _caps = [];
    private readonly Dictionary<int, double> _taps = [];
    private readonly Dictionary<int, double> _r = [];
    private readonly Dictionary<int, double> _x = [];
    private readonly Dictionary<int, double> _rating = [];
    private readonly Dictionary<int, double> _zipZ = [];
    private readonly Dictionary<int, double> _zipI = [];
    private readonly List<(int Edge, bool Close)> _switching = [];
    private readonly HashSet<(string, string)> _seen = [];
    private double _loadScale = 1;
    private double _sourcePu = 1;
    private double _defaultZ;
    private double _defaultI;
    private bool _failed;

    /// <summary>A builder of a scenario of <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    public PowerFlowScenarioBuilder(Net network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
    }

    /// <summary>Adds one change; its problems go to <paramref name="problem"/> as (field, message).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void Add(PowerFlowChange change, Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(problem);
        void Error(string field, string message)
        {
            _failed = true;
            problem(field, message);
        }

        if (string.IsNullOrWhiteSpace(change.Kind))
        {
            Error("kind", "value is required");
            return;
        }

        string kind = change.Kind.ToLowerInvariant();
        string target = change.Target ?? string.Empty;
        if (!_seen.Add((kind, target)))
        {
            Error("target", $"'{kind}' is set for '{target}' more than once");
            return;
        }

        bool Value(out double value)
        {
            value = change.Value ?? 0;
            if (change.Value is null)
            {
                Error("value", $"'{kind}' needs a value");
                return false;
            }

            if (!double.IsFinite(value))
            {
                Error("value", $"'{value}' is out of range");
                return false;
            }

            return true;
        }

        bool LoadPoint(out int index)
        {
            if (_network.TryGetLoadPoint(target, out index))
            {
                return true;
            }

            Error("target", $"'{target}' is not a load point of the network");
            return false;
        }

        bool Edge(out int index)
        {
            bool found = _network.TryGetEdge(target, out EdgeIndex e);
            index = e.Value;
            if (!found)
            {
                Error("target", $"'{target}' is not a branch of the network");
            }

            return found;
        }

        double v;
        int i;
        switch (kind)
        {
            case "load_scale":
                if (Value(out v))
                {
                    if (v is < 0 or > MaxLoadScale)
                    {
                        Error("value", $"load scale {v} must lie in 0..{MaxLoadScale}");
                    }

                    _loadScale = v;
                }

                break;
            case "source_pu":
                if (Value(out v))
                {
                    if (v is <= 0.5 or >= 1.5)
                    {
                        Error("value", $"source voltage {v} pu is implausible (expected 0.5..1.5)");
                    }

                    _sourcePu = v;
                }

                break;
            case "peak_kw":
                if (LoadPoint(out i) && Value(out v))
                {
                    if (v is < 0 or > MaxLoadKw)
                    {
                        Error("value", $"peak {v} kW must lie in 0..{MaxLoadKw} (one load point)");
                    }

                    _kw[i] = v;
                }

                break;
            case "peak_kvar":
                if (LoadPoint(out i) && Value(out v))
                {
                    if (v is < -MaxLoadKw or > MaxLoadKw)
                    {
                        Error("value", $"peak {v} kvar must lie in ±{MaxLoadKw} (one load point)");
                    }

                    _kvar[i] = v;
                }

                break;
            case "capacitor_kvar":
                if (!_network.TryGetNode(target, out NodeIndex node))
                {
                    Error("target", $"'{target}' is not a bus of the network");
                }
                else if (Value(out v))
                {
                    if (v is <= 0 or > MaxLoadKw)
                    {
                        Error("value", $"capacitor rating {v} kvar must lie in (0, {MaxLoadKw}]");
                    }

                    _caps[node.Value] = v;
                }

                break;
            case "tap_pu":
                if (Edge(out i) && Value(out v))
                {
                    if (_network.EdgeKinds[i] != BranchKind.Transformer)
                    {
                        Error("target", $"'{target}' is not a transformer");
                    }
                    else if (v is < 0.8 or > 1.2)
                    {
                        Error("value", $"tap {v} pu is implausible (expected 0.8..1.2)");
                    }

                    _taps[i] = v;
                }

                break;
            case "r_ohm":
            case "x_ohm":
            case "rating":
                if (Edge(out i) && Value(out v))
                {
                    if (v < 0 || (kind == "rating" && v == 0))
                    {
                        Error("value", $"{kind} {v} must be positive");
                    }
                    else if (v > (kind == "rating" ? MaxRating : MaxImpedanceOhm))
                    {
                        Error("value", $"{kind} {v} is implausible (at most {(kind == "rating" ? MaxRating : MaxImpedanceOhm)})");
                    }

                    (kind == "r_ohm" ? _r : kind == "x_ohm" ? _x : _rating)[i] = v;
                }

                break;
            case "zip_z":
            case "zip_i":
                if (Value(out v))
                {
                    if (v is < 0 or > 1)
                    {
                        Error("value", $"{kind} share {v} must lie in 0..1");
                    }

                    if (target.Length == 0)
                    {
                        if (kind == "zip_z")
                        {
                            _defaultZ = v;
                        }
                        else
                        {
                            _defaultI = v;
                        }
                    }
                    else if (LoadPoint(out i))
                    {
                        (kind == "zip_z" ? _zipZ : _zipI)[i] = v;
                    }
                }

                break;
            case "open":
            case "close":
                if (Edge(out i))
                {
                    if (change.Value is not null)
                    {
                        Error("value", $"'{kind}' takes no value");
                    }

                    _switching.Add((i, kind == "close"));
                }

                break;
            default:
                Error("kind", $"unknown kind '{kind}' (expected load_scale, source_pu, peak_kw, peak_kvar, capacitor_kvar, tap_pu, r_ohm, x_ohm, rating, zip_z, zip_i, open, close)");
                break;
        }
    }

    /// <summary>
    /// The scenario of every change added; null when a change had a problem, or when the changes together have one
    /// (reported to <paramref name="problem"/> as (field, message)).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public PowerFlowScenario? Build(Action<string, string> problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (_defaultZ + _defaultI > 1)
        {
            problem("value", $"zip_z {_defaultZ} + zip_i {_defaultI} exceed 1");
            return null;
        }

        if (_failed)
        {
            return null;
        }

        Net network = _network;
        var loads = new Dictionary<int, LoadKva>();
        foreach (int l in _kw.Keys.Union(_kvar.Keys))
        {
            double p = _kw.TryGetValue(l, out double pk) ? pk : network.PeakKw[l];
            double q = _kvar.TryGetValue(l, out double qk)
                ? qk
                : network.PeakKw[l] != 0 ? network.PeakKvar[l] * p / network.PeakKw[l] : network.PeakKvar[l];
            loads[l] = new LoadKva(p, q);
        }

        var models = new Dictionary<int, LoadModel>();
        bool valid = true;
        foreach (int l in _zipZ.Keys.Union(_zipI.Keys))
        {
            var model = new LoadModel(_zipZ.TryGetValue(l, out double z) ? z : _defaultZ, _zipI.TryGetValue(l, out double c) ? c : _defaultI);
            if (!model.IsValid)
            {
                problem("value", $"load point '{network.LoadPointIds[l]}': zip shares {model.ConstantImpedanceShare} + {model.ConstantCurrentShare} exceed 1");
                valid = false;
            }

            models[l] = model;
        }

        if (!valid)
        {
            return null;
        }

        var branches = new Dictionary<int, BranchImpedance>();
        foreach (int e in _r.Keys.Union(_x.Keys).Union(_rating.Keys))
        {
            branches[e] = new BranchImpedance(
                _r.TryGetValue(e, out double rv) ? rv : network.ROhm[e],
                _x.TryGetValue(e, out double xv) ? xv : network.XOhm[e],
                _rating.TryGetValue(e, out double kv) ? kv : double.NaN);
        }

        SwitchState? state = null;
        foreach ((int e, bool close) in _switching)
        {
            state = (state ?? network.NormalState).WithEdgeClosed(new EdgeIndex(e), close);
        }

        return new PowerFlowScenario
        {
            State = state,
            LoadScale = _loadScale,
            SourceVoltagePu = _sourcePu,
            LoadModel = new LoadModel(_defaultZ, _defaultI),
            Loads = loads,
            LoadModels = models,
            CapacitorKvar = _caps,
            TapPu = _taps,
            Branches = branches,
        };
    }
}
