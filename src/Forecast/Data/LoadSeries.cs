namespace Lumen.Forecast.Data;

/// <summary>
/// A load series on a regular grid of whole days: <see cref="PeriodsPerDay"/> periods per calendar day starting at local
/// midnight, with optional air temperature. Timestamps are naive local wall-clock times (no DST rule applies).
/// </summary>
/// <remarks>
/// Invariant: <c>LoadMw.Length == DayCount * PeriodsPerDay</c>, and the temperature array, when present, has the same length.
/// A load value may be NaN (a gap) until the series has been through <see cref="SeriesCleaner"/>. Immutable after construction
/// (the arrays are owned by the series) and safe to share across threads.
/// </remarks>
public sealed class LoadSeries
{
    private readonly double[] _loadMw;
    private readonly double[]? _temperatureC;

    /// <summary>Creates a series; the arrays are taken over, not copied.</summary>
    /// <param name="name">Series id (feeder, transformer or file name).</param>
    /// <param name="start">Start of the first period; must be a local midnight.</param>
    /// <param name="periodsPerDay">Periods per day: 24 (hourly), 48 (half-hourly) or 96 (15-minute).</param>
    /// <param name="loadMw">Average demand per period in MW; NaN marks a gap.</param>
    /// <param name="temperatureC">Air temperature per period in °C, or null when the series has none.</param>
    /// <exception cref="ArgumentException">The start is not midnight, the length is not whole days, or the arrays differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodsPerDay"/> is not 24, 48 or 96.</exception>
    public LoadSeries(string name, DateTime start, int periodsPerDay, double[] loadMw, double[]? temperatureC)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(loadMw);
        if (periodsPerDay != 24 && periodsPerDay != 48 && periodsPerDay != 96)
        {
            throw new ArgumentOutOfRangeException(nameof(periodsPerDay), periodsPerDay, "periods per day must be 24, 48 or 96");
        }

        if (start.TimeOfDay != TimeSpan.Zero)
        {
            throw new ArgumentException("the series must start at local midnight", nameof(start));
        }

        if (loadMw.Length % periodsPerDay != 0)
        {
            throw new ArgumentException("the series must hold whole days", nameof(loadMw));
        }

        if (temperatureC is not null && temperatureC.Length != loadMw.Length)
        {
            throw new ArgumentException("temperature and load must have the same length", nameof(temperatureC));
        }

        Name = name;
        Start = start;
        PeriodsPerDay = periodsPerDay;
        _loadMw = loadMw;
        _temperatureC = temperatureC;
    }

    /// <summary>Series id (feeder, transformer or file name without extension).</summary>
    public string Name { get; }

    /// <summary>Start of the first period (a local midnight, <see cref="DateTimeKind.Unspecified"/>).</summary>
    public DateTime Start { get; }

    /// <summary>Periods per calendar day (24, 48 or 96).</summary>
    public int PeriodsPerDay { get; }

    /// <summary>Length of one period.</summary>
    public TimeSpan Period => TimeSpan.FromMinutes(1440.0 / PeriodsPerDay);

    /// <summary>Number of whole days.</summary>
    public int DayCount => _loadMw.Length / PeriodsPerDay;

    /// <summary>Number of periods (<see cref="DayCount"/> × <see cref="PeriodsPerDay"/>).</summary>
    public int Length => _loadMw.Length;

    /// <summary>Average demand per period, MW (NaN = gap before cleaning).</summary>
    public ReadOnlySpan<double> LoadMw => _loadMw;

    /// <summary>True when the series carries a temperature.</summary>
    public bool HasTemperature => _temperatureC is not null;

    /// <summary>Temperature per period, °C; empty when <see cref="HasTemperature"/> is false.</summary>
    public ReadOnlySpan<double> TemperatureC => _temperatureC;

    /// <summary>The calendar date of day <paramref name="day"/> (0-based).</summary>
    public DateOnly DateOf(int day) => DateOnly.FromDateTime(Start).AddDays(day);

    /// <summary>The start time of period <paramref name="index"/> (0-based over the whole series).</summary>
    public DateTime TimeOf(int index) => Start.AddTicks(Period.Ticks * index);

    /// <summary>The periods that cover <paramref name="span"/>, rounded up (a 90-minute horizon of hourly data is 2 steps).</summary>
    public int PeriodsCovering(TimeSpan span) => (int)Math.Ceiling(span / Period);

    /// <summary>The whole days that hold <paramref name="periods"/> periods, rounded up.</summary>
    public int DaysCovering(int periods) => (periods + PeriodsPerDay - 1) / PeriodsPerDay;

    internal double[] LoadArray => _loadMw;

    internal double[]? TemperatureArray => _temperatureC;

    /// <summary>A copy holding the first <paramref name="days"/> days (all of them when larger).</summary>
    public LoadSeries Head(int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        int n = Math.Min(days, DayCount) * PeriodsPerDay;
        return new LoadSeries(Name, Start, PeriodsPerDay, _loadMw.AsSpan(0, n).ToArray(), _temperatureC?.AsSpan(0, n).ToArray());
    }

    /// <summary>A copy holding days [<paramref name="firstDay"/>, <paramref name="endDay"/>), starting at the first one's midnight.</summary>
    internal LoadSeries Days(int firstDay, int endDay)
    {
        int from = firstDay * PeriodsPerDay;
        int to = endDay * PeriodsPerDay;
        return new LoadSeries(Name, TimeOf(from), PeriodsPerDay, _loadMw[from..to], _temperatureC?[from..to]);
    }

    /// <summary>A copy with another name or other load values (same grid and temperature).</summary>
    internal LoadSeries WithLoad(double[] loadMw) => new(Name, Start, PeriodsPerDay, loadMw, _temperatureC);
}
