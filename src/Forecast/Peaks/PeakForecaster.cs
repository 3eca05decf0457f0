using Lumen.Forecast.Data;
using Lumen.Forecast.Models;

namespace Lumen.Forecast.Peaks;

/// <summary>Planner-supplied growth of one series on top of the historical trend.</summary>
/// <param name="GrowthPercentPerYear">Extra compound growth, % per year (e.g. EV adoption); replaces the historical trend when not null.</param>
/// <param name="AddedPeakMw">Step addition to the peak (new housing estate, charging hub), MW.</param>
/// <param name="AddedFromYear">First forecast year (1-based) in which <paramref name="AddedPeakMw"/> applies.</param>
public sealed record PlannerGrowth(double? GrowthPercentPerYear, double AddedPeakMw = 0, int AddedFromYear = 1);

/// <summary>Options of the long-term peak forecast.</summary>
public sealed record PeakOptions
{
    /// <summary>Years ahead (1-10 typical; at most 30). Default 10.</summary>
    public int Years { get; init; } = 10;

    /// <summary>Days the historical weather is shifted either way to enlarge the sample (Hong et al. 2014); default 4.</summary>
    public int ShiftDays { get; init; } = 4;

    /// <summary>Historical growth is clamped to ± this many % per year (default 8): two or three years cannot support more.</summary>
    public double MaxHistoricalGrowthPercent { get; init; } = 8;

    /// <summary>Rating of the asset the series loads, kVA, or null when unknown (no overload flag).</summary>
    public double? RatingKva { get; init; }

    /// <summary>Power factor to turn MW into kVA for the rating check (default 0.95).</summary>
    public double PowerFactor { get; init; } = 0.95;

    /// <summary>Planner growth, or null for the historical trend only.</summary>
    public PlannerGrowth? Growth { get; init; }
}

/// <summary>Peak demand of one forecast year.</summary>
/// <param name="Year">Calendar year.</param>
/// <param name="P50Mw">Median annual peak, MW.</param>
/// <param name="P90Mw">90th-percentile annual peak, MW (exceeded one year in ten).</param>
/// <param name="SummerP50Mw">Median June-August peak, MW.</param>
/// <param name="SummerP90Mw">90th-percentile June-August peak, MW.</param>
/// <param name="WinterP50Mw">Median December-February peak, MW.</param>
/// <param name="WinterP90Mw">90th-percentile December-February peak, MW.</param>
/// <param name="P90LoadingPercent">P90 peak as % of the rating (NaN without rating).</param>
public sealed record YearPeak(int Year, double P50Mw, double P90Mw, double SummerP50Mw, double SummerP90Mw, double WinterP50Mw, double WinterP90Mw, double P90LoadingPercent);

/// <summary>Long-term peak forecast of one series.</summary>
/// <param name="SeriesName">Series id.</param>
/// <param name="HistoricalPeakMw">Largest observed load, MW.</param>
/// <param name="WeatherYears">Historical weather years simulated (× shifted copies).</param>
/// <param name="Samples">Peak samples per forecast year.</param>
/// <param name="GrowthPercentPerYear">Growth applied, % per year (historical trend or planner value).</param>
/// <param name="Years">Peaks per forecast year.</param>
/// <param name="FirstOverloadYear">First year whose P90 peak exceeds the rating; null when never or without rating.</param>
/// <param name="Diagnostics">Warnings (short history, no temperature, growth clamped).</param>
public sealed record PeakForecast(string SeriesName, double HistoricalPeakMw, int WeatherYears, int Samples, double GrowthPercentPerYear, IReadOnlyList<YearPeak> Years, int? FirstOverloadYear, IReadOnlyList<ForecastDiagnostic> Diagnostics);

