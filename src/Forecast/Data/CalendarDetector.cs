namespace Lumen.Forecast.Data;

/// <summary>The holiday calendar chosen for a series, with the evidence that chose it.</summary>
/// <param name="Region">The chosen region (<see cref="HolidayRegion.None"/> when no list fits the data).</param>
/// <param name="Holidays">Weekday holidays of the chosen list seen in the history (0 for none).</param>
/// <param name="Evidence">Evidence score of the chosen list (see <see cref="CalendarDetector"/>); 0 for none.</param>
public sealed record CalendarChoice(HolidayRegion Region, int Holidays, double Evidence);

/// <summary>
/// Chooses the holiday calendar from the load itself: the embedded list whose weekday holidays have the daily load
/// shape of a Sunday, or none.
/// </summary>
/// <remarks>
/// <para>Rule (documented in src/Forecast/README.md): every day's load is divided by its daily mean, so the rule reads the
/// shape of the day, not its level (a holiday's level drop is hidden by the weather, and a list whose days sit in the
/// spring and autumn load valleys would look like holidays by level alone). For a weekday d, W is the mean shape of the
/// same weekday one and two weeks before and after and S the mean shape of the nearest Sundays (two before, two after),
/// ordinary days only. Its holiday likeness is h = ⟨x − W, S − W⟩ / |S − W|²: 0 for a normal weekday, 1 for a day
/// shaped like a Sunday. σ is the robust spread (1.4826 × MAD) of h over every weekday of the history. For each candidate
/// list (China, United States, Victoria) the weekday public holidays in the history give E = Σ clamp(h, −1, 1.5). The list
/// with the largest E is chosen when E ≥ <see cref="MinEvidence"/> (about two clear holidays) and E ≥ 3σ√n (not noise
/// summed over n ordinary-looking days); otherwise no calendar. Only days before <c>endDay</c> are read, so a backtest
/// chooses at each origin without leakage.</para>
/// <para>With twelve weeks of history a list has a few holidays in view at most; it is chosen only when they look like
/// Sundays, and a list naming ordinary days (Australia Day on a US series) gains nothing from them.</para>
/// </remarks>
public static class CalendarDetector
{
    /// <summary>Minimum evidence for choosing a list: about two weekday holidays shaped like Sundays.</summary>
    public const double MinEvidence = 1.5;

    private static readonly HolidayRegion[] s_candidates = [HolidayRegion.China, HolidayRegion.UnitedStates, HolidayRegion.AustraliaVictoria];

    /// <summary>Chooses the calendar of <paramref name="series"/> from its days [0, <paramref name="endDay"/>).</summary>
    public static CalendarChoice Detect(LoadSeries series, int endDay)
    {
        ArgumentNullException.ThrowIfNull(series);
        endDay = Math.Clamp(endDay, 0, series.DayCount);
        double[] shape = Shapes(series, endDay);
        int s = series.PeriodsPerDay;
        var best = new CalendarChoice(HolidayRegion.None, 0, 0);
        double sigma = NoiseScale(series, shape, endDay);
        if (!(sigma > 0))
        {
            return best;
        }

        var scratch = new double[2 * s];
        foreach (HolidayRegion region in s_candidates)
        {
            HolidayCalendar calendar = HolidayCalendar.For(region);
            double evidence = 0;
            int n = 0;
            for (int d = 0; d < endDay; d++)
            {
                DateOnly date = series.DateOf(d);
                if (!calendar.IsHoliday(date) || date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    continue;
                }

                double h = Likeness(series, shape, endDay, d, calendar, scratch);
                if (double.IsNaN(h))
                {
                    continue;
                }

                evidence += Math.Clamp(h, -1, 1.5);
                n++;
            }

            if (evidence >= MinEvidence && evidence >= 3 * sigma * Math.Sqrt(n) && evidence > best.Evidence)
            {
                best = new CalendarChoice(region, n, evidence);
            }
        }

        return best;
    }

