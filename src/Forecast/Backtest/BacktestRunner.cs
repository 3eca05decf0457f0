using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CsvHelper;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;

namespace Lumen.Forecast.Backtest;

/// <summary>Which origins a backtest runs.</summary>
public enum OriginSet : byte
{
    /// <summary>All 28 origins (table A).</summary>
    All = 0,

    /// <summary>The 7-origin subset k = 0, 4, …, 24 (table B).</summary>
    Sub4 = 1,
}

/// <summary>
/// Runs forecasters over the protocol's origins of one series and produces the long-format rows (§4).
/// </summary>
/// <remarks>
/// At each origin the method sees the series with every load value from the origin on replaced by NaN, so no method can
/// read the target day (temperature stays, as §3 allows). Methods that clean their input (Lumen) clean only that
/// history, and the cleaning time is counted in <c>secs</c>. A method that throws is replaced by the seasonal naive and
/// the origin is marked failed. Origins run one after another on one thread, so <c>secs</c> is single-threaded time.
/// </remarks>
public static class BacktestRunner
{
    private static readonly Process s_process = Process.GetCurrentProcess();
    private static readonly ConcurrentDictionary<string, bool> s_warmedUp = new();

    // The first time a method runs in the process: at least 100 untimed forecasts and 0.6 s, at most 2 s.
    private const int FirstWarmUpForecasts = 100;
    private static readonly TimeSpan FirstWarmUpMin = TimeSpan.FromMilliseconds(600);
    private static readonly TimeSpan FirstWarmUpMax = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="methods"/> on <paramref name="series"/> and returns the rows, method by method.</summary>
    /// <param name="series">The dataset (gaps allowed; every method gets cleaned history when it asks for it).</param>
    /// <param name="calendar">Holiday calendar of the dataset's region.</param>
    /// <param name="methods">Forecasters to run.</param>
    /// <param name="origins">All 28 origins or the sub4 subset.</param>
    /// <param name="progress">Called after each origin with (method, origin number, origin count); may be null.</param>
    /// <exception cref="ArgumentException">The series has fewer than 64 days (28 origins need history and a MASE scale).</exception>
    public static IReadOnlyList<BacktestRow> Run(LoadSeries series, HolidayCalendar calendar, IReadOnlyList<IDayAheadForecaster> methods, OriginSet origins = OriginSet.All, Action<string, int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Run(RobustnessSets.Cases(series, Ablation.None, origins), _ => calendar, methods, progress);
    }

