using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// Builds stage-1 rows of <see cref="LumenRegression"/> for days [first, end): calendar, trend, annual harmonics and
/// temperature recency terms. Precomputes per-day calendar facts and temperature prefix sums once per fit.
/// </summary>
internal sealed class Stage1Design
{
    private const int CalendarColumns = 16;
    private const int TemperatureColumns = 14;
    private const int FlagColumn = 7;     // columns 7-10: holiday, bridge, festival, after holiday (bits 0-3 of _flags)

    /// <summary>The calendar dummy columns (holiday, bridge, festival, after holiday).</summary>
    public static readonly int[] DummyColumns = [FlagColumn, FlagColumn + 1, FlagColumn + 2, FlagColumn + 3];

    private readonly int _s;
    private readonly int _first;
    private readonly bool _temp;
    private readonly bool _annual;
    private readonly int[] _dow;           // effective weekday per day (make-up working days count as Wednesday)
    private readonly byte[] _flags;        // bit 0 holiday, 1 bridge, 2 festival, 3 after holiday
    private readonly double[] _sin1;
    private readonly double[] _cos1;
    private readonly double[] _sin2;
    private readonly double[] _cos2;
    private readonly double[]? _temperature;
    private readonly double[]? _prefix;    // prefix sums of temperature from index _prefixStart
    private readonly int _prefixStart;
    private readonly int _hour;            // periods per hour

    public Stage1Design(LoadSeries series, HolidayCalendar calendar, bool holidays, bool temperature, bool annual, int first, int end, LumenRegression.Workspace? workspace = null)
    {
        _s = series.PeriodsPerDay;
        _first = first;
        _temp = temperature;
        _annual = annual;
        _hour = _s / 24;
        int days = end - first;
        _dow = new int[days];
        _flags = new byte[days];
        _sin1 = new double[days];
        _cos1 = new double[days];
        _sin2 = new double[days];
        _cos2 = new double[days];
        HolidayCalendar cal = holidays ? calendar : HolidayCalendar.Empty;
        for (int i = 0; i < days; i++)
        {
            DateOnly date = series.DateOf(first + i);
            DayFlags f = cal.FlagsOf(date);
            _dow[i] = (f & DayFlags.MakeUpWorkday) != 0 ? 3 : (int)date.DayOfWeek;
            byte b = 0;
            if ((f & DayFlags.Holiday) != 0)
            {
                b |= 1;
            }

            if (cal.IsBridgeDay(date))
            {
                b |= 2;
            }

            if ((f & DayFlags.Festival) != 0 && (f & DayFlags.MakeUpWorkday) == 0)
            {
                b |= 4;
            }

            if (cal.IsHoliday(date.AddDays(-1)) && cal.IsWorkingDay(date))
            {
                b |= 8;
            }

            _flags[i] = b;
            double a = 2 * Math.PI * (date.DayOfYear - 1) / 365.25;
            _sin1[i] = Math.Sin(a);
            _cos1[i] = Math.Cos(a);
            _sin2[i] = Math.Sin(2 * a);
            _cos2[i] = Math.Cos(2 * a);
        }

        if (temperature)
        {
            _temperature = series.TemperatureArray!;
            _prefixStart = Math.Max(0, (first - 2) * _s);
            int n = (end * _s) - _prefixStart;
            _prefix = workspace is null ? new double[n + 1] : LumenRegression.Workspace.Take(ref workspace.Prefix, n + 1);
            _prefix[0] = 0;
            for (int i = 0; i < n; i++)
            {
                _prefix[i + 1] = _prefix[i] + _temperature[_prefixStart + i];
            }
        }

        Columns = temperature ? CalendarColumns + TemperatureColumns : CalendarColumns;
    }

    public int Columns { get; }

