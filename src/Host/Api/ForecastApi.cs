using System.ComponentModel.DataAnnotations;
using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Lumen.Forecast.Peaks;
using Lumen.Host.Services;
using Lumen.Host.Storage.Series;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Lumen.Host.Api;

/// <summary>One series in the forecast list.</summary>
internal sealed record ForecastSummaryDocument(
    string Series, DateTime DataEnd, double? HistoricalPeakMw, double? ForecastPeakMw, double? NextYearP50Mw, double? NextYearP90Mw,
    double? RatingKva, int? FirstOverloadYear, double? BacktestMapePercent, int? BacktestOrigins);

/// <summary>The forecast list.</summary>
internal sealed record ForecastListDocument(int NetworkVersion, int Revision, DateTime ComputedAt, string Backend, long ElapsedMs, IReadOnlyList<ForecastSummaryDocument> Items);

/// <summary>An observed period.</summary>
internal sealed record ActualPointDocument(DateTime Timestamp, double? LoadMw);

/// <summary>A forecast period with its central 80 % and 95 % intervals.</summary>
internal sealed record ForecastPointDocument(DateTime Timestamp, double MeanMw, double Lower80Mw, double Upper80Mw, double Lower95Mw, double Upper95Mw);

/// <summary>Forecast vs actual of one series: the last days of data, then the forecast from the end of data.</summary>
internal sealed record SeriesForecastDocument(string Series, string Method, string Variant, DateTime Origin, int HorizonHours, IReadOnlyList<ActualPointDocument> Actuals, IReadOnlyList<ForecastPointDocument> Forecast, IReadOnlyList<string> Warnings);

/// <summary>Body of <c>POST /api/forecasts/run</c>.</summary>
public sealed record ForecastRunRequest([Required] string? Series, [Range(1, ForecastRunRequest.MaxHorizonHours)] int HorizonHours = 168, string Method = "lumen")
{
    /// <summary>Longest horizon: four weeks.</summary>
    public const int MaxHorizonHours = 28 * 24;
}

/// <summary>Body of <c>POST /api/forecasts/backtest</c>: one series or all, all 28 origins or the 7-origin sub4 set.</summary>
public sealed record BacktestRequest(string? Series = null, [AllowedValues("all", "sub4", ErrorMessage = "one of all, sub4")] string Origins = "sub4", string Method = "lumen");

/// <summary>Scores of one backtested series.</summary>
internal sealed record BacktestScoreDocument(string Series, string Method, int Origins, double? MapePercent, double? RmseMw, double? Mase, double? Coverage80Percent, double? Coverage95Percent, int Failed);

/// <summary>Result of a backtest job.</summary>
internal sealed record BacktestDocument(string Method, string Origins, IReadOnlyList<BacktestScoreDocument> Scores);

