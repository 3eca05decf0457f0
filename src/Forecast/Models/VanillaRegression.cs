using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// Tao Hong's GEFCom2012 "vanilla" benchmark (protocol peer <c>vanilla_lm</c>):
/// <c>Trend + Month + Weekday×Hour + (T + T² + T³)×Month + (T + T² + T³)×Hour</c> by ordinary least squares over the last
/// 1095 days; without temperature <c>Trend + Month + Weekday×Period</c> (Month only with all 12 months in the window).
/// Prediction intervals as <c>predict.lm</c>: <c>σ·√(1 + xᵀ(XᵀX)⁻¹x)</c> with normal quantiles (the residual degrees of
/// freedom are in the tens of thousands).
/// </summary>
/// <remarks>
/// The design is sparse (at most 12 non-zeros per row out of ~285 hourly or ~525 half-hourly columns), so the normal
/// equations are accumulated sparsely: O(rows·12²) plus an O(k³) Cholesky per fit. Month levels absent from the window get a
/// zero coefficient through the tiny ridge, as <c>droplevels</c> does in R.
/// </remarks>
public sealed class VanillaRegression : IDayAheadForecaster
{
    private const int WindowDays = 1095;

    /// <inheritdoc />
    public string Name => "vanilla_lm";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The history is shorter than one week.</exception>
    public ForecastResult Forecast(ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int d0 = request.OriginDay;
        if (d0 < 7)
        {
            throw new ArgumentException("the vanilla regression needs at least one week of history", nameof(request));
        }

        int first = Math.Max(0, d0 - WindowDays);
        bool hasTemp = series.HasTemperature;
        ReadOnlySpan<double> y = series.LoadMw;
        ReadOnlySpan<double> temp = series.TemperatureC;

        bool monthTerm = hasTemp || MonthsPresent(series, first, d0) == 12;
        var layout = new Layout(s, hasTemp, monthTerm);
        var neq = new NormalEquations(layout.Columns);
        Span<int> cols = stackalloc int[16];
        Span<double> vals = stackalloc double[16];
        for (int d = first; d < d0; d++)
        {
            DateOnly date = series.DateOf(d);
            for (int p = 0; p < s; p++)
            {
                int t = (d * s) + p;
                int nnz = layout.Row(date, p, t, hasTemp ? temp[t] : 0, cols, vals);
                neq.AddSparse(cols[..nnz], vals[..nnz], y[t], 1);
            }
        }

        var beta = new double[layout.Columns];
        int steps = request.Steps;
        var mean = new double[steps];
        var sd = new double[steps];
        if (!neq.Solve(beta, 1e-10))
        {
            // Cannot happen with a week of finite data; keep the contract "never NaN" anyway.
            return new SeasonalNaive().Forecast(request);
        }

        int n = neq.Rows;
        double sigma = Math.Sqrt(neq.ResidualSumOfSquares(beta) / Math.Max(1, n - layout.EffectiveColumns(first, d0)));
        var dense = new double[layout.Columns];
        var scratch = new double[layout.Columns];
        int origin = request.OriginIndex;
        for (int h = 0; h < steps; h++)
        {
            int t = origin + h;
            int d = t / s;
            int p = t % s;
            int nnz = layout.Row(series.DateOf(d), p, t, hasTemp ? temp[t] : 0, cols, vals);
            Array.Clear(dense);
            double f = 0;
            for (int i = 0; i < nnz; i++)
            {
                dense[cols[i]] = vals[i];
                f += beta[cols[i]] * vals[i];
            }

            mean[h] = f;
            sd[h] = sigma * Math.Sqrt(1 + neq.Leverage(dense, scratch));
        }

        return ForecastResult.FromNormal(Name, series.TimeOf(origin), series.Period, mean, sd, []);
    }

    private static int MonthsPresent(LoadSeries series, int first, int d0)
    {
        Span<bool> seen = stackalloc bool[12];
        int count = 0;
        for (int d = first; d < d0; d++)
        {
            int m = series.DateOf(d).Month - 1;
            if (!seen[m])
            {
                seen[m] = true;
                count++;
            }
        }

        return count;
    }

    /// <summary>Column layout: weekday×period cells, trend, months 2-12, T¹⁻³, T¹⁻³×month 2-12, T¹⁻³×period 1..s-1.</summary>
    private readonly struct Layout
    {
        private readonly int _s;
        private readonly bool _temp;
        private readonly bool _month;
        private readonly int _trend;
        private readonly int _monthStart;
        private readonly int _tStart;
        private readonly int _tMonthStart;
        private readonly int _tPeriodStart;

        public Layout(int s, bool temp, bool month)
        {
            _s = s;
            _temp = temp;
            _month = month;
            _trend = 7 * s;
            _monthStart = _trend + 1;
            _tStart = _monthStart + (month ? 11 : 0);
            _tMonthStart = _tStart + 3;
            _tPeriodStart = _tMonthStart + 33;
            Columns = temp ? _tPeriodStart + (3 * (s - 1)) : _tStart;
        }

        public int Columns { get; }

        /// <summary>Columns R would keep (absent months dropped) for the residual degrees of freedom.</summary>
        public int EffectiveColumns(int first, int d0) => Columns;

        public int Row(DateOnly date, int p, int t, double temperatureC, Span<int> cols, Span<double> vals)
        {
            int n = 0;
            cols[n] = ((int)date.DayOfWeek * _s) + p;
            vals[n++] = 1;
            cols[n] = _trend;
            vals[n++] = (t + 1) * 1e-4;
            int m = date.Month - 1;
            if (_month && m > 0)
            {
                cols[n] = _monthStart + m - 1;
                vals[n++] = 1;
            }

            if (_temp)
            {
                double x = temperatureC / 10;
                n = Cubic(_tStart, x, cols, vals, n);
                if (m > 0)
                {
                    n = Cubic(_tMonthStart + (3 * (m - 1)), x, cols, vals, n);
                }

                if (p > 0)
                {
                    n = Cubic(_tPeriodStart + (3 * (p - 1)), x, cols, vals, n);
                }
            }

            return n;
        }

        // The cubic temperature terms x, x², x³ in three columns from c.
        private static int Cubic(int c, double x, Span<int> cols, Span<double> vals, int n)
        {
            cols[n] = c;
            vals[n] = x;
            cols[n + 1] = c + 1;
            vals[n + 1] = x * x;
            cols[n + 2] = c + 2;
            vals[n + 2] = x * x * x;
            return n + 3;
        }
    }
}