/// <summary>
/// Weather-normalised long-term peaks: fits Lumen's stage-1 calendar/temperature regression (no recent-load terms) on
/// the last two years, then replays every historical weather year (shifted by ±<see cref="PeakOptions.ShiftDays"/> days,
/// Hong, Wilson and Xie 2014) at today's load level (trend frozen at the end of history), adds the model residuals of the
/// same historical days, and takes the annual and seasonal maxima. Shifting moves weather against the calendar, so each
/// sample pairs a weather day with a neighbouring day's calendar. P50/P90 are empirical quantiles over those samples, scaled by compound
/// growth (historical trend from the regression, or the planner's) plus planner step additions.
/// </summary>
/// <remarks>Without temperature the weather years reduce to the history's own years (calendar replay). Thread-safe.</remarks>
public static class PeakForecaster
{
    /// <summary>Forecasts annual and seasonal peaks for <see cref="PeakOptions.Years"/> years after the series ends.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Years not in 1..30.</exception>
    public static PeakForecast Forecast(LoadSeries series, HolidayCalendar calendar, PeakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(calendar);
        options ??= new PeakOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Years, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Years, 30);
        var diagnostics = new List<ForecastDiagnostic>();
        CleaningResult cleaned = SeriesCleaner.Clean(series);
        diagnostics.AddRange(cleaned.Diagnostics);
        LoadSeries clean = cleaned.Series;
        int s = clean.PeriodsPerDay;
        int nd = clean.DayCount;
        ReadOnlySpan<double> y = clean.LoadMw;
        double histPeak = 0;
        for (int t = 0; t < y.Length; t++)
        {
            histPeak = Math.Max(histPeak, y[t]);
        }