    /// <summary>Runs <paramref name="methods"/> on the <paramref name="cases"/> of one dataset (a robustness set) and returns the rows, method by method.</summary>
    /// <param name="cases">The origins with the series each one sees (<see cref="RobustnessSets.Cases"/>).</param>
    /// <param name="calendar">The holiday calendar of a case (chosen from the case's history before its origin, or fixed).</param>
    /// <param name="methods">Forecasters to run.</param>
    /// <param name="progress">Called after each origin with (method, origin number, origin count); may be null.</param>
    public static IReadOnlyList<BacktestRow> Run(IReadOnlyList<BacktestCase> cases, Func<BacktestCase, HolidayCalendar> calendar, IReadOnlyList<IDayAheadForecaster> methods, Action<string, int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(methods);
        var calendars = new HolidayCalendar[cases.Count];
        for (int i = 0; i < cases.Count; i++)
        {
            calendars[i] = calendar(cases[i]);
        }

        var rows = new List<BacktestRow>(methods.Count * cases.Count * 48);
        foreach (IDayAheadForecaster method in methods)
        {
            if (cases.Count > 0)
            {
                BacktestCase oldest = cases[^1];
                WarmUp(method, oldest.Series, oldest.OriginDay, calendars[^1]);
            }

            for (int i = 0; i < cases.Count; i++)
            {
                BacktestCase c = cases[i];
                LoadSeries series = c.Series;
                int s = series.PeriodsPerDay;
                int day = c.OriginDay;
                LoadSeries history = Censor(series, day * s);
                bool failed = false;
                TimeSpan cpu0 = s_process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                ForecastResult result;
                try
                {
                    result = method.Forecast(new ForecastRequest(history, day, 1, calendars[i]));
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
                {
                    failed = true;
                    result = new SeasonalNaive().Forecast(new ForecastRequest(history, day, 1, calendars[i]));
                }

                sw.Stop();
                s_process.Refresh();
                double cpu = (s_process.TotalProcessorTime - cpu0).TotalSeconds;
                double secs = sw.Elapsed.TotalSeconds;
                DateTime origin = series.TimeOf(day * s);
                ReadOnlySpan<double> actual = series.LoadMw;
                for (int h = 0; h < s; h++)
                {
                    int t = (day * s) + h;
                    rows.Add(new BacktestRow(c.Dataset, method.Name, origin, h + 1, series.TimeOf(t), actual[t], result.MeanMw[h],
                        result.Lower80(h), result.Upper80(h), result.Lower95(h), result.Upper95(h), secs, c.Scale, failed, cpu));
                }

                progress?.Invoke(method.Name, i + 1, cases.Count);
            }
        }

        return rows;
    }

    /// <summary>
    /// Untimed forecasts on a history that ends before every scored origin, so that JIT compilation is not charged to
    /// the scored origins (R's peers likewise load their packages before timing): three forecasts, and the first time a
    /// method runs in the process, 100 forecasts and at least 0.6 s (at most 2 s). .NET first runs new code unoptimised
    /// and recompiles a method in the background only after 30 calls and a call-counting delay (100 ms), so three
    /// forecasts left the scored origins on partly unoptimised code (gefcom2014e, 28 origins: 0.02-0.03 s/origin against
    /// 0.008-0.014 after 60-150 warm-up forecasts; benchmarks/README.md, issue #14).
    /// </summary>
    private static void WarmUp(IDayAheadForecaster method, LoadSeries series, int firstOriginDay, HolidayCalendar calendar)
    {
        int day = Math.Max(8, firstOriginDay - 7);
        LoadSeries history = Censor(series, day * series.PeriodsPerDay);
        bool first = s_warmedUp.TryAdd(method.Name, true);
        var sw = Stopwatch.StartNew();
        try
        {
            for (int i = 0; i < 3 || (first && (i < FirstWarmUpForecasts || sw.Elapsed < FirstWarmUpMin) && sw.Elapsed < FirstWarmUpMax); i++)
            {
                method.Forecast(new ForecastRequest(history, day, 1, calendar));
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            // The timed run reports the failure.
        }
    }

    /// <summary>A copy of the series holding only what is known at the origin: load from <paramref name="originIndex"/> on is NaN.</summary>
    internal static LoadSeries Censor(LoadSeries series, int originIndex)
    {
        int end = Math.Min(series.Length, originIndex + (14 * series.PeriodsPerDay));
        double[] load = new double[end];
        series.LoadMw[..originIndex].CopyTo(load);
        load.AsSpan(originIndex).Fill(double.NaN);
        double[]? temp = series.HasTemperature ? series.TemperatureC[..end].ToArray() : null;
        return new LoadSeries(series.Name, series.Start, series.PeriodsPerDay, load, temp);
    }

    /// <summary>Writes rows in the protocol's long format (header <c>dataset,method,origin,step,timestamp,actual,mean,lo80,hi80,lo95,hi95,secs,scale,failed</c>).</summary>
    public static void WriteCsv(TextWriter writer, IEnumerable<BacktestRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        using CsvWriter csv = CsvWriter.Create(writer, ForecastCsv.WriterOptions, leaveOpen: true);
        foreach (string h in (string[])["dataset", "method", "origin", "step", "timestamp", "actual", "mean", "lo80", "hi80", "lo95", "hi95", "secs", "scale", "failed"])
        {
            csv.WriteField(h);
        }

        csv.EndRecord();
        foreach (BacktestRow r in rows)
        {
            csv.WriteField(r.Dataset);
            csv.WriteField(r.Method);
            csv.WriteField(r.Origin.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(r.Step.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(r.Timestamp.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(N(r.ActualMw));
            csv.WriteField(N(r.MeanMw));
            csv.WriteField(N(r.Lower80Mw));
            csv.WriteField(N(r.Upper80Mw));
            csv.WriteField(N(r.Lower95Mw));
            csv.WriteField(N(r.Upper95Mw));
            csv.WriteField(r.FitForecastSeconds.ToString("0.######", CultureInfo.InvariantCulture));
            csv.WriteField(N(r.Scale));
            csv.WriteField(r.Failed ? "1" : "0");
            csv.EndRecord();
        }
    }

    private static string N(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "NA";
}
