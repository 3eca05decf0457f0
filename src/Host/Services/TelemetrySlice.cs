using System.Diagnostics;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Lumen.Forecast.Peaks;
using Lumen.Host.Storage.DuckDb;
using Lumen.Host.Storage.Series;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Microsoft.Extensions.Logging;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Host.Services;

/// <summary>The forecast and peak outlook of one stored load series.</summary>
/// <param name="Info">Its catalogue entry.</param>
/// <param name="Series">The stored series (as read from the samples backend).</param>
/// <param name="Forecast">Lumen's forecast for <see cref="TelemetrySlice.HorizonDays"/> days from the end of data.</param>
/// <param name="Peak">P50/P90 annual peaks for <see cref="TelemetrySlice.PeakYears"/> years, with the first overload year.</param>
/// <param name="RatingKva">Rating of the feeder head, transformer or line the series loads; null when the network has none.</param>
internal sealed record LoadOutlook(StoredLoadSeries Info, LoadSeries Series, SeriesForecast Forecast, PeakOutlook Peak);

/// <summary>Results of the telemetry slice, immutable once published.</summary>
/// <param name="NetworkVersion">Network version the ratings come from.</param>
/// <param name="Revision">Series data revision (newest import batch) they were computed from.</param>
/// <param name="ComputedAt">When (UTC).</param>
/// <param name="Backend">Where the samples live (duckdb or influxdb).</param>
/// <param name="Load">Per stored load series, by id.</param>
/// <param name="Voltage">Voltage statistics of every stored reading (GB/T 12325), or null without readings.</param>
/// <param name="ElapsedMs">Computation time.</param>
internal sealed record TelemetrySnapshot(int NetworkVersion, int Revision, DateTime ComputedAt, string Backend, IReadOnlyList<LoadOutlook> Load, VoltageStatistics? Voltage, long ElapsedMs)
{
    /// <summary>The outlook of <paramref name="series"/>, or null.</summary>
    public LoadOutlook? Find(string series)
    {
        foreach (LoadOutlook o in Load)
        {
            if (o.Info.Series == series)
            {
                return o;
            }
        }

        return null;
    }
}

/// <summary>
/// Load and voltage series: seeds the demo's load series and voltage readings through the import path, and keeps
/// forecasts, peak outlooks and voltage statistics current for the stored data and the published network.
/// </summary>
/// <remarks>Thread-safe: readers get an immutable <see cref="TelemetrySnapshot"/>, published by one reference swap.</remarks>
internal sealed partial class TelemetrySlice(SeriesRepository repository, TimeProvider timeProvider, ILogger<TelemetrySlice> logger) : IAnalysisSlice
{
    /// <summary>Days forecast from the end of each series.</summary>
    public const int HorizonDays = 7;

    /// <summary>Days of actuals shown before the forecast.</summary>
    public const int ActualDays = 14;

    /// <summary>Years of the peak outlook.</summary>
    public const int PeakYears = 5;

    /// <summary>Load series the demo writes (feeders first): 20, or 6 for the small demo that the tests start many times.</summary>
    public static int DemoLoadSeries(DemoScale scale) => scale == DemoScale.Small ? 6 : 20;

    /// <summary>Years of demo load.</summary>
    public const int DemoLoadYears = 2;

    /// <summary>Days of demo voltage readings.</summary>
    public const int DemoVoltageDays = 7;

    private volatile TelemetrySnapshot? _current;

    /// <inheritdoc/>
    public string Name => "telemetry";

    /// <summary>The published results, or null before the first computation.</summary>
    public TelemetrySnapshot? Current => _current;

    /// <summary>Calendar of a series (Lumen's auto rule: inferred from the series id, China by default).</summary>
    public static HolidayCalendar CalendarOf(string series)
    {
        HolidayCalendar.TryParseRegion("auto", series, out HolidayRegion region);
        return HolidayCalendar.For(region);
    }

    /// <inheritdoc/>
    public void SeedDemo(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        DemoDataset.Layout layout = DemoDataset.In(context.Folder);
        DemoDataset.WriteLoad(context.Network, context.Seed, layout, DemoLoadSeries(context.Scale), DemoLoadYears);
        cancellationToken.ThrowIfCancellationRequested();
        SeriesImportOutcome load = repository.ImportLoad(LoadCsvReader.FilesIn(layout.Load), "demo-load");
        if (load.Status == ImportStatus.Invalid)
        {
            throw new InvalidOperationException("the demo load series did not import: " + string.Join("; ", load.Errors.Take(5)));
        }

        DemoDataset.WriteVoltage(context.Network, context.Seed, layout, DemoVoltageDays);
        cancellationToken.ThrowIfCancellationRequested();
        SeriesImportOutcome voltage = repository.ImportVoltage(layout.Voltage, cancellationToken);
        if (voltage.Status == ImportStatus.Invalid)
        {
            throw new InvalidOperationException("the demo voltage readings did not import: " + string.Join("; ", voltage.Errors.Take(5)));
        }
    }

    /// <inheritdoc/>
    public void Refresh(NetworkSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int revision = repository.Revision();
        if (_current is { } c && c.Revision == revision && c.NetworkVersion == snapshot.Info.Version)
        {
            return;
        }

        if (!repository.Samples.WaitUntilReadable(TimeSpan.FromMinutes(5), cancellationToken))
        {
            throw new TimeoutException("the series backend still has unsent writes after 5 minutes");
        }

        var watch = Stopwatch.StartNew();
        IReadOnlyList<StoredLoadSeries> stored = repository.ListLoad();
        var outlooks = new LoadOutlook[stored.Count];
        Net network = snapshot.Network;
        Parallel.For(0, stored.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            outlooks[i] = Outlook(repository.ReadLoad(stored[i]), stored[i], network);
        });
        VoltageStatistics? voltage = repository.VoltageStatistics(null, null, null, cancellationToken);
        watch.Stop();
        _current = new TelemetrySnapshot(snapshot.Info.Version, revision, timeProvider.GetUtcNow().UtcDateTime, repository.Samples.Backend, outlooks, voltage, watch.ElapsedMilliseconds);
        LogComputed(logger, stored.Count, voltage?.Points.Count ?? 0, watch.ElapsedMilliseconds);
    }

    /// <summary>The forecast and peak outlook of one series (what the slice publishes; the tests call it to compare).</summary>
    internal static LoadOutlook Outlook(LoadSeries series, StoredLoadSeries info, Net? network)
    {
        HolidayCalendar calendar = CalendarOf(series.Name);
        SeriesForecast forecast = ForecastRunner.Run(series, calendar, HorizonDays);
        var options = new PeakOptions { Years = PeakYears, RatingKva = network is null ? null : Ratings.OfElementKva(network, series.Name) };
        return new LoadOutlook(info, series, forecast, PeakOutlook.Of(PeakForecaster.Forecast(series, calendar, options), options));
    }

    [LoggerMessage(40, LogLevel.Information, "Computed forecasts and peak outlooks of {Series} load series and voltage statistics of {Points} points in {ElapsedMs} ms")]
    private static partial void LogComputed(ILogger logger, int series, int points, long elapsedMs);
}