    /// <summary>The calendar <paramref name="text"/> names (<c>cn|us|au|none</c>), or the one <see cref="Detect"/> chooses for <c>auto</c>.</summary>
    /// <returns>False when the text is not a calendar name.</returns>
    public static bool TryChoose(string? text, LoadSeries series, int endDay, out HolidayRegion region)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (string.IsNullOrEmpty(text) || string.Equals(text, "auto", StringComparison.OrdinalIgnoreCase))
        {
            region = Detect(series, endDay).Region;
            return true;
        }

        return HolidayCalendar.TryParseRegion(text, series.Name, out region);
    }

    /// <summary>Each day's load divided by its mean (NaN for a day with a gap or no positive mean).</summary>
    private static double[] Shapes(LoadSeries series, int endDay)
    {
        int s = series.PeriodsPerDay;
        ReadOnlySpan<double> y = series.LoadMw;
        var shape = new double[endDay * s];
        for (int d = 0; d < endDay; d++)
        {
            double sum = 0;
            for (int p = 0; p < s; p++)
            {
                sum += y[(d * s) + p];
            }

            double mean = sum / s;
            for (int p = 0; p < s; p++)
            {
                shape[(d * s) + p] = mean > 0 ? y[(d * s) + p] / mean : double.NaN;
            }
        }

        return shape;
    }

    /// <summary>Holiday likeness h of day <paramref name="d"/> (see the remarks); NaN without two weekday and two Sunday references.</summary>
    private static double Likeness(LoadSeries series, double[] shape, int endDay, int d, HolidayCalendar? calendar, double[] scratch)
    {
        int s = series.PeriodsPerDay;
        Span<double> w = scratch.AsSpan(0, s);
        Span<double> sun = scratch.AsSpan(s, s);
        int nw = Accumulate(series, shape, endDay, calendar, w, [d - 14, d - 7, d + 7, d + 14]);
        int back = (int)series.DateOf(d).DayOfWeek;        // days since the last Sunday
        int ns = Accumulate(series, shape, endDay, calendar, sun, [d - back - 7, d - back, d - back + 7, d - back + 14]);
        if (nw < 2 || ns < 2 || double.IsNaN(shape[d * s]))
        {
            return double.NaN;
        }

        double num = 0;
        double den = 0;
        for (int p = 0; p < s; p++)
        {
            double a = (w[p] / nw);
            double b = (sun[p] / ns) - a;
            num += (shape[(d * s) + p] - a) * b;
            den += b * b;
        }

        return den > 0 ? num / den : double.NaN;
    }

    private static int Accumulate(LoadSeries series, double[] shape, int endDay, HolidayCalendar? calendar, Span<double> sum, ReadOnlySpan<int> days)
    {
        int s = series.PeriodsPerDay;
        sum.Clear();
        int n = 0;
        foreach (int r in days)
        {
            if (r < 0 || r >= endDay || double.IsNaN(shape[r * s]) || (calendar is not null && calendar.FlagsOf(series.DateOf(r)) != DayFlags.None))
            {
                continue;
            }

            for (int p = 0; p < s; p++)
            {
                sum[p] += shape[(r * s) + p];
            }

            n++;
        }

        return n;
    }

    /// <summary>Robust spread of h over every weekday (holidays are few; the median and MAD ignore them).</summary>
    private static double NoiseScale(LoadSeries series, double[] shape, int endDay)
    {
        var values = new List<double>(endDay);
        var scratch = new double[2 * series.PeriodsPerDay];
        for (int d = 0; d < endDay; d++)
        {
            if (series.DateOf(d).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            double h = Likeness(series, shape, endDay, d, null, scratch);
            if (!double.IsNaN(h))
            {
                values.Add(h);
            }
        }

        if (values.Count < 10)
        {
            return double.NaN;
        }

        values.Sort();
        double median = values[values.Count / 2];
        for (int i = 0; i < values.Count; i++)
        {
            values[i] = Math.Abs(values[i] - median);
        }

        values.Sort();
        return 1.4826 * values[values.Count / 2];
    }
}
