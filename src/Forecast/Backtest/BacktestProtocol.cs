namespace Lumen.Forecast.Backtest;

/// <summary>The origin rule and MASE scale of <c>forecast-protocol.md</c> (§2, §5), as in the peers' <c>common.R</c>.</summary>
public static class BacktestProtocol
{
    /// <summary>Number of origins of the full set.</summary>
    public const int OriginCount = 28;

    /// <summary>
    /// 0-based origin days of a series with <paramref name="dayCount"/> whole days, newest first: with at least 400 days
    /// <c>nd − 13k</c>, otherwise <c>nd − k</c>, for k = 0..27 (protocol days are 1-based, so 0-based = protocol − 1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 29 days (an origin needs history).</exception>
    public static int[] OriginDays(int dayCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dayCount, 29);
        int step = dayCount >= 400 ? 13 : 1;
        var days = new int[OriginCount];
        for (int k = 0; k < OriginCount; k++)
        {
            days[k] = dayCount - (step * k) - 1;
        }

        return days;
    }

    /// <summary>True when origin number <paramref name="k"/> (0-based, newest first) belongs to the 7-origin "sub4" set.</summary>
    public static bool IsSub4(int k) => k % 4 == 0;

    /// <summary>
    /// MASE scale at an origin: mean <c>|y[t] − y[t−W]|</c> over the 28 days before the origin (W = one week).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The origin has fewer than 35 days of history.</exception>
    public static double MaseScale(ReadOnlySpan<double> loadMw, int originIndex, int periodsPerDay)
    {
        int w = 7 * periodsPerDay;
        int from = originIndex - (28 * periodsPerDay);
        ArgumentOutOfRangeException.ThrowIfLessThan(from - w, 0, nameof(originIndex));
        double sum = 0;
        for (int t = from; t < originIndex; t++)
        {
            sum += Math.Abs(loadMw[t] - loadMw[t - w]);
        }

        return sum / (originIndex - from);
    }
}
