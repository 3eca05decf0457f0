using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>Where a feeder's growth rate in a plan comes from (<see cref="FeederGrowthRow.Source"/>).</summary>
public static class GrowthSources
{
    /// <summary>The planner's growth file (<c>--growth</c>): its rate, or its step load with the rate from below.</summary>
    public const string PlannerFile = "planner_file";

    /// <summary>The growth percentage given for every feeder (<c>--growth-percent</c>, API <c>growth_percent_per_year</c>), or its default 0.</summary>
    public const string GrowthPercent = "growth_percent";

    /// <summary>Lumen's peak outlook of the feeder's load series (<c>forecast peaks</c>, its <c>growth_percent_per_year</c>).</summary>
    public const string Forecast = "forecast";

    /// <summary>
    /// Lumen's peak outlook of the sum of the load series of the feeder's distribution transformers (or their load
    /// points), hour by hour, when the feeder has no series of its own.
    /// </summary>
    public const string Transformers = "transformers";
}

/// <summary>The growth a plan applied to one feeder (docs/investment.md §3).</summary>
/// <param name="Feeder">Feeder name.</param>
/// <param name="GrowthPercentPerYear">Compound peak growth, % a year.</param>
/// <param name="AddedPeakMw">Step load from <paramref name="AddedFromYear"/> on, MW (the planner's file).</param>
/// <param name="AddedFromYear">Years from now when the step load arrives.</param>
/// <param name="Source">Where the rate comes from (<see cref="GrowthSources"/>).</param>
public sealed record FeederGrowthRow(string Feeder, double GrowthPercentPerYear, double AddedPeakMw, int AddedFromYear, string Source);

/// <summary>A feeder's row of the planner's growth file (<c>forecast peaks --growth</c>).</summary>
/// <param name="PercentPerYear">Compound peak growth, % a year; null: not set by the file.</param>
/// <param name="AddedPeakMw">Step load from <paramref name="AddedFromYear"/> on, MW.</param>
/// <param name="AddedFromYear">Years from now when the step load arrives.</param>
public sealed record PlannedGrowth(double? PercentPerYear, double AddedPeakMw = 0, int AddedFromYear = 1);

/// <summary>A row of the planner's growth file the plan cannot use.</summary>
/// <param name="SeriesId">The row's <c>series_id</c>.</param>
/// <param name="Field">The column at fault.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="IsError">An error (the plan cannot run) or a warning (the row is not used).</param>
public sealed record GrowthProblem(string SeriesId, string Field, string Message, bool IsError);

/// <summary>The inputs of a plan's load growth.</summary>
/// <param name="Network">The network (its feeder names).</param>
public sealed record InvestmentGrowthRequest(Net Network)
{
    /// <summary>
    /// The growth of the peak outlook of each measured load series, % a year, by series name (<c>forecast peaks</c>'
    /// <c>growth_percent_per_year</c>, Lumen.Forecast's <c>PeakGrowth.Of</c>); a series named after a feeder gives its growth.
    /// </summary>
    public IReadOnlyDictionary<string, double> Forecast { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The growth of the peak outlook of the summed transformer series of each feeder without a series of its own
    /// (<see cref="InvestmentGrowth.TransformerSeries"/>), % a year, by feeder name.
    /// </summary>
    public IReadOnlyDictionary<string, double> TransformerForecast { get; init; } = new Dictionary<string, double>();

    /// <summary>The planner's growth file, by series id = feeder name.</summary>
    public IReadOnlyDictionary<string, PlannedGrowth> Planner { get; init; } = new Dictionary<string, PlannedGrowth>();

    /// <summary>Growth for every feeder without a planned rate, % a year (overrides the forecasts); null: not given.</summary>
    public double? GrowthPercentPerYear { get; init; }
}

/// <summary>The growth of a plan: what <see cref="InvestmentPlanRequest.Growth"/> and <see cref="InvestmentPlanRequest.GrowthPercentPerYear"/> take.</summary>
/// <param name="Growth">Growth by feeder name (the feeders with a planned rate, step or forecast).</param>
/// <param name="GrowthPercentPerYear">Growth of the other feeders, % a year.</param>
/// <param name="Problems">Rows of the planner's file out of the plan's range (errors) or naming no feeder (warnings).</param>
public sealed record InvestmentGrowthResult(IReadOnlyDictionary<string, FeederGrowth> Growth, double GrowthPercentPerYear, IReadOnlyList<GrowthProblem> Problems)
{
    /// <summary>Whether the growth can be planned with (no error).</summary>
    public bool Succeeded => !Problems.Any(p => p.IsError);
}

/// <summary>
/// The one place where a plan's load growth is decided, for the CLI and the API alike: per feeder, the planner's file
/// first (its rate; its step load in any case), then the growth percentage when one is given, then the feeder's own peak
/// outlook (<see cref="InvestmentGrowthRequest.Forecast"/> of the load series named after it), then the outlook of the sum
/// of its transformers' series (<see cref="InvestmentGrowthRequest.TransformerForecast"/>), else 0.
/// </summary>
public static class InvestmentGrowth
{
    // A plan's range of growth (FeederGrowth.Problem). A forecast outside it (a short or erratic series) is held at its
    // edge, as the user gave no rate that could be reported wrong.
    private const double MinPercent = -50;
    private const double MaxPercent = 100;

