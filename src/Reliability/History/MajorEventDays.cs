namespace Lumen.Reliability.History;

/// <summary>One major event day and its daily SAIDI.</summary>
/// <param name="Date">The local calendar day.</param>
/// <param name="SaidiHours">Its daily SAIDI in hours (events assigned to the day they began, IEEE 1366).</param>
public readonly record struct MajorEventDay(DateOnly Date, double SaidiHours);

/// <summary>
/// The 2.5β threshold and the major event days it finds (IEEE 1366-2012 §4.5).
/// </summary>
/// <param name="ThresholdHours">T_MED = exp(α + k·β) in hours of daily SAIDI; NaN when fewer than two non-zero days were learnt from.</param>
/// <param name="Alpha">α: mean of ln(daily SAIDI in hours) over the non-zero learning days.</param>
/// <param name="Beta">β: their standard deviation (sample or population, per the options).</param>
/// <param name="LearningDays">Number of non-zero daily SAIDI values learnt from.</param>
/// <param name="LearningFrom">First day of the learning window.</param>
/// <param name="LearningTo">Day after the learning window.</param>
/// <param name="Basis"><c>preceding_years</c> (the years before the period, as IEEE 1366 prescribes) or <c>in_period</c> (no history before the period; the period itself was used).</param>
/// <param name="Days">The days of the period whose daily SAIDI exceeds the threshold, in date order.</param>
/// <remarks>Immutable.</remarks>
public sealed record MajorEventDayResult(
    double ThresholdHours,
    double Alpha,
    double Beta,
    int LearningDays,
    DateOnly LearningFrom,
    DateOnly LearningTo,
    string Basis,
    IReadOnlyList<MajorEventDay> Days);

/// <summary>The 2.5β major event day method.</summary>
public static class MajorEventDays
{
    /// <summary>
    /// The threshold from daily SAIDI values: zero (and negative) days are dropped, the rest log-transformed;
    /// α = mean, β = standard deviation; T_MED = exp(α + k·β).
    /// </summary>
    /// <param name="dailySaidiHours">Daily SAIDI in hours, one value per day (zero days may be included or left out).</param>
    /// <param name="options">Multiplier and deviation kind.</param>
    /// <returns>(α, β, T_MED, non-zero days); T_MED is NaN with fewer than two non-zero days (one for the population deviation).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <remarks>O(n), two passes, no allocation.</remarks>
    public static (double Alpha, double Beta, double ThresholdHours, int Days) Threshold(ReadOnlySpan<double> dailySaidiHours, MajorEventOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = 0;
        double sum = 0;
        foreach (double v in dailySaidiHours)
        {
            if (v > 0)
            {
                n++;
                sum += Math.Log(v);
            }
        }

        int minimum = options.Deviation == DeviationKind.Sample ? 2 : 1;
        if (n < minimum)
        {
            return (n == 0 ? double.NaN : sum / n, double.NaN, double.NaN, n);
        }

        double alpha = sum / n;
        double squares = 0;
        foreach (double v in dailySaidiHours)
        {
            if (v > 0)
            {
                double d = Math.Log(v) - alpha;
                squares += d * d;
            }
        }

        double beta = Math.Sqrt(squares / (options.Deviation == DeviationKind.Sample ? n - 1 : n));
        return (alpha, beta, Math.Exp(alpha + (options.Multiplier * beta)), n);
    }
}
