using System.Globalization;
using CsvHelper;
using Lumen.Forecast.Data;

namespace Lumen.Forecast.Backtest;

/// <summary>What a robustness set takes away from a dataset (issue #14): temperature, history, or both.</summary>
public enum Ablation : byte
{
    /// <summary>The dataset as it is (the protocol's table A/B).</summary>
    None = 0,

    /// <summary>The temperature column removed (a transformer area without a weather feed).</summary>
    NoTemperature = 1,

    /// <summary>Only the last <see cref="RobustnessSets.WindowDays"/> days before each origin available (a new feeder).</summary>
    Recent12Weeks = 2,

    /// <summary>Both: no temperature and only the last twelve weeks.</summary>
    NoTemperatureRecent12Weeks = 3,
}

/// <summary>
/// One origin of a backtest: the series the forecaster sees (load from the origin on is replaced by NaN when it runs),
/// the origin day in that series and the protocol's MASE scale.
/// </summary>
/// <param name="Dataset">Name of the dataset the case was derived from (the rows' <c>dataset</c>).</param>
/// <param name="Series">The series of the case: the whole dataset, or the origin's window (twelve weeks and the target day).</param>
/// <param name="OriginDay">0-based origin day in <paramref name="Series"/>.</param>
/// <param name="Scale">MASE scale of the origin, from the 28 days before it (identical in the whole dataset and the window).</param>
public sealed record BacktestCase(string Dataset, LoadSeries Series, int OriginDay, double Scale);

/// <summary>
/// The robustness sets of issue #14, derived from a protocol dataset on the protocol's own origins: without temperature,
/// with only the twelve weeks before each origin, or both. Half-hourly series stay half-hourly.
/// </summary>
/// <remarks>
/// A windowed case holds exactly the <see cref="WindowDays"/> days before its origin and the target day (the target day's
/// load is there for scoring and its temperature, as protocol §3 allows; the runner hides the load from the forecaster).
/// Nothing after the target day is kept, so a forecaster cannot read past the origin however it indexes the series.
/// <see cref="WriteCsv"/> writes the sets in the protocol's CSV format so that the R peers run on the same information.
/// </remarks>
public static class RobustnessSets
{
    /// <summary>History kept before each origin by the windowed sets: twelve weeks.</summary>
    public const int WindowDays = 84;

    /// <summary>Every set, in report order.</summary>
    public static IReadOnlyList<Ablation> All { get; } = [Ablation.None, Ablation.NoTemperature, Ablation.Recent12Weeks, Ablation.NoTemperatureRecent12Weeks];

    /// <summary>The set's id as used on the command line, in folder names and in the tables: full, notemp, h12w, notemp-h12w.</summary>
    public static string Id(Ablation ablation) => ablation switch
    {
        Ablation.None => "full",
        Ablation.NoTemperature => "notemp",
        Ablation.Recent12Weeks => "h12w",
        Ablation.NoTemperatureRecent12Weeks => "notemp-h12w",
        _ => throw new ArgumentOutOfRangeException(nameof(ablation)),
    };

    /// <summary>Parses a set id (see <see cref="Id"/>).</summary>
    public static bool TryParse(string? text, out Ablation ablation)
    {
        foreach (Ablation a in All)
        {
            if (string.Equals(text, Id(a), StringComparison.OrdinalIgnoreCase))
            {
                ablation = a;
                return true;
            }
        }

        ablation = Ablation.None;
        return false;
    }

    /// <summary>True when the set keeps only the last twelve weeks before each origin.</summary>
    public static bool IsWindowed(Ablation ablation) => ablation is Ablation.Recent12Weeks or Ablation.NoTemperatureRecent12Weeks;

    /// <summary>The cases of <paramref name="series"/> under <paramref name="ablation"/> at the protocol's origins, newest first.</summary>
    /// <exception cref="ArgumentException">The series has fewer than 64 days (28 origins need history and a MASE scale).</exception>
    public static IReadOnlyList<BacktestCase> Cases(LoadSeries series, Ablation ablation, OriginSet origins = OriginSet.All)
    {
        ArgumentNullException.ThrowIfNull(series);
        int s = series.PeriodsPerDay;
        int nd = series.DayCount;
        if (nd < 64)
        {
            throw new ArgumentException($"series '{series.Name}' has {nd} days; the protocol needs at least 64 (28 origins, 35 days before the first)", nameof(series));
        }

        bool dropTemperature = ablation is Ablation.NoTemperature or Ablation.NoTemperatureRecent12Weeks;
        LoadSeries source = dropTemperature && series.HasTemperature ? new LoadSeries(series.Name, series.Start, s, series.LoadArray, null) : series;
        int[] days = BacktestProtocol.OriginDays(nd);
        var cases = new List<BacktestCase>(days.Length);
        for (int k = 0; k < days.Length; k++)
        {
            if (origins == OriginSet.Sub4 && !BacktestProtocol.IsSub4(k))
            {
                continue;
            }

            int day = days[k];
            double scale = BacktestProtocol.MaseScale(series.LoadMw, day * s, s);
            if (IsWindowed(ablation))
            {
                int first = Math.Max(0, day - WindowDays);
                cases.Add(new BacktestCase(series.Name, source.Days(first, day + 1), day - first, scale));
            }
            else
            {
                cases.Add(new BacktestCase(series.Name, source, day, scale));
            }
        }

        return cases;
    }

    /// <summary>
    /// Writes a case's series in the protocol's CSV format (<c>timestamp,load_mw,temperature_c</c>, temperature empty when
    /// the series has none), the form the R peers read.
    /// </summary>
    public static void WriteCsv(TextWriter writer, LoadSeries series)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(series);
        using CsvWriter csv = CsvWriter.Create(writer, ForecastCsv.WriterOptions, leaveOpen: true);
        csv.WriteField("timestamp");
        csv.WriteField("load_mw");
        csv.WriteField("temperature_c");
        csv.EndRecord();
        ReadOnlySpan<double> load = series.LoadMw;
        ReadOnlySpan<double> temp = series.TemperatureC;
        for (int t = 0; t < series.Length; t++)
        {
            csv.WriteField(series.TimeOf(t).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(load[t].ToString("R", CultureInfo.InvariantCulture));
            csv.WriteField(series.HasTemperature ? temp[t].ToString("R", CultureInfo.InvariantCulture) : string.Empty);
            csv.EndRecord();
        }
    }

    /// <summary>
    /// Writes the set's files under <paramref name="folder"/>: <c>{dataset}.csv</c> for the full-history sets, or
    /// <c>{dataset}/{origin date}.csv</c> (one file per origin, its last day the target day) for the windowed ones.
    /// </summary>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(IReadOnlyList<BacktestCase> cases, Ablation ablation, string folder)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(folder);
        var paths = new List<string>();
        var written = new HashSet<LoadSeries>();
        foreach (BacktestCase c in cases)
        {
            if (!written.Add(c.Series))
            {
                continue;
            }

            string path = IsWindowed(ablation)
                ? Path.Combine(folder, c.Dataset, c.Series.DateOf(c.OriginDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".csv")
                : Path.Combine(folder, c.Dataset + ".csv");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var writer = new StreamWriter(path))
            {
                WriteCsv(writer, c.Series);
            }

            paths.Add(path);
        }

        return paths;
    }
}
