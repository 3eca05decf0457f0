using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// Lumen's day-ahead model: a two-stage, per-period linear regression fitted by weighted least squares.
/// </summary>
/// <remarks>
/// <para><b>Stage 1 (calendar and weather)</b>, one regression per period of the day over <see cref="LumenOptions.WindowDays"/>
/// days with exponentially decaying weights: intercept, weekday, holiday, bridge-day, festival and day-after-holiday
/// dummies, a linear trend, two annual harmonics, and, with temperature, the recency terms of Wang, Liu and Hong (2016):
/// T, T², T³, the temperatures 1-3 h earlier, the 24-h moving average and the previous 24-h average (and squares), and
/// T, T² interacted with the annual harmonic so the heating/cooling response changes smoothly over the year.</para>
/// <para><b>Stage 2 (recent load)</b>: stage-1 residuals are strongly autocorrelated (level shifts, weather-forecast-free
/// drifts, COVID-like breaks). Per period, the residual is regressed on yesterday's last residual, yesterday's residual
/// at the same period, yesterday's mean residual and last week's residual at the same period. Because residuals are
/// already free of weekday and holiday effects, Monday-after-Sunday needs no special treatment.</para>
/// <para><b>Intervals</b>: empirical quantiles of stage-2 relative residuals over the last
/// <see cref="LumenOptions.QuantileWindowDays"/> days, by period of day (pooled with the two neighbouring periods),
/// inflated by √(n/(n−k)); beyond the first day the stage-1 residual quantiles are used (the recent-load information has
/// decayed), a conservative choice.</para>
/// <para>Multi-day horizons are recursive in stage 2 (predicted residuals feed the next day). Cost per fit is
/// O(s·n·k²) with s periods per day, n window days and k ≈ 29 columns. Thread-safe: all state is per call.</para>
/// <para>Fallbacks (each with a warning): fewer than 28 days of history → seasonal naive (≥ 7 days) or yesterday's profile;
/// less than a year → no annual terms; a flat series → persistence; a singular fit → seasonal naive.</para>
/// </remarks>
public sealed class LumenRegression : IDayAheadForecaster
{
    private const int MinDays = 28;
    private const int Stage2Columns = 5;
    private readonly LumenOptions _options;

    /// <summary>Creates the model with <paramref name="options"/> (null = <see cref="LumenOptions.Default"/>).</summary>
    public LumenRegression(LumenOptions? options = null)
    {
        _options = options ?? LumenOptions.Default;
    }

    /// <inheritdoc />
    public string Name => "lumen";

    /// <summary>The settings.</summary>
    public LumenOptions Options => _options;

    /// <inheritdoc />
    public ForecastResult Forecast(ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int d0 = request.OriginDay;
        int horizon = request.HorizonDays;
        var warnings = new List<ForecastDiagnostic>();
        ReadOnlySpan<double> y = series.LoadMw;

        if (IsFlat(y, request.OriginIndex, s))
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", "flat or dead series (no variation over the last week): persistence forecast", ForecastSeverity.Warning));
            return Persistence(request, warnings);
        }

