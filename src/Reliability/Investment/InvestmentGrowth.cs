using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
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
}

/// <summary>The growth a plan applied to one feeder (docs/investment.md §3).</summary>
/// <param name="Feeder">Feeder name.</param>
/// <param name="GrowthPercentPerYear">Compound peak growth, % a year.</param>
/// <param name="AddedPeakMw">Step load from <paramref name="AddedFromYear"/> on, MW (the planner's file).</param>
/// <param name="AddedFromYear">Years from now when the step load arrives.</param>
/// <param name="Source">Where the rate comes from (<see cref="GrowthSources"/>).</param>
public sealed record FeederGrowthRow(string Feeder, double GrowthPercentPerYear, double AddedPeakMw, int AddedFromYear, string Source);

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
    /// <summary>Measured load series; those named after a feeder give its growth from the peak outlook.</summary>
    public IReadOnlyList<LoadSeries> Load { get; init; } = [];

    /// <summary>The planner's growth file (<see cref="PlannerGrowthReader"/>), by series id = feeder name.</summary>
    public IReadOnlyDictionary<string, PlannerGrowth> Planner { get; init; } = new Dictionary<string, PlannerGrowth>();

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
/// outlook (<see cref="PeakForecaster"/> on the load series named after it, the <c>growth_percent_per_year</c> of
/// <c>forecast peaks</c>, calendar chosen from the series name as there), else 0.
/// </summary>
public static class InvestmentGrowth
{
    /// <summary>The growth of every feeder of <paramref name="request"/>'s network.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static InvestmentGrowthResult Build(InvestmentGrowthRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string[] names = request.Network.Normal.FeederNames;
        var feeders = new HashSet<string>(names, StringComparer.Ordinal);
        var problems = new List<GrowthProblem>();
        foreach (string id in request.Planner.Keys.Where(id => !feeders.Contains(id)).Order(StringComparer.Ordinal))
        {
            problems.Add(new GrowthProblem(id, "series_id", $"'{id}' is not a feeder of the network: the row is not used", IsError: false));
        }

        // A forecast only where nothing planned sets the rate.
        LoadSeries[] toForecast = request.GrowthPercentPerYear is null
            ? [.. request.Load.Where(s => feeders.Contains(s.Name) && request.Planner.GetValueOrDefault(s.Name)?.GrowthPercentPerYear is null).DistinctBy(s => s.Name)]
            : [];
        var forecast = new double[toForecast.Length];
        Parallel.For(0, toForecast.Length, i => forecast[i] = ForecastPercent(toForecast[i]));
        var forecastOf = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < toForecast.Length; i++)
        {
            forecastOf[toForecast[i].Name] = forecast[i];
        }

        double percent = request.GrowthPercentPerYear ?? 0;
        var growth = new Dictionary<string, FeederGrowth>(StringComparer.Ordinal);
        foreach (string feeder in names)
        {
            PlannerGrowth? planned = request.Planner.GetValueOrDefault(feeder);
            (double rate, string source) = planned?.GrowthPercentPerYear is double p ? (p, GrowthSources.PlannerFile)
                : request.GrowthPercentPerYear is double given ? (given, GrowthSources.GrowthPercent)
                : forecastOf.TryGetValue(feeder, out double f) ? (f, GrowthSources.Forecast)
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

    /// <summary>The growth of every feeder of <paramref name="request"/> (network order), and where its rate came from.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    public static IReadOnlyList<FeederGrowthRow> Rows(InvestmentPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Network.Normal.FeederNames.Select(f => request.Growth.GetValueOrDefault(f) is { } g
            ? new FeederGrowthRow(f, g.PercentPerYear, g.AddedPeakMw, g.AddedFromYear, g.Source)
            : new FeederGrowthRow(f, request.GrowthPercentPerYear, 0, 1, GrowthSources.GrowthPercent))];
    }

    // The peak outlook's growth of one series, as forecast peaks computes it (the rate does not depend on the years ahead or a rating).
    private static double ForecastPercent(LoadSeries series)
    {
        HolidayCalendar.TryParseRegion("auto", series.Name, out HolidayRegion region);
        return PeakForecaster.Forecast(series, HolidayCalendar.For(region), new PeakOptions { Years = 1 }).GrowthPercentPerYear;
    }

    // The planner's row against the plan's ranges (the file's reader allows what a forecast can take, wider than a plan).
    private static IEnumerable<GrowthProblem> Problems(string feeder, FeederGrowth g)
    {
        if (!(g.PercentPerYear is >= -50 and <= 100))
        {
            yield return new GrowthProblem(feeder, "growth_percent_per_year", "must lie in -50..100 for a plan", IsError: true);
        }

        if (!(g.AddedPeakMw is >= 0 and <= 1000))
        {
            yield return new GrowthProblem(feeder, "added_peak_mw", "must lie in 0..1000 for a plan", IsError: true);
        }
    }
}
