using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Lumen.Reliability;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Lumen.Reliability.Planning;
using Lumen.Topology.Network;

namespace Lumen.Host.Services;

/// <summary>The planner's own files of a plan, each optional: <c>--projects</c>, <c>--costs</c>, <c>--zones</c> and <c>--rules</c> of the CLI, the uploads of the API.</summary>
/// <param name="Projects">projects.csv (docs/investment.md §4).</param>
/// <param name="Costs">Unit costs and values (JSON, docs/investment.md §4).</param>
/// <param name="Zones">Supply zones (id,zone), as plan diagnose.</param>
/// <param name="Rules">The diagnosis rule table (JSON, docs/diagnosis.md): which zones require N-1, their RS-1 targets.</param>
internal sealed record InvestFiles(string? Projects, string? Costs, string? Zones, string? Rules);

/// <summary>What the planner's files hold (defaults for the files not given).</summary>
internal sealed record InvestPlannerInputs(InvestmentTables Tables, DiagnosisRules Rules, IReadOnlyDictionary<string, string> Zones, IReadOnlyList<PlannerProject> Projects);

/// <summary>The hard constraints a plan is asked to meet.</summary>
internal sealed record InvestConstraints(bool FixOverloads, bool RequireN1, bool MeetZoneTargets)
{
    /// <summary>The names of <c>--constraints</c> and of the API's <c>constraints</c> field.</summary>
    public static IReadOnlyList<string> Names { get; } = ["overloads", "n1", "zone_targets"];

    /// <summary>The default: every overload fixed and N-1 where the zone requires it.</summary>
    public static InvestConstraints Default { get; } = new(true, true, false);

    /// <summary>
    /// Reads a list: <c>none</c>, <c>all</c>, or some of <see cref="Names"/> comma-separated; null is the default.
    /// </summary>
    /// <returns>The constraints, or null with <paramref name="problem"/>.</returns>
    public static InvestConstraints? Parse(string? list, out string? problem)
    {
        problem = null;
        if (list is null)
        {
            return Default;
        }

        string[] names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(n => n.ToLowerInvariant()).ToArray();
        if (names is ["none"])
        {
            return new InvestConstraints(false, false, false);
        }

        if (names is ["all"])
        {
            return new InvestConstraints(true, true, true);
        }

        if (names.Length == 0 || names.Any(n => !Names.Contains(n)))
        {
            problem = $"none, all, or some of {string.Join(", ", Names)}";
            return null;
        }

        return new InvestConstraints(names.Contains("overloads"), names.Contains("n1"), names.Contains("zone_targets"));
    }
}

/// <summary>The inputs of an investment plan as the CLI and the service both gather them, so that their documents agree.</summary>
internal static partial class InvestInputs
{
    /// <summary>
    /// Reads the planner's files with the same readers for the CLI and the API: costs, rules, zones (against the rules),
    /// projects (against the network and the costs). All or nothing: the first file with an error stops, with its
    /// diagnostics (file, line, field).
    /// </summary>
    public static (InvestPlannerInputs? Inputs, IReadOnlyList<Diagnostic> Diagnostics) ReadFiles(Network network, InvestFiles files)
    {
        var diagnostics = new List<Diagnostic>();
        InvestmentTables tables = new(InvestmentCosts.Default, InvestmentValues.Default);
        if (files.Costs is string costs)
        {
            (InvestmentTables? read, string? problem) = InvestmentTables.Read(costs);
            if (read is null)
            {
                return (null, [Problem(costs, problem!)]);
            }

            tables = read;
        }

        DiagnosisRules rules = DiagnosisRules.Default;
        if (files.Rules is string rulesFile)
        {
            (DiagnosisRules? read, string? problem) = DiagnosisRules.Read(rulesFile);
            if (read is null)
            {
                return (null, [Problem(rulesFile, problem!)]);
            }

            rules = read;
        }

        IReadOnlyDictionary<string, string> zones = new Dictionary<string, string>();
        if (files.Zones is string zonesFile)
        {
            (IReadOnlyDictionary<string, string>? read, IReadOnlyList<Diagnostic> found) = SupplyZonesReader.Read(zonesFile, rules);
            diagnostics.AddRange(found);
            if (read is null)
            {
                return (null, diagnostics);
            }

            zones = read;
        }

        IReadOnlyList<PlannerProject> projects = [];
        if (files.Projects is string projectsFile)
        {
            (IReadOnlyList<PlannerProject>? read, IReadOnlyList<Diagnostic> found) = ProjectsReader.Read(projectsFile, network, tables.Costs);
            diagnostics.AddRange(found);
            if (read is null)
            {
                return (null, diagnostics);
            }

            projects = read;
        }

        return (new InvestPlannerInputs(tables, rules, zones, projects), diagnostics);
    }