    /// <summary>
    /// The columns of <paramref name="columns"/> (ascending; empty = all) without the calendar dummies (holiday, bridge,
    /// festival, after holiday) that fewer than <paramref name="minExamples"/> of the first <paramref name="fitDays"/>
    /// days carry; <paramref name="columns"/> itself when none is dropped. A dummy fitted on one or two days absorbs
    /// their whole residual, weather and level included: its coefficient carries that noise to the next such day, and
    /// the fitted days' residuals, which stage 2 reads, vanish (src/Forecast/README.md).
    /// </summary>
    public int[] WithoutRareFlags(int[] columns, int fitDays, int minExamples)
    {
        if (minExamples <= 1)
        {
            return columns;     // a dummy no fitted day carries is a zero column: the ridge already sets it to 0
        }

        int rare = 0;
        for (int bit = 0; bit < 4; bit++)
        {
            int count = 0;
            for (int i = 0; i < fitDays && count < minExamples; i++)
            {
                count += (_flags[i] >> bit) & 1;
            }

            if (count < minExamples)
            {
                rare |= 1 << bit;
            }
        }

        if (rare == 0)
        {
            return columns;
        }

        var kept = new List<int>(Columns);
        for (int c = 0; c < Columns; c++)
        {
            bool listed = columns.Length == 0 || Array.IndexOf(columns, c) >= 0;
            bool dropped = c is >= FlagColumn and < FlagColumn + 4 && ((rare >> (c - FlagColumn)) & 1) != 0;
            if (listed && !dropped)
            {
                kept.Add(c);
            }
        }

        return [.. kept];
    }

    /// <summary>
    /// Column indices of the sub-model without the temperature recency terms (lags 1-3 h, 24-h moving average and the
    /// previous day's average, and their squares): the "nolags" variant of the per-series selection.
    /// </summary>
    public int[] ColumnsWithoutRecency()
    {
        var cols = new List<int>(Columns);
        for (int c = 0; c < Columns; c++)
        {
            if (c < 19 || c > 25)
            {
                cols.Add(c);
            }
        }

        return [.. cols];
    }

    /// <summary>Writes the row of day <paramref name="day"/>, period <paramref name="p"/> into <paramref name="x"/>.</summary>
    public void Row(int day, int p, Span<double> x) => Row(day, p, x, day);

    /// <summary>The row with the calendar of <paramref name="day"/> and the weather of <paramref name="weatherDay"/> (weather replay).</summary>
    public void Row(int day, int p, Span<double> x, int weatherDay)
    {
        int i = day - _first;
        x.Clear();
        x[0] = 1;
        int dow = _dow[i];
        if (dow > 0)
        {
            x[dow] = 1;         // Monday..Saturday; Sunday is the base level
        }

        byte f = _flags[i];
        x[7] = f & 1;
        x[8] = (f >> 1) & 1;
        x[9] = (f >> 2) & 1;
        x[10] = (f >> 3) & 1;
        x[11] = _annual ? day / 365.25 : 0;
        if (_annual)
        {
            x[12] = _sin1[i];
            x[13] = _cos1[i];
            x[14] = _sin2[i];
            x[15] = _cos2[i];
        }

        if (!_temp)
        {
            return;
        }

        double[] temp = _temperature!;
        int t = (weatherDay * _s) + p;
        double c = Scale(temp[t]);
        x[16] = c;
        x[17] = c * c;
        x[18] = c * c * c;
        x[19] = Scale(temp[Math.Max(0, t - _hour)]);
        x[20] = Scale(temp[Math.Max(0, t - (2 * _hour))]);
        x[21] = Scale(temp[Math.Max(0, t - (3 * _hour))]);
        double ma = Scale(Mean(t - _s + 1, t + 1));
        double prev = Scale(Mean(t - (2 * _s) + 1, t - _s + 1));
        x[22] = ma;
        x[23] = ma * ma;
        x[24] = prev;
        x[25] = prev * prev;
        if (_annual)
        {
            x[26] = c * _sin1[i];
            x[27] = c * _cos1[i];
            x[28] = c * c * _sin1[i];
            x[29] = c * c * _cos1[i];
        }
    }

    /// <summary>Temperature scaled to about ±2 so that the cubic stays well conditioned.</summary>
    private static double Scale(double temperatureC) => (temperatureC - 15) / 10;

    private double Mean(int from, int to)
    {
        int a = Math.Max(from, _prefixStart) - _prefixStart;
        int b = Math.Max(to, _prefixStart + 1) - _prefixStart;
        if (a >= b)
        {
            a = b - 1;
        }

        return (_prefix![b] - _prefix[a]) / (b - a);
    }
}
