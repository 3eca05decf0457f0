using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Topology.PowerFlow;

/// <summary>The outcome of reading a scenario file: the scenario, or null and every error.</summary>
/// <param name="Scenario">The scenario; null when any error was found (all or nothing).</param>
/// <param name="Diagnostics">Every error and warning, naming file, line and field.</param>
public sealed record PowerFlowScenarioReadResult(PowerFlowScenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the scenario was read.</summary>
    public bool Succeeded => Scenario is not null;
}

/// <summary>
/// Reads a load scenario CSV for a network: one change per row, <c>kind,target,value</c>.
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
/// An unknown kind or id, a bad number or a repeated setting is an error naming the line and field.
/// O(rows + changes × (E + D)) (each switching copies the state).
/// </remarks>
public static class PowerFlowScenarioReader
{
    private static readonly string[] s_required = ["kind", "target"];
    // Physical ranges of the values (a distribution network's, with a wide margin): beyond them a value is a typo or
    // an attack, and would only make the power flow diverge or overflow.
    private const double MaxLoadScale = 10;
    private const double MaxLoadKw = 100_000;
    private const double MaxImpedanceOhm = 1_000;
    private const double MaxRating = 100_000;

    private static readonly string[] s_optional = ["value"];

    /// <summary>Reads <paramref name="path"/> as a scenario of <paramref name="network"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PowerFlowScenarioReadResult Read(string path, Network.Network network)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        var diagnostics = new List<Diagnostic>();
        double loadScale = 1;
        double sourcePu = 1;
        var kw = new Dictionary<int, double>();
        var kvar = new Dictionary<int, double>();
        var caps = new Dictionary<int, double>();
        var taps = new Dictionary<int, double>();
        var r = new Dictionary<int, double>();
        var x = new Dictionary<int, double>();
        var rating = new Dictionary<int, double>();
        var zipZ = new Dictionary<int, double>();
        var zipI = new Dictionary<int, double>();
        double defaultZ = 0;
        double defaultI = 0;
        var switching = new List<(int Edge, bool Close)>();
        var seen = new HashSet<(string, string)>();

