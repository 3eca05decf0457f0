using Lumen.Host.Services;
using Lumen.Reliability.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary>Historical indices of a period (IEEE 1366 / DL/T 836), hours and interruptions per customer.</summary>
/// <remarks>SAIFI, SAIDI and MAIFI are totals over the period (<c>period_hours</c>); RS-1 = (1 − SAIDI / period hours) × 100.</remarks>
internal sealed record HistoryIndicesDocument(double Saifi, double Saidi, double Caidi, [property: System.Text.Json.Serialization.JsonPropertyName("rs_1")] double Rs1, double Maifi, long Customers, int SustainedEvents, double PeriodHours)
{
    public static HistoryIndicesDocument Of(ReliabilityIndices i) =>
        new(i.Saifi, i.Saidi, i.Caidi, i.PeriodHours > 0 ? (1 - (i.Saidi / i.PeriodHours)) * 100 : double.NaN, i.Maifi, i.CustomersServed, i.SustainedEvents, i.PeriodHours);
}

/// <summary>One split (month, feeder or cause) of the historical indices.</summary>
internal sealed record HistorySplitDocument(string Key, HistoryIndicesDocument Indices);

/// <summary>Outage-history statistics of the current version.</summary>
internal sealed record HistoryDocument(
    int Version, DateTimeOffset From, DateTimeOffset To, HistoryIndicesDocument AllDays, HistoryIndicesDocument ExcludingMajorEventDays,
    double MajorEventThresholdHours, IReadOnlyList<MajorEventDay> MajorEventDays);

/// <summary><c>/api/history</c>: outage-history indices, major event days and splits.</summary>
internal static class HistoryApi
{
    private static readonly string[] s_splits = ["month", "feeder", "cause"];

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/history").WithTags("Outage history");
        api.MapGet("/", Get).WithName("GetOutageHistory").WithSummary("Historical SAIFI/SAIDI/CAIDI/ASAI/RS-1/MAIFI over the period, all days and without major event days (IEEE 1366 2.5β).");
        api.MapGet("/{split}", Split).WithName("GetOutageHistorySplit").WithSummary("Historical indices by month, feeder or cause (feeders and causes worst SAIDI first).");
        return app;
    }

    private static Results<Ok<HistoryDocument>, ProblemHttpResult> Get(NetworkCatalog catalog)
    {
        if (Report(catalog, out NetworkSnapshot? s) is { } problem)
        {
            return problem;
        }

        HistoryReport r = s!.History!;
        return TypedResults.Ok(new HistoryDocument(s.Info.Version, r.From, r.To, HistoryIndicesDocument.Of(r.AllDays),
            HistoryIndicesDocument.Of(r.ExcludingMajorEventDays), r.MajorEventDays.ThresholdHours, r.MajorEventDays.Days));
    }

    private static Results<Ok<HistorySplitDocument[]>, ProblemHttpResult> Split(string split, NetworkCatalog catalog, int? top)
    {
        if (Array.IndexOf(s_splits, split) < 0)
        {
            return Problems.Field("split", $"'{split}' is not one of {string.Join(", ", s_splits)}", StatusCodes.Status404NotFound);
        }

        if (top is < 1 or > 1000)
        {
            return Problems.Field("top", "between 1 and 1000");
        }

        if (Report(catalog, out NetworkSnapshot? s) is { } problem)
        {
            return problem;
        }

        IEnumerable<SplitIndices> rows = s!.History!.Splits.TryGetValue(split, out IReadOnlyList<SplitIndices>? list) ? list : [];
        if (split != "month")
        {
            rows = rows.OrderByDescending(r => double.IsNaN(r.Indices.Saidi) ? double.NegativeInfinity : r.Indices.Saidi).ThenBy(r => r.Key, StringComparer.Ordinal);
        }

        return TypedResults.Ok(rows.Take(top ?? 1000).Select(r => new HistorySplitDocument(r.Key, HistoryIndicesDocument.Of(r.Indices))).ToArray());
    }

    private static ProblemHttpResult? Report(NetworkCatalog catalog, out NetworkSnapshot? snapshot)
    {
        snapshot = catalog.Current;
        if (snapshot is null)
        {
            return Problems.NotReady();
        }

        return snapshot.History is null
            ? Problems.Field("history", "no outage records for this network version (the service computes history for the seeded demo; outage-record import is not available yet)", StatusCodes.Status404NotFound)
            : null;
    }
}
