using System.Diagnostics;
using System.Globalization;
using System.Numerics;
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
    /// <exception cref="ArgumentOutOfRangeException">The year is outside 1900–2200, or an outage time is negative or not finite.</exception>
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

            ReadOnlySpan<string> feederNames = network.Normal.FeederNames;
            ReadOnlySpan<int> feederOfEdge = network.Normal.FeederOfEdge;
            for (int i = 0; i < n; i++)
            {
                int edge = result.EdgeOfValues[i];
                result.FeedersValues[i] = edge >= 0 && feederOfEdge[edge] >= 0 ? feederNames[feederOfEdge[edge]] : null;
            }
        }
        else
        {
            Array.Fill(result.EdgeOfValues, -1);
        }

        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(result.LengthKmValues[i]))
            {
                result.LengthKmValues[i] = register.LengthKm[i];
            }
        }

        // The network consequence depends on the network, the placements and the options only: it runs beside the
        // per-asset work. QueryOf[i] is asset i's (branch, outage duration) query.
        int[] queryOf = [];
        Task<FailureConsequences>? consequences = null;
        if (network is not null)
        {
            ValidateOutage(options.Outage);
            (EdgeDurations durations, queryOf) = Durations(register, network, options.Outage, result.EdgeOfValues);
            consequences = Task.Run(() => FailureConsequences.ComputeForDurations(
                network, options.Study, durations, options.Reliability, options.Complaints.ComplaintsPerCustomerInterruption));
        }

        Utilisation(register, network, options, result);
        History(register, options, result);
        FitWeibull(register, options, result);
        Pof(register, options, result);
        if (network is not null)
        {
            Consequence(register, consequences!.GetAwaiter().GetResult(), queryOf, options, result);
            result.TotalCustomers = network.TotalCustomers;
        }

        result.Rank();
        return new AssetRiskOutcome(result, diagnostics);
    }

    /// <summary>
    /// The assets of <paramref name="register"/> that match no component of <paramref name="network"/>, one diagnostic
    /// each (empty when every asset is placed). The placement is kept for the register's next evaluation on this network.
    /// </summary>
    /// <param name="register">The register.</param>
    /// <param name="network">The network.</param>
    /// <returns>Diagnostics naming the register line and the unmatched id.</returns>
    public static IReadOnlyList<Diagnostic> PlacementErrors(AssetRegister register, Net network)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(network);
        if (register.Placements.TryGetValue(network, out _))
        {
            return [];
        }

        var diagnostics = new List<Diagnostic>();
        int[] edges = Match(register, network, diagnostics);
        if (diagnostics.Count == 0)
        {
            register.Placements.AddOrUpdate(network, edges);
        }

        return diagnostics;
    }

    private static void Place(AssetRegister register, Net network, AssetRiskResult result, List<Diagnostic> diagnostics)
    {
        diagnostics.AddRange(PlacementErrors(register, network));
        if (diagnostics.Count > 0 || !register.Placements.TryGetValue(network, out int[]? edges))
        {
            return;
        }

        Array.Copy(edges, result.EdgeOfValues, edges.Length);
        ReadOnlySpan<double> length = network.LengthKm;
        for (int i = 0; i < edges.Length; i++)
        {
            result.LengthKmValues[i] = double.IsNaN(register.LengthKm[i]) && AssetClasses.IsPerKm(register.Classes[i]) ? length[edges[i]] : register.LengthKm[i];
        }
    }

    // The network edge of every asset by its component id (a branch, else a device's branch) or, without one, by the
    // network's own asset ids; a diagnostic for each asset that matches nothing.
    private static int[] Match(AssetRegister register, Net network, List<Diagnostic> diagnostics)
    {
        Dictionary<string, int>? byAssetId = null;
        ReadOnlySpan<int> deviceEdge = network.DeviceEdge;
        var edges = new int[register.Count];
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
            }

            edges[i] = edge;
        }

        return edges;
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
        double[] u = result.UtilisationPctValues;
        register.UtilisationPct.CopyTo(u);
        IReadOnlyDictionary<string, double>? forecast = options.ForecastUtilisationPct;
        double[]? cumKva = null;
        ReadOnlySpan<int> pre = network is null ? default : network.Normal.PreIndex;
        ReadOnlySpan<int> size = network is null ? default : network.Normal.SubtreeSize;
        for (int i = 0; i < u.Length; i++)
        {
            if (!double.IsNaN(u[i]))
            {
                result.DutySourceValues[i] = DutySource.Register;
                continue;
            }

            if (forecast is not null && forecast.TryGetValue(register.Ids[i], out double f))
            {
                u[i] = f;
                result.DutySourceValues[i] = DutySource.Forecast;
                continue;
            }

            AssetClass c = register.Classes[i];
            int edge = result.EdgeOfValues[i];
            if (network is null || edge < 0 || c is not (AssetClass.DistributionTransformer or AssetClass.Cable or AssetClass.OverheadLine))
            {
                continue;
            }

            if (cumKva is null)
            {
                cumKva = PeakKvaPrefix(network);
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

            result.DutySourceValues[i] = DutySource.MeasuredPeak;
        }
    }

    // The downstream (child) node of a tree edge; -1 when the edge is not in the normal tree.
    internal static int ChildNode(Net network, int edge)
    {
        ReadOnlySpan<int> parentEdge = network.Normal.ParentEdge;
        int to = network.EdgeTo[edge];
        int from = network.EdgeFrom[edge];
        return parentEdge[to] == edge ? to : parentEdge[from] == edge ? from : -1;
    }

    private static double[] PeakKvaPrefix(Net network)
    {
        ReadOnlySpan<int> pre = network.Normal.PreIndex;
        ReadOnlySpan<int> size = network.Normal.SubtreeSize;
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

        return cum;
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
            result.FailuresValues[i] = count;
            result.ExposureYearsValues[i] = years;
            int c = (int)register.Classes[i];
            failures[c] += count;
            exposure[c] += years;
            double given = register.ReliabilityFactor[i];
            result.ReliabilityFactorValues[i] = double.IsNaN(given) ? 1.0 : given;
        }

        for (int c = 0; c < classes; c++)
        {
            result.ClassFailureRateValues[c] = exposure[c] > 0 ? failures[c] / exposure[c] : 0;
        }
    }

    private static void FitWeibull(AssetRegister register, AssetRiskOptions options, AssetRiskResult result)
    {
        (int from, int to) = Window(register, options.Year);
        int classes = AssetClasses.All.Count;
        // Survivors of one class installed in the same year share (entry, exit): count them (and sum their exposure,
        // km for lines and cables) per (class, install year).
        int minYear = int.MaxValue;
        int maxYear = int.MinValue;
        for (int i = 0; i < register.Count; i++)
        {
            minYear = Math.Min(minYear, register.InstallYears[i]);
            maxYear = Math.Max(maxYear, register.InstallYears[i]);
        }

        int span = register.Count == 0 ? 0 : maxYear - minYear + 1;
        var survivors = new double[classes * Math.Max(span, 1)];
        var survivorExposure = new double[survivors.Length];
        var failed = new List<LifeObservation>[classes];
        for (int i = 0; i < register.Count; i++)
        {
            if (UsesCnaim(register, options, i))
            {
                continue;
            }

            int c = (int)register.Classes[i];
            double born = register.InstallYears[i] + 0.5;
            double entry = Math.Max(0, from - born);
            double end = to + 1 - born;
            double w = WeibullExposure(register.Classes[i], result.LengthKmValues[i]);
            if (end <= entry || !(w > 0))
            {
                // Not in the window, or a zero-length section: no exposure, nothing to add to the likelihood.
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
                (failed[c] ??= []).Add(new LifeObservation(entry, exit, true) { Exposure = w });
            }
            else
            {
                int cell = (c * span) + (register.InstallYears[i] - minYear);
                survivors[cell]++;
                survivorExposure[cell] += w;
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
                    (data[c] ??= []).Add(new LifeObservation(Math.Max(0, from - born), to + 1 - born, false)
                    {
                        Count = count,
                        Exposure = survivorExposure[(c * span) + y] / count,
                    });
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
                WeibullModel? model = WeibullEstimator.Fit(list.ToArray());
                result.WeibullByClassValues[c] = model;
                result.NewUnitHazard[c] = model is null ? 0 : model.CumulativeHazard(1.5) - model.CumulativeHazard(0.5);
            }
        }
    }

    // Per (class, install year): the Weibull cumulative hazard of next year and of the record window. Assets of one class
    // installed in one year share both, so a million assets take a few hundred Math.Pow calls instead of four million.
    private sealed class WeibullHazards
    {
        private readonly WeibullModel?[] _models;
        private readonly int _year;
        private readonly int _from;
        private readonly int _to;
        private readonly int _minYear;
        private readonly int _span;
        private readonly double[] _nextYear;
        private readonly double[] _window;

        public WeibullHazards(AssetRegister register, WeibullModel?[] models, int year, int from, int to)
        {
            int min = int.MaxValue;
            int max = int.MinValue;
            foreach (int y in register.InstallYears)
            {
                min = Math.Min(min, y);
                max = Math.Max(max, y);
            }

            _models = models;
            _year = year;
            _from = from;
            _to = to;
            _minYear = min;
            _span = register.Count == 0 ? 0 : max - min + 1;
            _nextYear = new double[models.Length * _span];
            _window = new double[_nextYear.Length];
            Array.Fill(_nextYear, double.NaN);
        }

        public (double NextYear, double Window) Get(AssetClass assetClass, int installYear)
        {
            int cell = ((int)assetClass * _span) + (installYear - _minYear);
            if (double.IsNaN(_nextYear[cell]))
            {
                WeibullModel? model = _models[(int)assetClass];
                double age = Math.Max(0, _year - installYear) + 0.5;
                double born = installYear + 0.5;
                _nextYear[cell] = model is null ? 0 : model.CumulativeHazard(age + 1) - model.CumulativeHazard(age);
                _window[cell] = model is null ? 0 : model.CumulativeHazard(_to + 1 - born) - model.CumulativeHazard(Math.Max(0, _from - born));
            }

            return (_nextYear[cell], _window[cell]);
        }
    }

    private static bool UsesCnaim(AssetRegister register, AssetRiskOptions options, int asset) =>
        options.Method == PofMethod.Cnaim && register.Categories[asset] != CnaimCategory.None;

    /// <summary>
    /// Weibull exposure of one asset: its length in km for lines and cables (the class model is then per km, and a
    /// section's hazard is proportional to its length), 1 otherwise.
    /// </summary>
    internal static double WeibullExposure(AssetClass assetClass, double lengthKm) => AssetClasses.IsPerKm(assetClass) ? Length(lengthKm) : 1;

    /// <summary>Probability of failure between ages <paramref name="age"/> and <paramref name="age"/> + 1 of a unit with the given exposure.</summary>
    internal static double WeibullPof(WeibullModel? model, double age, double exposure) =>
        model is null ? 0 : -double.ExpM1(-exposure * (model.CumulativeHazard(age + 1) - model.CumulativeHazard(age)));

    private static void Pof(AssetRegister register, AssetRiskOptions options, AssetRiskResult result)
    {
        (int from, int to) = Window(register, options.Year);
        int classes = AssetClasses.All.Count;
        var observed = new double[classes];
        var expected = new double[classes];
        double[] baseline = result.ExpectedFailuresValues;
        var hazards = new WeibullHazards(register, result.WeibullByClassValues, options.Year, from, to);

        // Model PoF before any use of the asset's own failure record, and the failures the model expects over the
        // record window (the baseline of the class calibration and of the history factor).
        for (int i = 0; i < register.Count; i++)
        {
            AssetClass c = register.Classes[i];
            result.AgeYearsValues[i] = Math.Max(0, options.Year - register.InstallYears[i]);
            if (UsesCnaim(register, options, i))
            {
                CnaimHealth h = Cnaim.EvaluateCore(result.CnaimInput(i), register.ConditionsOf(i), options.Mode, measuredWithoutMmi: false);
                double perUnit = Cnaim.FamilyOf(register.Categories[i]) == CnaimFamily.Cable ? Length(result.LengthKmValues[i]) : 1;
                result.MethodValues[i] = PofMethod.Cnaim;
                result.HealthValues[i] = h.CurrentHealth;
                result.HealthScoreFactorValues[i] = h.HealthScoreFactor;
                result.ExpectedLifeYearsValues[i] = h.ExpectedLifeYears;
                result.PofPerYearValues[i] = h.PofPerYear * perUnit;

                // CNAIM gives no past health: the current PoF stands for every year of the window (spec §6.1.2).
                baseline[i] = result.PofPerYearValues[i] * result.ExposureYearsValues[i];
            }
            else
            {
                WeibullModel? model = result.WeibullByClassValues[(int)c];
                double w = WeibullExposure(c, result.LengthKmValues[i]);
                double multiplier = ConditionMultiplier(register.ConditionsOf(i));
                (double nextYear, double window) = hazards.Get(c, register.InstallYears[i]);
                result.MethodValues[i] = PofMethod.Weibull;
                result.HealthValues[i] = double.NaN;
                result.ExpectedLifeYearsValues[i] = model?.Scale ?? double.NaN;
                result.HealthScoreFactorValues[i] = multiplier;
                result.PofPerYearValues[i] = Math.Min(1, -double.ExpM1(-w * nextYear) * multiplier);
                baseline[i] = result.ExposureYearsValues[i] > 0 ? w * multiplier * window : 0;
            }

            observed[(int)c] += result.FailuresValues[i];
            expected[(int)c] += baseline[i];
        }

        // Class calibration: CNAIM's K is a national figure and the Weibull fit already contains the class's average
        // condition, so both are scaled to the class's own failures (shrunk towards 1 by two pseudo-failures).
        for (int c = 0; c < classes; c++)
        {
            result.ClassCalibrationValues[c] = options.CalibrateToHistory && expected[c] > 0 ? (observed[c] + 2) / (expected[c] + 2) : 1.0;
        }

        double sumE2 = 0;
        double excess = 0;
        for (int i = 0; i < register.Count; i++)
        {
            double e = baseline[i] *= result.ClassCalibrationValues[(int)register.Classes[i]];
            double residual = result.FailuresValues[i] - e;
            sumE2 += e * e;
            excess += (residual * residual) - e;
        }

        // Gamma–Poisson (empirical Bayes) frailty: failures ~ Poisson(z·E), z ~ Gamma(α, α); the method of moments
        // gives α from the over-dispersion Var(n) − E = E²/α, and the posterior mean of z is (n + α)/(E + α).
        double alpha = options.CalibrateToHistory ? PriorShape(sumE2, excess) : double.PositiveInfinity;
        result.HistoryPriorShape = alpha;
        for (int i = 0; i < register.Count; i++)
        {
            result.HistoryFactorValues[i] = options.CalibrateToHistory
                ? Math.Clamp((result.FailuresValues[i] + alpha) / (baseline[i] + alpha), AssetRiskOptions.MinimumHistoryFactor, AssetRiskOptions.MaximumHistoryFactor)
                : 1.0;
            result.PofPerYearValues[i] = Math.Min(1, result.PofPerYearValues[i] * result.ClassCalibrationValues[(int)register.Classes[i]] * result.HistoryFactorValues[i]);
            result.NewPofPerYearValues[i] = result.ReplacedPof(i, 0);
        }
    }

    /// <summary>
    /// Shape α of the gamma frailty prior by the method of moments, limited to
    /// <see cref="AssetRiskOptions.MinimumHistoryPriorShape"/>–<see cref="AssetRiskOptions.MaximumHistoryPriorShape"/>
    /// (the maximum when the failures show no over-dispersion).
    /// </summary>
    /// <param name="sumSquaredExpected">Σ E².</param>
    /// <param name="excessVariance">Σ ((n − E)² − E).</param>
    internal static double PriorShape(double sumSquaredExpected, double excessVariance) =>
        excessVariance > 0 && sumSquaredExpected > 0
            ? Math.Clamp(sumSquaredExpected / excessVariance, AssetRiskOptions.MinimumHistoryPriorShape, AssetRiskOptions.MaximumHistoryPriorShape)
            : AssetRiskOptions.MaximumHistoryPriorShape;

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

    private static void ValidateOutage(AssetOutageOptions outage)
    {
        foreach ((AssetClass c, double hours) in outage.RepairHours)
        {
            if (!(hours >= 0 && double.IsFinite(hours)))
            {
                throw new ArgumentOutOfRangeException(nameof(outage), hours, $"AssetOutageOptions.RepairHours[{AssetClasses.Name(c)}] must be finite and ≥ 0.");
            }
        }
    }

    /// <summary>
    /// The outage durations to evaluate per branch and the query of each asset: NaN (the branch's own outage time) for
    /// a branch's own component, else the class's repair time; assets of one branch with equal durations share a query.
    /// </summary>
    /// <remarks>
    /// A device or pole failing in service shorts or opens on its own branch: it is cleared, isolated and restored as a
    /// failure of that branch, for its own repair time. O(A + E): a bit per distinct duration key and branch.
    /// </remarks>
    internal static (EdgeDurations Durations, int[] QueryOf) Durations(AssetRegister register, Net network, AssetOutageOptions outage, int[] edgeOf)
    {
        // Keys 0 … classes − 1: the class's repair time; key `classes`: the branch's own time (NaN). Keys with equal
        // hours (or a class without an entry, which falls back to the branch's own time) map to the lowest such key.
        int classes = AssetClasses.All.Count;
        Debug.Assert(classes < 16, "one bit per key in a ushort");
        Span<double> keyHours = stackalloc double[classes + 1];
        Span<int> canonical = stackalloc int[classes + 1];
        for (int c = 0; c < classes; c++)
        {
            keyHours[c] = outage.RepairHours.TryGetValue((AssetClass)c, out double h) ? h : double.NaN;
        }

        keyHours[classes] = double.NaN;
        for (int k = 0; k <= classes; k++)
        {
            int first = 0;
            while (!keyHours[first].Equals(keyHours[k]))
            {
                first++;
            }

            canonical[k] = first;
        }

        int edges = network.EdgeCount;
        ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
        var keys = new ushort[edges];
        var queryOf = new int[register.Count];
        for (int i = 0; i < queryOf.Length; i++)
        {
            int e = edgeOf[i];
            AssetClass c = register.Classes[i];
            int key = canonical[AssetOutageOptions.IsBranchComponent(c, kinds[e]) ? classes : (int)c];
            queryOf[i] = key;
            keys[e] |= (ushort)(1 << key);
        }

        var start = new int[edges + 1];
        for (int e = 0; e < edges; e++)
        {
            start[e + 1] = start[e] + BitOperations.PopCount(keys[e]);
        }

        var hours = new double[start[edges]];
        for (int e = 0; e < edges; e++)
        {
            int q = start[e];
            for (uint bits = keys[e]; bits != 0; bits &= bits - 1)
            {
                hours[q++] = keyHours[BitOperations.TrailingZeroCount(bits)];
            }
        }

        for (int i = 0; i < queryOf.Length; i++)
        {
            int e = edgeOf[i];
            queryOf[i] = start[e] + BitOperations.PopCount(keys[e] & ((1u << queryOf[i]) - 1));
        }

        return (new EdgeDurations(start, hours), queryOf);
    }

    private static void Consequence(AssetRegister register, FailureConsequences fc, int[] queryOf, AssetRiskOptions options, AssetRiskResult result)
    {
        AssetCostOptions costs = options.Costs;
        int classes = AssetClasses.All.Count;
        Span<double> repair = stackalloc double[classes];
        Span<double> replacement = stackalloc double[classes];
        for (int c = 0; c < classes; c++)
        {
            repair[c] = costs.RepairCostPerFailure.GetValueOrDefault((AssetClass)c);
            replacement[c] = costs.ReplacementCost.GetValueOrDefault((AssetClass)c);
        }

        for (int i = 0; i < register.Count; i++)
        {
            int q = queryOf[i];
            Debug.Assert(result.EdgeOfValues[i] >= 0);
            AssetClass c = register.Classes[i];
            result.CustomersPerFailureValues[i] = fc.CustomersInterrupted[q];
            result.LoadPointsPerFailureValues[i] = fc.LoadPointsInterrupted[q];
            result.CustomerHoursPerFailureValues[i] = fc.CustomerHours[q];
            result.EnergyKwhPerFailureValues[i] = fc.EnergyNotSuppliedKwh[q];
            result.ComplaintsPerFailureValues[i] = fc.WeightedCustomers[q];
            result.TransferredPerFailureValues[i] = fc.CustomersTransferred[q];
            result.OutageHoursPerFailureValues[i] = fc.OutageHours[q];
            double money = repair[(int)c]
                + (costs.EnergyNotSuppliedCostPerKwh * fc.EnergyNotSuppliedKwh[q])
                + (costs.CostPerComplaint * fc.WeightedCustomers[q])
                + (costs.CostPerCustomerHour * fc.CustomerHours[q]);
            result.ConsequencePerFailureValues[i] = money;
            result.ReplacementCostValues[i] = replacement[(int)c] * (AssetClasses.IsPerKm(c) ? Length(result.LengthKmValues[i]) : 1);
            result.RiskPerYearValues[i] = result.PofPerYearValues[i] * money;
            result.RiskRemovedPerYearValues[i] = Math.Max(0, result.PofPerYearValues[i] - result.NewPofPerYearValues[i]) * money;
            result.RiskRemovedPerCostValues[i] = result.ReplacementCostValues[i] > 0 ? result.RiskRemovedPerYearValues[i] / result.ReplacementCostValues[i] : 0;
        }
    }

    internal static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