        CsvTable.Read(path, s_required, s_optional, diagnostics, row =>
        {
            string kind = row.Required("kind").ToLowerInvariant();
            string target = row.Text("target");
            if (!seen.Add((kind, target)))
            {
                row.Error("target", $"'{kind}' is set for '{target}' more than once");
                return;
            }

            bool Value(out double value)
            {
                if (!row.Has("value"))
                {
                    row.Error("value", $"'{kind}' needs a value");
                    value = 0;
                    return false;
                }

                int before = diagnostics.Count;
                value = row.Double("value", double.NaN);
                return diagnostics.Count == before;
            }

            bool LoadPoint(out int index)
            {
                if (network.TryGetLoadPoint(target, out index))
                {
                    return true;
                }

                row.Error("target", $"'{target}' is not a load point of the network");
                return false;
            }

            bool Edge(out int index)
            {
                bool found = network.TryGetEdge(target, out EdgeIndex e);
                index = e.Value;
                if (!found)
                {
                    row.Error("target", $"'{target}' is not a branch of the network");
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
                            row.Error("value", $"load scale {v} must lie in 0..{MaxLoadScale}");
                        }

                        loadScale = v;
                    }

                    break;
                case "source_pu":
                    if (Value(out v))
                    {
                        if (v is <= 0.5 or >= 1.5)
                        {
                            row.Error("value", $"source voltage {v} pu is implausible (expected 0.5..1.5)");
                        }

                        sourcePu = v;
                    }

                    break;
                case "peak_kw":
                    if (LoadPoint(out i) && Value(out v))
                    {
                        if (v is < 0 or > MaxLoadKw)
                        {
                            row.Error("value", $"peak {v} kW must lie in 0..{MaxLoadKw} (one load point)");
                        }

                        kw[i] = v;
                    }

                    break;
                case "peak_kvar":
                    if (LoadPoint(out i) && Value(out v))
                    {
                        if (v is < -MaxLoadKw or > MaxLoadKw)
                        {
                            row.Error("value", $"peak {v} kvar must lie in ±{MaxLoadKw} (one load point)");
                        }

                        kvar[i] = v;
                    }

                    break;
                case "capacitor_kvar":
                    if (!network.TryGetNode(target, out NodeIndex node))
                    {
                        row.Error("target", $"'{target}' is not a bus of the network");
                    }
                    else if (Value(out v))
                    {
                        if (v is <= 0 or > MaxLoadKw)
                        {
                            row.Error("value", $"capacitor rating {v} kvar must lie in (0, {MaxLoadKw}]");
                        }

                        caps[node.Value] = v;
                    }

                    break;
                case "tap_pu":
                    if (Edge(out i) && Value(out v))
                    {
                        if (network.EdgeKinds[i] != BranchKind.Transformer)
                        {
                            row.Error("target", $"'{target}' is not a transformer");
                        }
                        else if (v is < 0.8 or > 1.2)
                        {
                            row.Error("value", $"tap {v} pu is implausible (expected 0.8..1.2)");
                        }

                        taps[i] = v;
                    }

                    break;
                case "r_ohm":
                case "x_ohm":
                case "rating":
                    if (Edge(out i) && Value(out v))
                    {
                        if (v < 0 || (kind == "rating" && v == 0))
                        {
                            row.Error("value", $"{kind} {v} must be positive");
                        }
                        else if (v > (kind == "rating" ? MaxRating : MaxImpedanceOhm))
                        {
                            row.Error("value", $"{kind} {v} is implausible (at most {(kind == "rating" ? MaxRating : MaxImpedanceOhm)})");
                        }

                        (kind == "r_ohm" ? r : kind == "x_ohm" ? x : rating)[i] = v;
                    }

                    break;
                case "zip_z":
                case "zip_i":
                    if (Value(out v))
                    {
                        if (v is < 0 or > 1)
                        {
                            row.Error("value", $"{kind} share {v} must lie in 0..1");
                        }

                        if (target.Length == 0)
                        {
                            if (kind == "zip_z")
                            {
                                defaultZ = v;
                            }
                            else
                            {
                                defaultI = v;
                            }
                        }
                        else if (LoadPoint(out i))
                        {
                            (kind == "zip_z" ? zipZ : zipI)[i] = v;
                        }
                    }

                    break;
                case "open":
                case "close":
                    if (Edge(out i))
                    {
                        if (row.Has("value"))
                        {
                            row.Error("value", $"'{kind}' takes no value");
                        }

                        switching.Add((i, kind == "close"));
                    }

                    break;
                default:
                    row.Error("kind", $"unknown kind '{kind}' (expected load_scale, source_pu, peak_kw, peak_kvar, capacitor_kvar, tap_pu, r_ohm, x_ohm, rating, zip_z, zip_i, open, close)");
                    break;
            }
        });

        string file = Path.GetFileName(path);
        if (defaultZ + defaultI > 1)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), "value", $"zip_z {defaultZ} + zip_i {defaultI} exceed 1"));
        }

        if (diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new PowerFlowScenarioReadResult(null, diagnostics);
        }

        var loads = new Dictionary<int, LoadKva>();
        foreach (int l in kw.Keys.Union(kvar.Keys))
        {
            double p = kw.TryGetValue(l, out double pk) ? pk : network.PeakKw[l];
            double q = kvar.TryGetValue(l, out double qk)
                ? qk
                : network.PeakKw[l] != 0 ? network.PeakKvar[l] * p / network.PeakKw[l] : network.PeakKvar[l];
            loads[l] = new LoadKva(p, q);
        }

        var models = new Dictionary<int, LoadModel>();
        foreach (int l in zipZ.Keys.Union(zipI.Keys))
        {
            var model = new LoadModel(zipZ.TryGetValue(l, out double z) ? z : defaultZ, zipI.TryGetValue(l, out double c) ? c : defaultI);
            if (!model.IsValid)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), "value", $"load point '{network.LoadPointIds[l]}': zip shares {model.ConstantImpedanceShare} + {model.ConstantCurrentShare} exceed 1"));
            }

            models[l] = model;
        }

        var branches = new Dictionary<int, BranchImpedance>();
        foreach (int e in r.Keys.Union(x.Keys).Union(rating.Keys))
        {
            branches[e] = new BranchImpedance(
                r.TryGetValue(e, out double rv) ? rv : network.ROhm[e],
                x.TryGetValue(e, out double xv) ? xv : network.XOhm[e],
                rating.TryGetValue(e, out double kv) ? kv : double.NaN);
        }

        SwitchState? state = null;
        foreach ((int e, bool close) in switching)
        {
            state = (state ?? network.NormalState).WithEdgeClosed(new EdgeIndex(e), close);
        }

        if (diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new PowerFlowScenarioReadResult(null, diagnostics);
        }

        var scenario = new PowerFlowScenario
        {
            State = state,
            LoadScale = loadScale,
            SourceVoltagePu = sourcePu,
            LoadModel = new LoadModel(defaultZ, defaultI),
            Loads = loads,
            LoadModels = models,
            CapacitorKvar = caps,
            TapPu = taps,
            Branches = branches,
        };
        return new PowerFlowScenarioReadResult(scenario, diagnostics);
    }
}