/// <summary><c>/api/forecasts</c>: forecasts from the end of each stored load series, runs and backtests as jobs, and the peak outlook.</summary>
internal static class ForecastApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapForecastApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder api = app.MapGroup("/api/forecasts").WithTags("Forecasts");
        api.MapGet("/", List).WithName("ListForecasts").WithSummary("Every stored load series with its forecast peak, P50/P90 next-year peak, rating flag and backtest MAPE (when backtested).");
        api.MapGet("/peaks", Peaks).WithName("GetPeakOutlook").WithSummary("Weather-normalised P50/P90 annual peaks for 5 years per series, with the first year P90 exceeds the rating.");
        api.MapGet("/{series}", Get).WithName("GetSeriesForecast").WithSummary("Forecast vs actual of one series: the last 14 days of data, then 7 days of forecast with 80 % and 95 % intervals.");
        api.MapPost("/run", Run).WithName("StartForecastRun")
            .WithSummary("Forecasts one series from its end for horizon_hours (1-672) with a method (lumen, vanilla_lm, snaive) as a job: 202 with the status URL.").AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/backtest", Backtest).WithName("StartBacktest")
            .WithSummary("Day-ahead backtest (forecast protocol: all 28 origins or sub4) of one series or all as a job with progress; MAPE shows in GET /api/forecasts.").AddEndpointFilter<ApiKeyFilter>();
        return app;
    }

    private static Results<Ok<ForecastListDocument>, ProblemHttpResult> List(TelemetrySlice slice, SeriesRepository repository)
    {
        if (slice.Current is not { } s)
        {
            return Problems.NotReady();
        }

        IReadOnlyDictionary<string, (double? Mape, int Origins)> backtests = repository.LatestBacktests("lumen");
        var items = s.Load.Select(o =>
        {
            ForecastResult? f = o.Forecast.Forecast;
            double? forecastPeak = f is null ? null : Max(f.MeanMw);
            PeakOutlookYear? next = o.Peak.Years.Count > 0 ? o.Peak.Years[0] : null;
            (double? mape, int origins) = backtests.TryGetValue(o.Info.Series, out var b) ? b : (null, 0);
            return new ForecastSummaryDocument(o.Info.Series, o.Info.End, Finite(o.Peak.HistoricalPeakMw), forecastPeak, next is null ? null : Finite(next.P50Mw),
                next is null ? null : Finite(next.P90Mw), o.Peak.RatingKva, o.Peak.FirstOverloadYear, mape, origins > 0 ? origins : null);
        }).ToList();
        return TypedResults.Ok(new ForecastListDocument(s.NetworkVersion, s.Revision, s.ComputedAt, s.Backend, s.ElapsedMs, items));
    }

    private static Results<Ok<SeriesForecastDocument>, ProblemHttpResult> Get(string series, TelemetrySlice slice)
    {
        if (slice.Current is not { } s)
        {
            return Problems.NotReady();
        }

        if (s.Find(series) is not { } o)
        {
            return Problems.NotFound("series", series);
        }

        if (o.Forecast.Forecast is not { } f)
        {
            return Problems.Field("series", "the series has no load values to forecast from: " + string.Join("; ", o.Forecast.Diagnostics), StatusCodes.Status422UnprocessableEntity);
        }

        return TypedResults.Ok(Document(o.Series, f, f.Steps, o.Forecast.Diagnostics));
    }

    /// <summary>The last <see cref="TelemetrySlice.ActualDays"/> days before the forecast's origin, then its first <paramref name="steps"/> steps.</summary>
    internal static SeriesForecastDocument Document(LoadSeries series, ForecastResult f, int steps, IReadOnlyList<ForecastDiagnostic> diagnostics)
    {
        int origin = (int)((f.FirstPeriodStart - series.Start).Ticks / series.Period.Ticks);
        int first = Math.Max(0, origin - (TelemetrySlice.ActualDays * series.PeriodsPerDay));
        ReadOnlySpan<double> y = series.LoadMw;
        var actuals = new List<ActualPointDocument>(origin - first);
        for (int t = first; t < origin && t < y.Length; t++)
        {
            actuals.Add(new ActualPointDocument(series.TimeOf(t), double.IsFinite(y[t]) ? y[t] : null));
        }

        var forecast = new List<ForecastPointDocument>(steps);
        for (int h = 0; h < steps; h++)
        {
            forecast.Add(new ForecastPointDocument(f.TimeOf(h), f.MeanMw[h], f.Lower80(h), f.Upper80(h), f.Lower95(h), f.Upper95(h)));
        }

        return new SeriesForecastDocument(series.Name, f.Method, f.Variant, f.FirstPeriodStart, steps * (int)series.Period.TotalMinutes / 60, actuals, forecast,
            diagnostics.Select(d => d.ToString()).ToList());
    }

    private static Results<Accepted<JobDocument>, ProblemHttpResult> Run([FromBody] ForecastRunRequest body, SeriesRepository repository, JobRegistry jobs)
    {
        if (!ForecastMethods.TryCreate(body.Method, out IDayAheadForecaster? model))
        {
            return Problems.Field("method", $"unknown method '{body.Method}' (one of {string.Join(", ", ForecastMethods.Names)})");
        }

        if (repository.FindLoad(body.Series!) is not { } info)
        {
            return Problems.NotFound("series", body.Series!);
        }

        Job? job = jobs.TrySubmit("forecast_run", (job, ct) =>
        {
            job.Step = "reading";
            LoadSeries series = repository.ReadLoad(info);
            job.Progress = 0.3;
            job.Step = "forecasting";
            int steps = series.PeriodsCovering(TimeSpan.FromHours(body.HorizonHours));
            SeriesForecast run = ForecastRunner.Run(series, TelemetrySlice.CalendarOf(series.Name), series.DaysCovering(steps), model);
            ct.ThrowIfCancellationRequested();
            ForecastResult f = run.Forecast ?? throw new InvalidOperationException("the series has no load values: " + string.Join("; ", run.Diagnostics));
            job.Step = "done";
            return Document(series, f, Math.Min(steps, f.Steps), run.Diagnostics);
        });
        return Accepted(job);
    }

    private static Results<Accepted<JobDocument>, ProblemHttpResult> Backtest([FromBody] BacktestRequest body, SeriesRepository repository, JobRegistry jobs)
    {
        OriginSet origins = body.Origins == "all" ? OriginSet.All : OriginSet.Sub4;
        if (!ForecastMethods.TryCreate(body.Method, out IDayAheadForecaster? model))
        {
            return Problems.Field("method", $"unknown method '{body.Method}' (one of {string.Join(", ", ForecastMethods.Names)})");
        }

        IReadOnlyList<StoredLoadSeries> selected = repository.ListLoad();
        if (body.Series is not null)
        {
            selected = selected.Where(s => s.Series == body.Series).ToList();
            if (selected.Count == 0)
            {
                return Problems.NotFound("series", body.Series);
            }
        }

        if (selected.Count == 0)
        {
            return Problems.Field("series", "no load series is stored (import with POST /api/series/load)", StatusCodes.Status404NotFound);
        }

        foreach (StoredLoadSeries s in selected)
        {
            if ((s.End - s.Start).TotalDays < 64)
            {
                return Problems.Field("series", $"'{s.Series}' has {(s.End - s.Start).TotalDays:0} days; a backtest needs at least 64", StatusCodes.Status422UnprocessableEntity);
            }
        }

        Job? job = jobs.TrySubmit("forecast_backtest", (job, ct) =>
        {
            var scores = new List<BacktestScoreDocument>(selected.Count);
            for (int i = 0; i < selected.Count; i++)
            {
                StoredLoadSeries info = selected[i];
                job.Step = $"{info.Series} ({i + 1}/{selected.Count})";
                LoadSeries series = repository.ReadLoad(info);
                IReadOnlyList<BacktestRow> rows = BacktestRunner.Run(series, TelemetrySlice.CalendarOf(series.Name), [model!], origins,
                    (_, done, count) =>
                    {
                        ct.ThrowIfCancellationRequested();
                        job.Progress = (i + ((double)done / count)) / selected.Count;
                    });
                BacktestScore score = BacktestMetrics.Score(rows);
                repository.SaveBacktest(info.Series, model!.Name, info.Batch, score);
                scores.Add(new BacktestScoreDocument(info.Series, model.Name, score.Origins, Finite(score.MapePercent), Finite(score.RmseMw), Finite(score.Mase),
                    Finite(score.Coverage80Percent), Finite(score.Coverage95Percent), score.Failed));
            }

            job.Step = "done";
            return new BacktestDocument(model!.Name, body.Origins, scores);
        });
        return Accepted(job);
    }

    private static Results<Ok<PeakOutlookReport>, ProblemHttpResult> Peaks(TelemetrySlice slice) =>
        slice.Current is not { } s ? Problems.NotReady() : TypedResults.Ok(PeakOutlookReport.Of(TelemetrySlice.PeakYears, new PeakOptions().PowerFactor, s.Load.Select(o => o.Peak)));

    private static Results<Accepted<JobDocument>, ProblemHttpResult> Accepted(Job? job) =>
        job is null
            ? Problems.JobQueueFull()
            : TypedResults.Accepted($"/api/jobs/{job.Id}", JobDocument.Of(job));

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static double Max(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
