using System.Diagnostics;
using System.Globalization;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Aging;

/// <summary>The outcome of <see cref="AssetRiskAnalysis.Evaluate"/>: a result, or the problems that prevented it.</summary>
/// <param name="Result">The result; null when there are errors.</param>
/// <param name="Diagnostics">Errors (asset not found in the network …) with file, line and field where known.</param>
public sealed record AssetRiskOutcome(AssetRiskResult? Result, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Health, probability of failure, network consequence, risk and ranking of every asset of a register in one linear
/// pass (plus one sort).
/// </summary>
/// <remarks>Thread-safe: no state. O(A + N + F log C + A log A) for A assets on an N-node network.</remarks>
public static class AssetRiskAnalysis
{
    /// <summary>Evaluates every asset.</summary>
    /// <param name="register">The asset register.</param>
    /// <param name="network">The network the assets belong to; null for health and PoF only (consequence and risk are NaN).</param>
    /// <param name="options">Options; <see cref="AssetRiskOptions.Year"/> must be set.</param>
    /// <returns>The result, or diagnostics for assets that cannot be placed on the network.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="register"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1900–2200.</exception>
    public static AssetRiskOutcome Evaluate(AssetRegister register, Net? network, AssetRiskOptions options)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Year is < 1900 or > 2200)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Year, "Set AssetRiskOptions.Year (1900–2200).");
        }

        int n = register.Count;
        var result = new AssetRiskResult(register, options);
        var diagnostics = new List<Diagnostic>();
        if (network is not null)
        {
            Place(register, network, result, diagnostics);
            if (diagnostics.Count > 0)
            {
                return new AssetRiskOutcome(null, diagnostics);
            }
        }
        else
        {
            Array.Fill(result.EdgeOf, -1);
        }

        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(result.LengthKm[i]))
            {
                result.LengthKm[i] = register.LengthKm[i];
            }
        }

        Utilisation(register, network, options, result);
        History(register, options, result);
        FitWeibull(register, options, result);
        Pof(register, options, result);
        if (network is not null)
        {
            Consequence(register, network, options, result);
            result.TotalCustomers = network.TotalCustomers;
        }

        result.Rank();
        return new AssetRiskOutcome(result, diagnostics);
    }

    private static void Place(AssetRegister register, Net network, AssetRiskResult result, List<Diagnostic> diagnostics)
    {
        Dictionary<string, int>? byAssetId = null;
        ReadOnlySpan<int> deviceEdge = network.DeviceEdge;
        ReadOnlySpan<double> length = network.LengthKm;
        for (int i = 0; i < register.Count; i++)
        {
            string? component = register.ComponentIds[i];
            int edge = -1;
            if (component is not null)
            {
                if (network.TryGetEdge(component, out EdgeIndex e))
                {
                    edge = e.Value;
                }
                else if (network.TryGetDevice(component, out DeviceIndex d))
                {
                    edge = deviceEdge[d.Value];
                }
            }
            else
            {
                byAssetId ??= AssetIds(network);
                edge = byAssetId.TryGetValue(register.Ids[i], out int found) ? found : -1;
            }

            if (edge < 0)
            {
                diagnostics.Add(new Diagnostic(
                    new SourceLocation("register", i + 2),
                    component is null ? "asset_id" : "component_id",
                    component is null
                        ? $"asset '{register.Ids[i]}' has no component_id and no network branch or device carries that asset id"
                        : $"no branch or device '{component}' in the network (asset '{register.Ids[i]}')"));
                continue;
            }

            result.EdgeOf[i] = edge;
            result.LengthKm[i] = double.IsNaN(register.LengthKm[i]) && AssetClasses.IsPerKm(register.Classes[i]) ? length[edge] : register.LengthKm[i];
        }
    }

    private static Dictionary<string, int> AssetIds(Net network)
    {
        var map = new Dictionary<string, int>(network.EdgeCount + network.DeviceCount, StringComparer.Ordinal);
        ReadOnlySpan<AssetInfo> edges = network.EdgeAssets;
        for (int e = 0; e < edges.Length; e++)
        {
            if (edges[e].AssetId is string id)
            {
                map.TryAdd(id, e);
            }
        }

        ReadOnlySpan<AssetInfo> devices = network.DeviceAssets;
        ReadOnlySpan<int> deviceEdge = network.DeviceEdge;
        for (int d = 0; d < devices.Length; d++)
        {
            if (devices[d].AssetId is string id)
            {
                map.TryAdd(id, deviceEdge[d]);
            }
        }

        return map;
    }

    private static void Utilisation(AssetRegister register, Net? network, AssetRiskOptions options, AssetRiskResult result)
    {
        double[] u = result.UtilisationPct;
        Array.Copy(register.UtilisationPct, u, u.Length);
        IReadOnlyDictionary<string, double>? forecast = options.ForecastUtilisationPct;
        double[]? cumKva = null;
        int[] pre = [];
        int[] size = [];
        for (int i = 0; i < u.Length; i++)
        {
            if (!double.IsNaN(u[i]))
            {
                result.DutySource[i] = DutySource.Register;
                continue;
            }

            if (forecast is not null && forecast.TryGetValue(register.Ids[i], out double f))
            {
                u[i] = f;
                result.DutySource[i] = DutySource.Forecast;
                continue;
            }

            AssetClass c = register.Classes[i];
            int edge = result.EdgeOf[i];
            if (network is null || edge < 0 || c is not (AssetClass.DistributionTransformer or AssetClass.Cable or AssetClass.OverheadLine))
            {
                continue;
            }

            if (cumKva is null)
            {
                (cumKva, pre, size) = PeakKvaPrefix(network);
            }

            int child = ChildNode(network, edge);
            if (child < 0)
            {
                continue;
            }

            double kva = cumKva[pre[child] + size[child]] - cumKva[pre[child]];
            double rating = double.IsNaN(register.Rating[i]) ? network.EdgeRating[edge] : register.Rating[i];
            if (!(rating > 0))
            {
                continue;
            }

            if (c == AssetClass.DistributionTransformer)
            {
                u[i] = 100 * kva / rating;
            }
            else
            {
                double kv = network.NominalKv[network.Normal.Parent[child]];
                double amps = kva / (Math.Sqrt(3) * (double.IsNaN(kv) || kv <= 0 ? 10 : kv));
                u[i] = 100 * amps / rating;
            }

            result.DutySource[i] = DutySource.MeasuredPeak;
        }
    }

    // The downstream (child) node of a tree edge; -1 when the edge is not in the normal tree.
    internal static int ChildNode(Net network, int edge)
    {
        int[] parentEdge = network.Normal.ParentEdge;
        int to = network.EdgeTo[edge];
        int from = network.EdgeFrom[edge];
        return parentEdge[to] == edge ? to : parentEdge[from] == edge ? from : -1;
    }

    private static (double[] Cum, int[] Pre, int[] Size) PeakKvaPrefix(Net network)
    {
        int[] pre = network.Normal.PreIndex;
        int[] size = network.Normal.SubtreeSize;
        var cum = new double[network.Normal.Order.Length + 1];
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        ReadOnlySpan<double> p = network.PeakKw;
        ReadOnlySpan<double> q = network.PeakKvar;
        for (int l = 0; l < lpNode.Length; l++)
        {
            int position = pre[lpNode[l]];
            if (position >= 0)
            {
                double kvar = double.IsNaN(q[l]) ? 0 : q[l];
                cum[position + 1] += Math.Sqrt((p[l] * p[l]) + (kvar * kvar));
            }
        }

        for (int i = 0; i + 1 < cum.Length; i++)
        {
            cum[i + 1] += cum[i];
        }

        return (cum, pre, size);
    }

    private static (int From, int To) Window(AssetRegister register, int year)
    {
        int from = register.RecordsStartYear > 0 ? register.RecordsStartYear : year - 9;
        return (Math.Min(from, year), year);
    }

    private static void History(AssetRegister register, AssetRiskOptions options, AssetRiskResult result)
    {
        (int from, int to) = Window(register, options.Year);
        int classes = AssetClasses.All.Count;
        var failures = new double[classes];
        var exposure = new double[classes];
        for (int i = 0; i < register.Count; i++)
        {
            int install = register.InstallYears[i];
            double years = Math.Max(0, to + 1 - Math.Max(from, install));
            int count = register.FailureCount(i, from, to);
            result.Failures[i] = count;
            result.ExposureYears[i] = years;
            int c = (int)register.Classes[i];
            failures[c] += count;
            exposure[c] += years;
        }

        for (int c = 0; c < classes; c++)
        {
            result.ClassFailureRate[c] = exposure[c] > 0 ? failures[c] / exposure[c] : 0;
        }

        for (int i = 0; i < register.Count; i++)
        {
            double expected = result.ClassFailureRate[(int)register.Classes[i]] * result.ExposureYears[i];
            result.ExpectedFailures[i] = expected;
            double given = register.ReliabilityFactor[i];
            result.ReliabilityFactor[i] = double.IsNaN(given) ? 1.0 : given;

            // Gamma–Poisson (empirical Bayes) frailty with prior shape 1: posterior mean (n + 1)/(E + 1).
            result.HistoryFactor[i] = options.CalibrateToHistory
                ? Math.Clamp((result.Failures[i] + 1) / (expected + 1), AssetRiskOptions.MinimumHistoryFactor, AssetRiskOptions.MaximumHistoryFactor)
                : 1.0;
        }
    }

    private static void FitWeibull(AssetRegister register, AssetRiskOptions options, AssetRiskResult result)
    {
        (int from, int to) = Window(register, options.Year);
        int classes = AssetClasses.All.Count;
        // Survivors of one class installed in the same year share (entry, exit): count them per (class, install year).
        int minYear = int.MaxValue;
        int maxYear = int.MinValue;
        for (int i = 0; i < register.Count; i++)
        {
            minYear = Math.Min(minYear, register.InstallYears[i]);
            maxYear = Math.Max(maxYear, register.InstallYears[i]);
        }

        int span = register.Count == 0 ? 0 : maxYear - minYear + 1;
        var survivors = new double[classes * Math.Max(span, 1)];
        var failed = new List<LifeObservation>[classes];
        for (int i = 0; i < register.Count; i++)
        {
            if (options.Method == PofMethod.Cnaim && register.Categories[i] != CnaimCategory.None)
            {
                continue;
            }

            int c = (int)register.Classes[i];
            double born = register.InstallYears[i] + 0.5;
            double entry = Math.Max(0, from - born);
            double end = to + 1 - born;
            if (end <= entry)
            {
                continue;
            }

            DateOnly? first = null;
            foreach (AssetFailure f in register.FailuresOf(i))
            {
                if (f.Date.Year >= from && f.Date.Year <= to)
                {
                    first = f.Date;
                    break;
                }
            }

            if (first is DateOnly date)
            {
                double exit = Math.Max(date.Year + ((date.DayOfYear - 0.5) / 366.0) - born, entry + 0.01);
                (failed[c] ??= []).Add(new LifeObservation(entry, exit, true));
            }
            else
            {
                survivors[(c * span) + (register.InstallYears[i] - minYear)]++;
            }
        }

        var data = new List<LifeObservation>[classes];
        for (int c = 0; c < classes; c++)
        {
            for (int y = 0; y < span; y++)
            {
                double count = survivors[(c * span) + y];
                if (count > 0)
                {
                    double born = minYear + y + 0.5;
                    (data[c] ??= []).Add(new LifeObservation(Math.Max(0, from - born), to + 1 - born, false) { Count = count });
                }
            }
        }

        for (int c = 0; c < classes; c++)
        {
            if (failed[c] is not null)
            {
                (data[c] ??= []).AddRange(failed[c]);
            }

            if (data[c] is { Count: > 0 } list)
            {
                list.Sort(static (a, b) => a.ExitAgeYears != b.ExitAgeYears ? a.ExitAgeYears.CompareTo(b.ExitAgeYears) : a.EntryAgeYears.CompareTo(b.EntryAgeYears));
                result.WeibullByClass[c] = WeibullEstimator.Fit(list.ToArray());
            }
        }
    }

    private static void Pof(AssetRegister register, AssetRiskOptions options, AssetRiskResult result)
    {
        int classes = AssetClasses.All.Count;
        var observed = new double[classes];
        var expected = new double[classes];
        for (int i = 0; i < register.Count; i++)
        {
            AssetClass c = register.Classes[i];
            result.AgeYears[i] = Math.Max(0, options.Year - register.InstallYears[i]);
            bool cnaim = options.Method == PofMethod.Cnaim && register.Categories[i] != CnaimCategory.None;
            if (cnaim)
            {
                CnaimHealth h = Cnaim.EvaluateCore(result.CnaimInput(i), register.ConditionsOf(i), options.Mode, measuredWithoutMmi: false);
                double perUnit = Cnaim.FamilyOf(register.Categories[i]) == CnaimFamily.Cable ? Length(result.LengthKm[i]) : 1;
                result.Method[i] = PofMethod.Cnaim;
                result.Health[i] = h.CurrentHealth;
                result.HealthScoreFactor[i] = h.HealthScoreFactor;
                result.ExpectedLifeYears[i] = h.ExpectedLifeYears;
                result.PofPerYear[i] = h.PofPerYear * perUnit * result.HistoryFactor[i];
                observed[(int)c] += result.Failures[i];
                expected[(int)c] += result.PofPerYear[i] * result.ExposureYears[i];
            }
            else
            {
                WeibullModel? model = result.WeibullByClass[(int)c];
                result.Method[i] = PofMethod.Weibull;
                result.Health[i] = double.NaN;
                result.ExpectedLifeYears[i] = model?.Scale ?? double.NaN;
                double multiplier = ConditionMultiplier(register.ConditionsOf(i));
                result.HealthScoreFactor[i] = multiplier;
                double a = result.AgeYears[i] + 0.5;
                result.PofPerYear[i] = model is null ? 0 : model.ConditionalPof(a) * multiplier * result.HistoryFactor[i];
            }
        }

        for (int c = 0; c < classes; c++)
        {
            result.ClassCalibration[c] = options.CalibrateToHistory && expected[c] > 0 ? (observed[c] + 2) / (expected[c] + 2) : 1.0;
        }

        for (int i = 0; i < register.Count; i++)
        {
            if (result.Method[i] == PofMethod.Cnaim)
            {
                result.PofPerYear[i] = Math.Min(1, result.PofPerYear[i] * result.ClassCalibration[(int)register.Classes[i]]);
            }

            result.NewPofPerYear[i] = result.ReplacedPof(i, 0);
        }
    }

    internal static double Length(double lengthKm) => double.IsNaN(lengthKm) ? 1 : lengthKm;

    /// <summary>
    /// Condition multiplier for assets on the Weibull method: the larger of the MMI-combined factor of their readings and
    /// the PoF ratio their collar implies, PoF(max(4, collar))/PoF(4) (a "serious" grade with collar 8 → ×5.5).
    /// </summary>
    internal static double ConditionMultiplier(ReadOnlySpan<ConditionReading> readings)
    {
        if (readings.IsEmpty)
        {
            return 1;
        }

        Span<double> factors = readings.Length <= 32 ? stackalloc double[readings.Length] : new double[readings.Length];
        double collar = 0.5;
        for (int i = 0; i < readings.Length; i++)
        {
            factors[i] = readings[i].Factor;
            collar = Math.Max(collar, readings[i].Collar);
        }

        double mmi = Cnaim.Mmi(factors, 2, CnaimMode.Spec);
        return Math.Max(mmi, Cnaim.Polynomial(Math.Max(Cnaim.HealthScoreLimit, collar)) / Cnaim.Polynomial(Cnaim.HealthScoreLimit));
    }

    private static void Consequence(AssetRegister register, Net network, AssetRiskOptions options, AssetRiskResult result)
    {
        IComplaintRateModel complaints = options.Complaints;
        FailureConsequences fc = FailureConsequences.Compute(network, options.Study, options.Reliability, complaints.ComplaintsPerCustomerInterruption);
        AssetCostOptions costs = options.Costs;
        for (int i = 0; i < register.Count; i++)
        {
            int e = result.EdgeOf[i];
            Debug.Assert(e >= 0);
            AssetClass c = register.Classes[i];
            result.CustomersPerFailure[i] = fc.CustomersInterrupted[e];
            result.LoadPointsPerFailure[i] = fc.LoadPointsInterrupted[e];
            result.CustomerHoursPerFailure[i] = fc.CustomerHours[e];
            result.EnergyKwhPerFailure[i] = fc.EnergyNotSuppliedKwh[e];
            result.ComplaintsPerFailure[i] = fc.WeightedCustomers[e];
            result.TransferredPerFailure[i] = fc.CustomersTransferred[e];
            double money = costs.RepairCostPerFailure.GetValueOrDefault(c)
                + (costs.EnergyNotSuppliedCostPerKwh * fc.EnergyNotSuppliedKwh[e])
                + (costs.CostPerComplaint * fc.WeightedCustomers[e])
                + (costs.CostPerCustomerHour * fc.CustomerHours[e]);
            result.ConsequencePerFailure[i] = money;
            result.ReplacementCost[i] = costs.Replacement(c, result.LengthKm[i]);
            result.RiskPerYear[i] = result.PofPerYear[i] * money;
            result.RiskRemovedPerYear[i] = Math.Max(0, result.PofPerYear[i] - result.NewPofPerYear[i]) * money;
            result.RiskRemovedPerCost[i] = result.ReplacementCost[i] > 0 ? result.RiskRemovedPerYear[i] / result.ReplacementCost[i] : 0;
        }
    }

    internal static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