    /// <summary>
    /// The load growth of a plan, the same for the CLI and the API: the planner's growth file (<c>--growth</c>, read as
    /// <c>forecast peaks</c> reads it), the growth percentage (<c>--growth-percent</c>; null when not given), the peak
    /// outlooks of the load series named after a feeder (<see cref="PeakGrowth.Of"/>) and, for a feeder without one, of the
    /// sum of its transformers' series (<see cref="InvestmentGrowth.TransformerSeries"/>, <see cref="SummedSeries.Of"/>),
    /// decided by <see cref="InvestmentGrowth.Build"/>.
    /// Null with the diagnostics (file, line, field) when the file does not read or a row is out of a plan's range.
    /// </summary>
    public static (InvestmentGrowthResult? Growth, IReadOnlyList<Diagnostic> Diagnostics) ReadGrowth(Network network, string? growthFile, double? percent, IReadOnlyList<LoadSeries> load)
    {
        var planner = new Dictionary<string, PlannedGrowth>(StringComparer.Ordinal);
        if (growthFile is not null)
        {
            (IReadOnlyDictionary<string, PlannerGrowth>? read, IReadOnlyList<ForecastDiagnostic> errors) = PlannerGrowthReader.Read(growthFile);
            if (read is null)
            {
                return (null, [.. errors.Select(d => new Diagnostic(new SourceLocation(growthFile, d.Line), d.Field, d.Message, d.Severity == ForecastSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning))]);
            }

            foreach ((string id, PlannerGrowth g) in read)
            {
                planner[id] = new PlannedGrowth(g.GrowthPercentPerYear, g.AddedPeakMw, g.AddedFromYear);
            }
        }

        // Forecasts of the feeders' series, and of the summed transformer series of the feeders without one; none when a
        // growth percentage overrides them all.
        var feeders = new HashSet<string>(network.Normal.FeederNames.ToArray(), StringComparer.Ordinal);
        IReadOnlyDictionary<string, double> forecast = new Dictionary<string, double>();
        IReadOnlyDictionary<string, double> transformers = new Dictionary<string, double>();
        if (percent is null)
        {
            forecast = PeakGrowth.Of(load.Where(s => feeders.Contains(s.Name)));
            Dictionary<string, LoadSeries> byName = load.DistinctBy(s => s.Name, StringComparer.Ordinal).ToDictionary(s => s.Name, StringComparer.Ordinal);
            transformers = PeakGrowth.Of(InvestmentGrowth.TransformerSeries(network, byName.Keys)
                .Select(p => SummedSeries.Of(p.Key, [.. p.Value.Select(n => byName[n])]))
                .OfType<LoadSeries>());
        }

        InvestmentGrowthResult growth = InvestmentGrowth.Build(new InvestmentGrowthRequest(network)
        {
            Forecast = forecast,
            TransformerForecast = transformers,
            Planner = planner,
            GrowthPercentPerYear = percent,
        });
        Diagnostic[] diagnostics = [.. growth.Problems.Select(p => new Diagnostic(
            new SourceLocation(growthFile!, LineOf(growthFile!, p.SeriesId)), p.Field, p.Message, p.IsError ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning))];
        return (growth.Succeeded ? growth : null, diagnostics);
    }

    // The line of a series' row in the growth file (the reader refuses duplicates, so it is the only one).
    private static int LineOf(string path, string seriesId)
    {
        using CsvReader parser = CsvReader.FromFile(path, PlainCsv.LenientTrimmed);
        while (parser.Read())
        {
            if (parser.FieldCount > 0 && parser.GetString(0) == seriesId)
            {
                return (int)parser.LineNumber;
            }
        }

        return 0;
    }

    /// <summary>The levers of <c>--levers</c> and of the API's <c>levers</c> (comma-separated, any case); null is every lever. Unknown names are left for the request to refuse.</summary>
    public static IReadOnlyList<string> LeverList(string? list) => list is null
        ? Levers.All
        : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.ToLowerInvariant()).Distinct()];

    /// <summary>The request of <paramref name="network"/> with the planner's inputs, budgets and constraints.</summary>
    public static InvestmentPlanRequest Request(Network network, string name, StudyCase study, double budgetPerYear, int years, InvestPlannerInputs inputs, IReadOnlyList<string> levers, InvestConstraints constraints) =>
        Request(network, name, study, budgetPerYear, years) with
        {
            Costs = inputs.Tables.Costs,
            Values = inputs.Tables.Values,
            Rules = inputs.Rules,
            Zones = inputs.Zones,
            Projects = inputs.Projects,
            Levers = levers,
            FixOverloads = constraints.FixOverloads,
            RequireN1 = constraints.RequireN1,
            MeetZoneTargets = constraints.MeetZoneTargets,
        };

    // A JSON file's problem ("path: line N: reason", or "path: reason") as a diagnostic at that line.
    private static Diagnostic Problem(string path, string problem)
    {
        string message = problem.StartsWith(path + ": ", StringComparison.Ordinal) ? problem[(path.Length + 2)..] : problem;
        Match line = LinePrefix().Match(message);
        return line.Success
            ? new Diagnostic(new SourceLocation(path, int.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture)), string.Empty, message[line.Length..])
            : new Diagnostic(new SourceLocation(path, 0), string.Empty, message);
    }

    [GeneratedRegex("^line ([0-9]{1,9}): ")]
    private static partial Regex LinePrefix();

    /// <summary>The asset-risk options of the replacement candidates: CNAIM (spec mode) as of the register's latest year, as the assets slice.</summary>
    public static AssetRiskOptions AssetOptions(AssetRegister register, StudyCase study, IComplaintRateModel complaints, AssetCostOptions costs, AssetOutageOptions outage) => new()
    {
        Year = register.LatestRecordedYear(),
        Method = PofMethod.Cnaim,
        Mode = CnaimMode.Spec,
        Study = study,
        Complaints = complaints,
        Costs = costs,
        Outage = outage,
    };

    /// <summary>A request with the service's defaults (capacity limits at 1.05 pu, as the diagnosis).</summary>
    public static InvestmentPlanRequest Request(Network network, string name, StudyCase study, double budgetPerYear, int years) => new(network, name, study)
    {
        BudgetPerYear = budgetPerYear,
        Years = years,
        Limits = PlanningInputs.Limits(true, 1.05),
    };
}