        if (nd < 56)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"only {nd} days of history: the peak forecast is the observed peak with historical growth 0", ForecastSeverity.Warning));
        }

        if (nd < 365)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", "less than a year of history: seasons not seen are extrapolated by the temperature response only", ForecastSeverity.Warning));
        }

        if (!clean.HasTemperature)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "temperature_c", "no temperature: peaks are not weather-normalised (history replayed as is)", ForecastSeverity.Warning));
        }

        int first = Math.Max(1, nd - 730);
        int train = nd - first;
        bool annual = train >= 365;
        var design = new Stage1Design(clean, calendar, true, clean.HasTemperature, annual, first, nd);
        int k = design.Columns;
        double level = 0;
        for (int t = first * s; t < nd * s; t++)
        {
            level += Math.Abs(y[t]);
        }

        level = level > 0 ? level / ((nd - first) * s) : 1;
        var betas = new double[s * k];
        var neq = new NormalEquations(k);
        var row = new double[k];
        double trendSum = 0;
        for (int p = 0; p < s && train >= 28; p++)
        {
            neq.Reset();
            for (int d = first; d < nd; d++)
            {
                design.Row(d, p, row);
                neq.Add(row, y[(d * s) + p] / level, 1);
            }

            Span<double> b = betas.AsSpan(p * k, k);
            if (!neq.Solve(b, 1e-4))
            {
                b.Clear();
            }

            trendSum += b[11];
        }

        // Historical growth: the trend coefficient (per year, in units of the mean level) averaged over periods.
        double growthHist = train >= 365 ? 100 * trendSum / s : 0;
        double clampG = options.MaxHistoricalGrowthPercent;
        if (Math.Abs(growthHist) > clampG)
        {
            diagnostics.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"historical trend {growthHist:0.0} %/yr clamped to ±{clampG:0} %/yr", ForecastSeverity.Warning));
            growthHist = Math.Clamp(growthHist, -clampG, clampG);
        }

        double growth = options.Growth?.GrowthPercentPerYear ?? growthHist;

        // Residuals of the fitted model over the training days, aligned with the days (to replay with their weather).
        var fitted = new double[(nd - first) * s];
        var resid = new double[(nd - first) * s];
        for (int d = first; d < nd; d++)
        {
            for (int p = 0; p < s; p++)
            {
                design.Row(d, p, row);
                double f = 0;
                ReadOnlySpan<double> b = betas.AsSpan(p * k, k);
                for (int j = 0; j < k; j++)
                {
                    f += row[j] * b[j];
                }

                // The replay freezes the trend at the end of history; the residual keeps the day's own trend.
                double frozen = f + (b[11] * (((nd - 1) / 365.25) - row[11]));
                int fi = ((d - first) * s) + p;
                fitted[fi] = train >= 28 ? frozen * level : y[(d * s) + p];
                resid[fi] = train >= 28 ? y[(d * s) + p] - (f * level) : 0;
            }
        }

        // Each "weather year" is a 365-day block of the training window ending at its last day, shifted by ±ShiftDays.
        int blocks = Math.Max(1, (nd - first) / 365);
        int shifts = (2 * options.ShiftDays) + 1;
        int samples = blocks * shifts;
        var annualPeak = new double[samples];
        var summerPeak = new double[samples];
        var winterPeak = new double[samples];
        int baseYear = clean.DateOf(nd - 1).Year;
        var years = new List<YearPeak>(options.Years);
        int? overload = null;
        int idx = 0;
        // Shifted days stay inside the window, clear of its first two days when it has them (fewer than four days of
        // history leave no such room: then the last day bounds both ends).
        int lowest = Math.Min(first + 2, nd - 1);
        for (int bk = 0; bk < blocks; bk++)
        {
            int blockEnd = nd - (bk * 365);
            int blockStart = Math.Max(first, blockEnd - 365);
            for (int sh = -options.ShiftDays; sh <= options.ShiftDays; sh++)
            {
                double a = double.MinValue;
                double su = double.MinValue;
                double wi = double.MinValue;
                for (int d = blockStart; d < blockEnd; d++)
                {
                    int src = Math.Clamp(d + sh, lowest, nd - 1);
                    int month = clean.DateOf(d).Month;
                    for (int p = 0; p < s; p++)
                    {
                        int fi = ((src - first) * s) + p;
                        double v;
                        if (train >= 28)
                        {
                            design.Row(d, p, row, src);
                            ReadOnlySpan<double> b = betas.AsSpan(p * k, k);
                            double f = b[11] * ((nd - 1) / 365.25);
                            for (int j = 0; j < k; j++)
                            {
                                f += j == 11 ? 0 : row[j] * b[j];
                            }

                            v = (f * level) + resid[fi];
                        }
                        else
                        {
                            v = y[(src * s) + p];
                        }

                        a = Math.Max(a, v);
                        if (month is 6 or 7 or 8)
                        {
                            su = Math.Max(su, v);
                        }
                        else if (month is 12 or 1 or 2)
                        {
                            wi = Math.Max(wi, v);
                        }
                    }
                }

                annualPeak[idx] = a == double.MinValue ? histPeak : a; // one day of history: no day to replay
                summerPeak[idx] = su == double.MinValue ? double.NaN : su;
                winterPeak[idx] = wi == double.MinValue ? double.NaN : wi;
                idx++;
            }
        }

        Array.Sort(annualPeak);
        double p50 = LumenRegression.EmpiricalQuantile(annualPeak, 0.5);
        double p90 = LumenRegression.EmpiricalQuantile(annualPeak, 0.9);
        (double s50, double s90) = Quantiles(summerPeak);
        (double w50, double w90) = Quantiles(winterPeak);
        for (int yr = 1; yr <= options.Years; yr++)
        {
            double g = Math.Pow(1 + (growth / 100), yr);
            double add = options.Growth is { } pg && yr >= pg.AddedFromYear ? pg.AddedPeakMw : 0;
            double yp90 = (p90 * g) + add;
            double loading = options.RatingKva is > 0 ? 100 * yp90 * 1000 / options.PowerFactor / options.RatingKva.Value : double.NaN;
            if (overload is null && loading > 100)
            {
                overload = baseYear + yr;
            }

            years.Add(new YearPeak(baseYear + yr, (p50 * g) + add, yp90, (s50 * g) + add, (s90 * g) + add, (w50 * g) + add, (w90 * g) + add, loading));
        }

        return new PeakForecast(series.Name, histPeak, blocks, samples, growth, years, overload, diagnostics);
    }

    private static (double P50, double P90) Quantiles(double[] v)
    {
        double[] finite = Array.FindAll(v, double.IsFinite);
        if (finite.Length == 0)
        {
            return (double.NaN, double.NaN);
        }

        Array.Sort(finite);
        return (LumenRegression.EmpiricalQuantile(finite, 0.5), LumenRegression.EmpiricalQuantile(finite, 0.9));
    }
}
