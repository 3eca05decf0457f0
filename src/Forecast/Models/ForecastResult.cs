using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// A probabilistic forecast of consecutive periods: point forecast plus a fixed grid of quantiles per step.
/// </summary>
/// <remarks>
/// Invariant: for every step the quantiles are non-decreasing in the level and finite. Quantiles at other levels are
/// interpolated linearly between grid levels (and clamped to the outermost ones). Immutable.
/// </remarks>
public sealed class ForecastResult
{
    /// <summary>The quantile levels stored for every step (0.005 ... 0.995, incl. 0.025/0.1/0.9/0.975).</summary>
    public static IReadOnlyList<double> Levels => s_levels;

    private static readonly double[] s_levels =
    [
        0.005, 0.01, 0.025, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50,
        0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 0.975, 0.99, 0.995,
    ];

    internal const int LevelCount = 25;
    internal const int I025 = 2;
    internal const int I10 = 4;
    internal const int I90 = 20;
    internal const int I975 = 22;

    private readonly double[] _mean;
    private readonly double[] _quantiles; // step-major: [step * LevelCount + level]

    internal ForecastResult(string method, DateTime firstPeriodStart, TimeSpan period, double[] mean, double[] quantiles, IReadOnlyList<ForecastDiagnostic> warnings)
    {
        Method = method;
        FirstPeriodStart = firstPeriodStart;
        Period = period;
        _mean = mean;
        _quantiles = quantiles;
        Warnings = warnings;
    }

    /// <summary>Method that produced the forecast (e.g. <c>lumen</c>, <c>vanilla_lm</c>, <c>snaive</c>).</summary>
    public string Method { get; }

    /// <summary>Start of the first forecast period (the origin).</summary>
    public DateTime FirstPeriodStart { get; }

    /// <summary>Period length.</summary>
    public TimeSpan Period { get; }

    /// <summary>Number of forecast periods.</summary>
    public int Steps => _mean.Length;

    /// <summary>Point forecast (conditional mean) per step, MW.</summary>
    public ReadOnlySpan<double> MeanMw => _mean;

    /// <summary>Warnings: data repaired, a simpler model used, a flat series.</summary>
    public IReadOnlyList<ForecastDiagnostic> Warnings { get; }

    /// <summary>
    /// The model variant that produced the forecast when the method selects one per series (Lumen: e.g. <c>full+s2</c>,
    /// see <see cref="LumenRegression"/>); empty otherwise.
    /// </summary>
    public string Variant { get; init; } = string.Empty;

    /// <summary>The <paramref name="level"/> quantile of step <paramref name="step"/>, MW.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in (0, 1) or the step is out of range.</exception>
    public double Quantile(int step, double level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, Steps);
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "a quantile level lies strictly between 0 and 1");
        }

        ReadOnlySpan<double> q = _quantiles.AsSpan(step * LevelCount, LevelCount);
        if (level <= s_levels[0])
        {
            return q[0];
        }

        if (level >= s_levels[^1])
        {
            return q[^1];
        }

        int i = 1;
        while (s_levels[i] < level)
        {
            i++;
        }

        double f = (level - s_levels[i - 1]) / (s_levels[i] - s_levels[i - 1]);
        return q[i - 1] + (f * (q[i] - q[i - 1]));
    }

    /// <summary>Lower bound of the central 80 % interval (the 0.10 quantile), MW.</summary>
    public double Lower80(int step) => _quantiles[(step * LevelCount) + I10];

    /// <summary>Upper bound of the central 80 % interval (the 0.90 quantile), MW.</summary>
    public double Upper80(int step) => _quantiles[(step * LevelCount) + I90];

    /// <summary>Lower bound of the central 95 % interval (the 0.025 quantile), MW.</summary>
    public double Lower95(int step) => _quantiles[(step * LevelCount) + I025];

    /// <summary>Upper bound of the central 95 % interval (the 0.975 quantile), MW.</summary>
    public double Upper95(int step) => _quantiles[(step * LevelCount) + I975];

    /// <summary>Start time of step <paramref name="step"/>.</summary>
    public DateTime TimeOf(int step) => FirstPeriodStart.AddTicks(Period.Ticks * step);

    /// <summary>The same forecast with other warnings.</summary>
    internal ForecastResult WithWarnings(IReadOnlyList<ForecastDiagnostic> warnings) => new(Method, FirstPeriodStart, Period, _mean, _quantiles, warnings) { Variant = Variant };

    /// <summary>Builds a result from point forecasts and normal errors with standard deviation per step (Gaussian quantiles).</summary>
    internal static ForecastResult FromNormal(string method, DateTime start, TimeSpan period, double[] mean, ReadOnlySpan<double> sigma, IReadOnlyList<ForecastDiagnostic> warnings)
    {
        var q = new double[mean.Length * LevelCount];
        for (int h = 0; h < mean.Length; h++)
        {
            for (int l = 0; l < LevelCount; l++)
            {
                q[(h * LevelCount) + l] = mean[h] + (sigma[h] * NormalQuantile(s_levels[l]));
            }
        }

        return new ForecastResult(method, start, period, mean, q, warnings);
    }

    /// <summary>Standard normal quantile (Acklam's rational approximation, |error| below 1.2e-9).</summary>
    internal static double NormalQuantile(double p) => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, p);

    internal static ReadOnlySpan<double> LevelSpan => s_levels;
}