        int first = Math.Max(1, d0 - _options.WindowDays);
        int trainDays = d0 - first;
        if (trainDays < MinDays)
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"only {d0} day(s) of history (fewer than {MinDays}): seasonal naive used", ForecastSeverity.Warning));
            return d0 >= 7 ? Relabel(new SeasonalNaive().Forecast(request), warnings) : Persistence(request, warnings);
        }

        bool annual = trainDays >= 365;
        if (!annual)
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"{trainDays} days of history (less than a year): no annual terms", ForecastSeverity.Warning));
        }

        bool useTemp = _options.UseTemperature && series.HasTemperature;
        var design = new Stage1Design(series, request.Calendar, _options.UseHolidays, useTemp, annual, first, d0 + horizon);
        int k = design.Columns;
        int days = d0 + horizon - first;        // rows per period: training days then horizon days
        double level = MeanAbs(y[(first * s)..(d0 * s)]);
        if (!(level > 0))
        {
            level = 1;
        }

        var weights = new double[trainDays];
        double decay = _options.HalfLifeDays > 0 ? Math.Log(2) / _options.HalfLifeDays : 0;
        for (int i = 0; i < trainDays; i++)
        {
            weights[i] = Math.Exp(-decay * (trainDays - 1 - i));
        }

        // Stage 1: rows are cached per period so that the fitted values reuse them.
        var rows = new double[days * k];
        var fit1 = new double[days * s];   // stage-1 fitted value (in units of level), day-major
        var resid = new double[days * s];  // stage-1 residual for training days, predicted residual for horizon days
        var beta = new double[k];
        var neq = new NormalEquations(k);
        for (int p = 0; p < s; p++)
        {
            for (int i = 0; i < days; i++)
            {
                design.Row(first + i, p, rows.AsSpan(i * k, k));
            }

            neq.Reset();
            for (int i = 0; i < trainDays; i++)
            {
                neq.Add(rows.AsSpan(i * k, k), y[((first + i) * s) + p] / level, weights[i]);
            }

            if (!neq.Solve(beta, _options.Ridge))
            {
                warnings.Add(new ForecastDiagnostic(series.Name, 0, string.Empty, "the regression could not be fitted (singular design): seasonal naive used", ForecastSeverity.Warning));
                return Relabel(new SeasonalNaive().Forecast(request), warnings);
            }

            for (int i = 0; i < days; i++)
            {
                ReadOnlySpan<double> x = rows.AsSpan(i * k, k);
                double f = 0;
                for (int j = 0; j < k; j++)
                {
                    f += x[j] * beta[j];
                }

                fit1[(i * s) + p] = f;
                resid[(i * s) + p] = i < trainDays ? (y[((first + i) * s) + p] / level) - f : 0;
            }
        }

        // Stage 2: residual autoregression on yesterday and last week, per period.
        var beta2 = new double[s * Stage2Columns];
        var resid2 = new double[days * s];
        var fitted = new double[days * s];
        var neq2 = new NormalEquations(Stage2Columns);
        Span<double> x2 = stackalloc double[Stage2Columns];
        Span<double> b2 = stackalloc double[Stage2Columns];
        for (int p = 0; p < s; p++)
        {
            neq2.Reset();
            for (int i = 7; i < trainDays; i++)
            {
                Stage2Row(resid, s, i, p, x2);
                neq2.Add(x2, resid[(i * s) + p], weights[i]);
            }

            if (!neq2.Solve(b2, 1e-6))
            {
                b2.Clear();
            }

            b2.CopyTo(beta2.AsSpan(p * Stage2Columns, Stage2Columns));
        }

        // In-sample stage-2 residuals for the quantiles, then the recursive forecast over the horizon.
        for (int i = 7; i < days; i++)
        {
            bool train = i < trainDays;
            for (int p = 0; p < s; p++)
            {
                Stage2Row(resid, s, i, p, x2);
                ReadOnlySpan<double> bp = beta2.AsSpan(p * Stage2Columns, Stage2Columns);
                double e = 0;
                for (int j = 0; j < Stage2Columns; j++)
                {
                    e += x2[j] * bp[j];
                }

                int idx = (i * s) + p;
                fitted[idx] = fit1[idx] + e;
                if (train)
                {
                    resid2[idx] = resid[idx] - e;
                }
                else
                {
                    resid[idx] = e;     // the predicted residual feeds the next horizon day
                }
            }
        }

        int steps = request.Steps;
        var mean = new double[steps];
        var quantiles = new double[steps * ForecastResult.LevelCount];
        int qDays = Math.Min(_options.QuantileWindowDays, trainDays - 7);
        int qFirst = trainDays - qDays;
        double inflate = Math.Sqrt(trainDays / (double)Math.Max(1, trainDays - k - Stage2Columns));

        // Volatility clustering: when the last four weeks were more (or less) erratic than the quantile window, widen (or
        // narrow) the first-day quantiles; the square-root blend keeps half the weight on the long window.
        double recent = RelativeRms(resid2, fitted, s, Math.Max(7, trainDays - 28), trainDays);
        double longRun = RelativeRms(resid2, fitted, s, Math.Max(7, qFirst), trainDays);
        double adapt = longRun > 0 ? Math.Clamp(Math.Sqrt(0.5 + (0.5 * (recent * recent) / (longRun * longRun))), 0.8, 1.6) : 1;
        var sample = new double[3 * qDays];
        Span<double> q = stackalloc double[ForecastResult.LevelCount];
        Span<double> q1 = stackalloc double[ForecastResult.LevelCount];
        for (int p = 0; p < s; p++)
        {
            RelativeQuantiles(resid2, fitted, s, p, qFirst, trainDays, sample, q);
            if (horizon > 1)
            {
                RelativeQuantiles(resid, fit1, s, p, qFirst, trainDays, sample, q1);
            }

            for (int h = 0; h < horizon; h++)
            {
                int i = d0 - first + h;
                int step = (h * s) + p;
                double f = fitted[(i * s) + p];
                mean[step] = f * level;
                ReadOnlySpan<double> qq = h == 0 ? q : q1;
                double widen = h == 0 ? inflate * adapt : inflate;
                for (int l = 0; l < ForecastResult.LevelCount; l++)
                {
                    quantiles[(step * ForecastResult.LevelCount) + l] = level * f * (1 + (widen * qq[l]));
                }

                // The point forecast lies inside the distribution; keep the quantiles monotone.
                SortSmall(quantiles.AsSpan(step * ForecastResult.LevelCount, ForecastResult.LevelCount));
            }
        }

        if (!AllFinite(mean) || !AllFinite(quantiles))
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, string.Empty, "the regression produced non-finite values: seasonal naive used", ForecastSeverity.Warning));
            return Relabel(new SeasonalNaive().Forecast(request), warnings);
        }

        return new ForecastResult(Name, series.TimeOf(request.OriginIndex), series.Period, mean, quantiles, warnings);
    }

    private static void Stage2Row(double[] resid, int s, int i, int p, Span<double> x)
    {
        int yd = (i - 1) * s;
        double sum = 0;
        for (int j = 0; j < s; j++)
        {
            sum += resid[yd + j];
        }

        x[0] = 1;
        x[1] = resid[yd + s - 1];
        x[2] = resid[yd + p];
        x[3] = sum / s;
        x[4] = resid[((i - 7) * s) + p];
    }

    private static double RelativeRms(double[] e, double[] f, int s, int from, int to)
    {
        double sum = 0;
        int n = 0;
        for (int idx = from * s; idx < to * s; idx++)
        {
            if (f[idx] != 0)
            {
                double r = e[idx] / f[idx];
                sum += r * r;
                n++;
            }
        }

        return n > 0 ? Math.Sqrt(sum / n) : 0;
    }

    /// <summary>Quantiles of e/f over days [from, to) at periods p-1, p, p+1 (circular), into <paramref name="q"/>.</summary>
    private static void RelativeQuantiles(double[] e, double[] f, int s, int p, int from, int to, double[] sample, Span<double> q)
    {
        int n = 0;
        for (int dp = -1; dp <= 1; dp++)
        {
            int pp = (p + dp + s) % s;
            for (int i = Math.Max(from, 7); i < to; i++)
            {
                int idx = (i * s) + pp;
                double fv = f[idx];
                if (fv != 0)
                {
                    sample[n++] = e[idx] / fv;
                }
            }
        }

        Span<double> v = sample.AsSpan(0, n);
        v.Sort();
        ReadOnlySpan<double> levels = ForecastResult.LevelSpan;
        for (int l = 0; l < levels.Length; l++)
        {
            q[l] = n == 0 ? 0 : EmpiricalQuantile(v, levels[l]);
        }
    }

    /// <summary>Type-7 (R default) quantile of a sorted sample.</summary>
    internal static double EmpiricalQuantile(ReadOnlySpan<double> sorted, double level)
    {
        double h = (sorted.Length - 1) * level;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static void SortSmall(Span<double> v)
    {
        for (int i = 1; i < v.Length; i++)
        {
            double x = v[i];
            int j = i - 1;
            while (j >= 0 && v[j] > x)
            {
                v[j + 1] = v[j];
                j--;
            }

            v[j + 1] = x;
        }
    }

    private static bool AllFinite(double[] v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static double MeanAbs(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += Math.Abs(v[i]);
        }

        return v.Length == 0 ? 0 : s / v.Length;
    }

    /// <summary>True when the last week before the origin has no variation (a dead meter or a constant export).</summary>
    internal static bool IsFlat(ReadOnlySpan<double> y, int origin, int s)
    {
        int from = Math.Max(0, origin - (7 * s));
        if (origin - from < 2)
        {
            return true;
        }

        double min = double.MaxValue;
        double max = double.MinValue;
        for (int t = from; t < origin; t++)
        {
            min = Math.Min(min, y[t]);
            max = Math.Max(max, y[t]);
        }

        return max - min <= 1e-9 * Math.Max(1, Math.Abs(max));
    }

    private ForecastResult Persistence(ForecastRequest request, List<ForecastDiagnostic> warnings)
    {
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int origin = request.OriginIndex;
        ReadOnlySpan<double> y = series.LoadMw;
        var mean = new double[request.Steps];
        var sd = new double[request.Steps];
        double spread = 0;
        int from = Math.Max(s, origin - (7 * s));
        for (int t = from; t < origin; t++)
        {
            spread += Math.Abs(y[t] - y[t - s]);
        }

        spread = origin - from > 0 ? 1.25 * spread / (origin - from) : 0;
        for (int h = 0; h < mean.Length; h++)
        {
            int src = origin - s + (h % s);
            mean[h] = src >= 0 ? y[src] : (origin > 0 ? y[origin - 1] : 0);
            sd[h] = spread;
        }

        return ForecastResult.FromNormal(Name, series.TimeOf(origin), series.Period, mean, sd, warnings);
    }

    private ForecastResult Relabel(ForecastResult inner, List<ForecastDiagnostic> warnings)
    {
        var q = new double[inner.Steps * ForecastResult.LevelCount];
        var mean = inner.MeanMw.ToArray();
        for (int h = 0; h < inner.Steps; h++)
        {
            for (int l = 0; l < ForecastResult.LevelCount; l++)
            {
                q[(h * ForecastResult.LevelCount) + l] = inner.Quantile(h, ForecastResult.LevelSpan[l]);
            }
        }

        return new ForecastResult(Name, inner.FirstPeriodStart, inner.Period, mean, q, warnings);
    }
}