    /// <summary>The growth of every feeder of <paramref name="request"/>'s network.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static InvestmentGrowthResult Build(InvestmentGrowthRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string[] names = request.Network.Normal.FeederNames.ToArray();
        var feeders = new HashSet<string>(names, StringComparer.Ordinal);
        var problems = new List<GrowthProblem>();
        foreach (string id in request.Planner.Keys.Where(id => !feeders.Contains(id)).Order(StringComparer.Ordinal))
        {
            problems.Add(new GrowthProblem(id, "series_id", $"'{id}' is not a feeder of the network: the row is not used", IsError: false));
        }

        double percent = request.GrowthPercentPerYear ?? 0;
        var growth = new Dictionary<string, FeederGrowth>(StringComparer.Ordinal);
        foreach (string feeder in names)
        {
            PlannedGrowth? planned = request.Planner.GetValueOrDefault(feeder);
            (double rate, string source) = planned?.PercentPerYear is double p ? (p, GrowthSources.PlannerFile)
                : request.GrowthPercentPerYear is double given ? (given, GrowthSources.GrowthPercent)
                : request.Forecast.TryGetValue(feeder, out double f) && double.IsFinite(f) ? (Math.Clamp(f, MinPercent, MaxPercent), GrowthSources.Forecast)
                : request.TransformerForecast.TryGetValue(feeder, out double t) && double.IsFinite(t) ? (Math.Clamp(t, MinPercent, MaxPercent), GrowthSources.Transformers)
                : (percent, GrowthSources.GrowthPercent);
            if (planned is null && source == GrowthSources.GrowthPercent)
            {
                continue;
            }

            var g = new FeederGrowth(rate, planned?.AddedPeakMw ?? 0, planned?.AddedFromYear ?? 1) { Source = planned is null ? source : GrowthSources.PlannerFile };
            growth[feeder] = g;
            if (planned is not null)
            {
                problems.AddRange(Problems(feeder, g));
            }
        }

        return new InvestmentGrowthResult(growth, percent, problems);
    }

    /// <summary>
    /// The load series that stand for each feeder without a series of its own: the series of its distribution
    /// transformers (a transformer branch on the feeder whose secondary is below 1 kV, series named by branch id) and of
    /// its load points (by load-point id) whose transformer has no series (it would count their load twice), to be summed
    /// hour by hour for the feeder's peak outlook. A feeder with a series named after it is not listed (its own series wins).
    /// </summary>
    /// <param name="network">The network and its trace.</param>
    /// <param name="seriesNames">The names of the measured series.</param>
    /// <returns>Series names by feeder name, in name order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> TransformerSeries(Net network, IEnumerable<string> seriesNames)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(seriesNames);
        RadialTrace trace = network.Normal;
        var names = new HashSet<string>(seriesNames, StringComparer.Ordinal);
        var byFeeder = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string name in names.Order(StringComparer.Ordinal))
        {
            int feeder = -1;
            if (network.TryGetEdge(name, out EdgeIndex e) && IsDistributionTransformer(network, e.Value))
            {
                feeder = trace.FeederOfEdge[e.Value];
            }
            else if (network.TryGetLoadPoint(name, out int l))
            {
                int node = network.LoadPointNode[l];
                int above = trace.ParentEdge[node];
                feeder = above >= 0 && IsDistributionTransformer(network, above) && names.Contains(network.EdgeIds[above]) ? -1 : trace.FeederOf[node];
            }

            if (feeder < 0 || names.Contains(trace.FeederNames[feeder]))
            {
                continue;
            }

            if (!byFeeder.TryGetValue(trace.FeederNames[feeder], out List<string>? list))
            {
                byFeeder[trace.FeederNames[feeder]] = list = [];
            }

            list.Add(name);
        }

        return byFeeder.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }

    private static bool IsDistributionTransformer(Net network, int edge)
    {
        if (network.EdgeKinds[edge] != BranchKind.Transformer || network.Normal.FeederOfEdge[edge] < 0)
        {
            return false;
        }

        int child = network.Normal.ParentEdge[network.EdgeTo[edge]] == edge ? network.EdgeTo[edge] : network.EdgeFrom[edge];
        return !(network.NominalKv[child] >= 1);
    }

    /// <summary>The growth of every feeder of <paramref name="request"/> (network order), and where its rate came from.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static IReadOnlyList<FeederGrowthRow> Rows(InvestmentPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Network.Normal.FeederNames.ToArray().Select(f => request.Growth.GetValueOrDefault(f) is { } g
            ? new FeederGrowthRow(f, g.PercentPerYear, g.AddedPeakMw, g.AddedFromYear, g.Source)
            : new FeederGrowthRow(f, request.GrowthPercentPerYear, 0, 1, GrowthSources.GrowthPercent))];
    }

    // The planner's row against the plan's ranges (the file's reader allows what a forecast can take, wider than a plan).
    private static IEnumerable<GrowthProblem> Problems(string feeder, FeederGrowth g)
    {
        if (!(g.PercentPerYear is >= MinPercent and <= MaxPercent))
        {
            yield return new GrowthProblem(feeder, "growth_percent_per_year", "must lie in -50..100 for a plan", IsError: true);
        }

        if (!(g.AddedPeakMw is >= 0 and <= 1000))
        {
            yield return new GrowthProblem(feeder, "added_peak_mw", "must lie in 0..1000 for a plan", IsError: true);
        }
    }
}
