using System.Globalization;
using Lumen.Reliability.History;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Planning;

/// <summary>
/// The diagnosis of the present grid (配电网现状诊断评估): N-1, interconnection, loading of feeders and transformers,
/// supply radius, sections, cable share, automation and reliability against the zone's target, per feeder, substation,
/// supply zone and system, and the problems found feeder by feeder, most severe first. The one entry point of the
/// question "what is wrong with my grid?"; the CLI (<c>lumen plan diagnose</c>) and the API (<c>/api/plan/diagnosis</c>)
/// only gather its inputs and render its report.
/// </summary>
/// <remarks>
/// O(N) plus N-1 (linear for a bounded number of ties per feeder) plus one reliability assessment. Thread-safe: it keeps no state.
/// </remarks>
public static class DiagnosisQuery
{
    private static readonly string[] s_severities = ["high", "medium", "low"];

    /// <summary>Diagnoses the network of <paramref name="request"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its network is null.</exception>
    /// <exception cref="ArgumentException">The rule table is invalid.</exception>
    public static DiagnosisReport Run(DiagnosisRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        DiagnosisRules rules = request.Rules;
        if (rules.Problem() is string problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        Net network = request.Network;
        RadialTrace trace = network.Normal;
        LoadLevels levels = PlanningLoad.Levels(request.Load) ?? LoadLevels.Default(ReliabilityModel.LoadFactor(network));
        RestorationLimits limits = request.Limits with { Levels = levels };
        var n1Levels = new LoadLevels([new LoadLevel(1.0, 1), .. levels.Levels]);
        IReadOnlyList<FeederN1> n1 = N1Analysis.Run(network, limits, n1Levels);
        ReliabilityResult predicted = ReliabilityAssessor.Assess(network, request.Study, new ReliabilityOptions { Users = UserCounting.DistributionTransformers, Restoration = limits });
        var grid = new FeederGrid(network, trace, request.Load, rules);
        Dictionary<string, HistoricalIndices> history = HistoryByFeeder(request.History, out double historyYears);

        int feeders = trace.FeederNames.Length;
        string[] zoneOf = new string[feeders];
        string[] zoneSource = new string[feeders];
        Dictionary<string, (double? Area, double PeakMw)> substationAreas = grid.SubstationAreas();
        for (int f = 0; f < feeders; f++)
        {
            string substation = grid.Substation(f);
            if (request.Zones.TryGetValue(trace.FeederNames[f], out string? given) || request.Zones.TryGetValue(substation, out given))
            {
                (zoneOf[f], zoneSource[f]) = (given, "given");
            }
            else if (substationAreas[substation].Area is double area)
            {
                (zoneOf[f], zoneSource[f]) = (rules.ZoneOfDensity(substationAreas[substation].PeakMw / area), "load_density");
            }
            else
            {
                (zoneOf[f], zoneSource[f]) = (null!, "unknown");
            }
        }

        var rows = new FeederDiagnosis[feeders];
        for (int f = 0; f < feeders; f++)
        {
            string name = trace.FeederNames[f];
            FeederGrid.Loading load = grid.FeederLoading(f);
            ZoneRule? zone = rules.Zone(zoneOf[f]);
            FeederReliability fr = predicted.Feeders[f];
            bool hasHistory = history.TryGetValue(name, out HistoricalIndices? past);
            rows[f] = new FeederDiagnosis(
                name,
                grid.Substation(f),
                zoneOf[f],
                zoneSource[f],
                grid.PeakKva(f) / 1000,
                grid.HeadRatingKva(f) / 1000,
                load.PeakPercent,
                load.AveragePercent,
                load.HeavyHours,
                load.OverloadHours,
                load.FromSeries,
                grid.Ties[f],
                grid.Ties[f] > 0,
                grid.InterSubstation[f],
                n1[f].Passes,
                n1[f].PassesByLevel,
                n1[f].Failures,
                grid.RadiusKm[f],
                zone?.SupplyRadiusKm,
                n1[f].Sections,
                grid.LengthKm[f],
                grid.LengthKm[f] > 0 ? grid.CableKm[f] / grid.LengthKm[f] : null,
                null,
                grid.Automated[f],
                grid.Transformers[f],
                grid.HeavyTransformers[f],
                grid.OverloadedTransformers[f],
                grid.MaxTransformerPercent[f],
                Finite(fr.Indices.Saidi),
                Finite(fr.Indices.Rs1),
                fr.CapacityLimitedSaidi,
                hasHistory ? Finite(past!.Aihc1 / historyYears) : null,
                hasHistory ? Finite(past!.Rs1) : null);
        }

        double[] users = FeederUsers(predicted, feeders);
        var system = Summarise("system", "system", null, Enumerable.Range(0, feeders).ToList(), rows, users, grid, rules, null, history.Count > 0);
        var zones = new List<DiagnosisSummary>();
        foreach (ZoneRule z in rules.Zones)
        {
            List<int> members = Enumerable.Range(0, feeders).Where(f => zoneOf[f] == z.Zone).ToList();
            if (members.Count > 0)
            {
                zones.Add(Summarise("zone", z.Zone, z.Zone, members, rows, users, grid, rules, null, history.Count > 0));
            }
        }

        var substations = new List<DiagnosisSummary>();
        foreach (IGrouping<string, int> group in Enumerable.Range(0, feeders).GroupBy(grid.Substation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            List<int> members = [.. group];
            string? zone = members.Select(f => zoneOf[f]).Distinct().Count() == 1 ? zoneOf[members[0]] : null;
            substations.Add(Summarise("substation", group.Key, zone, members, rows, users, grid, rules, substationAreas[group.Key].Area, history.Count > 0));
        }

        List<DiagnosisProblem> problems = Problems(rows, zones, rules, grid);
        return new DiagnosisReport(request.NetworkName, request.Study.Id, levels.Levels, system, zones, substations, rows, problems, rules);
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    private static double[] FeederUsers(ReliabilityResult predicted, int feeders)
    {
        var users = new double[feeders];
        for (int f = 0; f < feeders; f++)
        {
            users[f] = predicted.Feeders[f].Indices.Users;
        }

        return users;
    }

    private static Dictionary<string, HistoricalIndices> HistoryByFeeder(HistoryReport? report, out double years)
    {
        years = 1;
        var byFeeder = new Dictionary<string, HistoricalIndices>(StringComparer.Ordinal);
        if (report is null || !report.Splits.TryGetValue("feeder", out IReadOnlyList<SplitIndices>? split))
        {
            return byFeeder;
        }

        years = Math.Max((report.To - report.From).TotalHours / 8760, 1.0 / 365);
        foreach (SplitIndices s in split)
        {
            byFeeder[s.Key] = s.Indices;
        }

        return byFeeder;
    }

    private static DiagnosisSummary Summarise(
        string group, string key, string? zone, List<int> members, FeederDiagnosis[] rows, double[] users, FeederGrid grid, DiagnosisRules rules, double? area, bool withHistory)
    {
        int count = members.Count;
        double peak = members.Sum(f => rows[f].PeakMw);
        List<double> loadings = members.Where(f => rows[f].PeakLoadingPercent is not null).Select(f => rows[f].PeakLoadingPercent!.Value).ToList();
        double length = members.Sum(f => rows[f].LengthKm);
        double cable = members.Sum(f => grid.CableKm[f]);
        int transformers = members.Sum(f => rows[f].Transformers);
        double transformerPercent = members.Sum(f => grid.TransformerPercentSum[f]);
        int ratedTransformers = members.Sum(f => grid.RatedTransformers[f]);
        double u = members.Sum(f => users[f]);
        double? saidi = u > 0 ? members.Sum(f => users[f] * (rows[f].PredictedSaidi ?? 0)) / u : null;
        List<int> withPast = members.Where(f => rows[f].HistoricalSaidi is not null).ToList();
        double pastUsers = withPast.Sum(f => users[f]);
        double? pastSaidi = withHistory && pastUsers > 0 ? withPast.Sum(f => users[f] * rows[f].HistoricalSaidi!.Value) / pastUsers : null;
        return new DiagnosisSummary(
            group,
            key,
            zone,
            count,
            peak,
            area,
            area > 0 ? peak / area : null,
            Share(members, f => rows[f].N1Passes),
            Share(members, f => rows[f].Interconnected),
            Share(members, f => rows[f].InterSubstation),
            loadings.Count > 0 ? loadings.Average() : null,
            loadings.Count > 0 ? loadings.Max() : null,
            members.Count(f => Heavy(rows[f], rules) && !Overloaded(rows[f], rules)),
            members.Count(f => Overloaded(rows[f], rules)),
            transformers,
            ratedTransformers > 0 ? transformerPercent / ratedTransformers : null,
            members.Sum(f => rows[f].HeavyTransformers),
            members.Sum(f => rows[f].OverloadedTransformers),
            count > 0 ? members.Average(f => rows[f].SupplyRadiusKm) : null,
            members.Count(f => rows[f].SupplyRadiusLimitKm is double limit && rows[f].SupplyRadiusKm > limit),
            count > 0 ? members.Average(f => rows[f].Sections) : null,
            length > 0 ? cable / length : null,
            Share(members, f => rows[f].Automated),
            saidi,
            saidi is double s ? (1 - (s / 8760)) * 100 : null,
            pastSaidi,
            pastSaidi is double p ? (1 - (p / 8760)) * 100 : null,
            rules.Zone(zone)?.Rs1Target);
    }

    private static double? Share(List<int> members, Func<int, bool> test) => members.Count > 0 ? (double)members.Count(test) / members.Count : null;

    private static bool Overloaded(FeederDiagnosis row, DiagnosisRules rules) =>
        row.LoadFromSeries ? row.OverloadHours > 0 : row.PeakLoadingPercent > rules.OverloadPercent;

    private static bool Heavy(FeederDiagnosis row, DiagnosisRules rules) =>
        row.LoadFromSeries ? row.HeavyLoadHours > 0 : row.PeakLoadingPercent >= rules.HeavyLoadPercent;

    private static List<DiagnosisProblem> Problems(FeederDiagnosis[] rows, List<DiagnosisSummary> zones, DiagnosisRules rules, FeederGrid grid)
    {
        var problems = new List<DiagnosisProblem>();
        foreach (FeederDiagnosis row in rows)
        {
            ZoneRule? zone = rules.Zone(row.Zone);
            bool n1Required = zone?.N1Required ?? false;
            void Add(string severity, string rule, double figure, double? limit, string unit, string detail) =>
                problems.Add(new DiagnosisProblem(severity, rule, row.Feeder, row.Substation, row.Zone, figure, limit, unit, detail));

            if (!row.Interconnected)
            {
                Add(n1Required ? "high" : "medium", "radial_feeder", 0, 1, "ties", "radial feeder: no tie to another feeder");
            }
            else if (!row.N1Passes)
            {
                N1Failure worst = row.N1Failures.Where(x => x.FractionOfPeak == 1.0).MaxBy(x => x.NotRestorableMw)!;
                string binding = worst.BindingLimit switch
                {
                    "branch_rating" => string.Create(CultureInfo.InvariantCulture, $"branch {worst.BindingElement} at {worst.BindingLoadingPercent:F0} % of its rating"),
                    "voltage" => string.Create(CultureInfo.InvariantCulture, $"bus {worst.BindingElement} at {worst.BindingVoltagePu:F3} pu"),
                    _ => "no tie can pick it up",
                };
                Add(n1Required ? "high" : "low", "n1", worst.NotRestorableMw, 0, "MW",
                    string.Create(CultureInfo.InvariantCulture, $"outage of {worst.Section}: {worst.NotRestorableMw:F2} MW ({worst.NotRestorableCustomers:F0} customers) not transferable; binding: {binding}"));
            }

            if (Overloaded(row, rules))
            {
                Add("high", "feeder_overload", row.PeakLoadingPercent ?? 0, rules.OverloadPercent, "%", FeederLoadingDetail(row, row.OverloadHours));
            }
            else if (Heavy(row, rules))
            {
                Add("medium", "feeder_heavy_load", row.PeakLoadingPercent ?? 0, rules.HeavyLoadPercent, "%", FeederLoadingDetail(row, row.HeavyLoadHours));
            }

            if (row.OverloadedTransformers > 0)
            {
                Add("high", "transformer_overload", row.OverloadedTransformers, 0, "transformers",
                    string.Create(CultureInfo.InvariantCulture, $"overloaded transformers: {grid.WorstTransformers(row.Feeder)}"));
            }

            if (row.HeavyTransformers > 0)
            {
                Add("low", "transformer_heavy_load", row.HeavyTransformers, 0, "transformers",
                    string.Create(CultureInfo.InvariantCulture, $"transformers at {rules.HeavyLoadPercent:F0}–{rules.OverloadPercent:F0} % of rating"));
            }

            if (row.SupplyRadiusLimitKm is double radius && row.SupplyRadiusKm > radius)
            {
                Add("medium", "supply_radius", row.SupplyRadiusKm, radius, "km",
                    string.Create(CultureInfo.InvariantCulture, $"supply radius {row.SupplyRadiusKm:F1} km over the zone {row.Zone} limit {radius:F0} km"));
            }

            if (row.Sections < rules.MinimumSections)
            {
                Add("low", "sections", row.Sections, rules.MinimumSections, "sections", "too few trunk sections: a fault takes out a large part of the feeder");
            }

            if (zone?.MinimumCableShare is double cable && row.CableShare < cable)
            {
                Add("low", "cable_share", row.CableShare ?? 0, cable, "share", "cable share below the zone's rule");
            }
        }

        foreach (DiagnosisSummary z in zones)
        {
            if (z.Rs1Target is not double target)
            {
                continue;
            }

            if (z.PredictedRs1 < target)
            {
                problems.Add(new DiagnosisProblem("high", "reliability_target", null, null, z.Key, z.PredictedRs1.Value, target, "%",
                    string.Create(CultureInfo.InvariantCulture, $"predicted RS-1 {z.PredictedRs1:F3} % (SAIDI {z.PredictedSaidi:F2} h) below the zone target")));
            }

            if (z.HistoricalRs1 < target)
            {
                problems.Add(new DiagnosisProblem("high", "reliability_target", null, null, z.Key, z.HistoricalRs1.Value, target, "%",
                    string.Create(CultureInfo.InvariantCulture, $"historical RS-1 {z.HistoricalRs1:F3} % (SAIDI {z.HistoricalSaidi:F2} h/yr) below the zone target")));
            }
        }

        // Most severe first; within a severity the largest excess over the limit, then by feeder.
        problems.Sort((a, b) =>
        {
            int bySeverity = Array.IndexOf(s_severities, a.Severity).CompareTo(Array.IndexOf(s_severities, b.Severity));
            if (bySeverity != 0)
            {
                return bySeverity;
            }

            int byExcess = Excess(b).CompareTo(Excess(a));
            return byExcess != 0 ? byExcess : string.CompareOrdinal(a.Feeder ?? a.Zone, b.Feeder ?? b.Zone);
        });
        return problems;
    }

    private static double Excess(DiagnosisProblem p) => p.Limit is double limit && limit > 0 ? Math.Abs(p.Figure / limit - 1) : p.Figure;

    private static string FeederLoadingDetail(FeederDiagnosis row, double? hours) =>
        row.LoadFromSeries
            ? string.Create(CultureInfo.InvariantCulture, $"peak {row.PeakLoadingPercent:F0} % of the head rating ({row.HeadRatingMva:F2} MVA), {hours:F0} h/yr over the threshold")
            : string.Create(CultureInfo.InvariantCulture, $"peak {row.PeakLoadingPercent:F0} % of the head rating ({row.HeadRatingMva:F2} MVA), from the network's coincident peaks");
}
