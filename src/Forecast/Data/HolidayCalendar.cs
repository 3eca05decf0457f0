using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;

namespace Lumen.Forecast.Data;

/// <summary>Calendar region of a holiday list.</summary>
public enum HolidayRegion : byte
{
    /// <summary>No holidays: every day is an ordinary weekday or weekend day.</summary>
    None = 0,

    /// <summary>Mainland China: public holidays, make-up working days (调休) and the Spring Festival period.</summary>
    China = 1,

    /// <summary>United States federal holidays, Thanksgiving Friday and the Christmas-New Year week (ISO-NE, GEFCom).</summary>
    UnitedStates = 2,

    /// <summary>Victoria, Australia public holidays and the Christmas-New Year weeks (AEMO Victoria data).</summary>
    AustraliaVictoria = 3,
}

/// <summary>What kind of day a date is in a holiday calendar; several flags may combine.</summary>
[Flags]
public enum DayFlags : byte
{
    /// <summary>An ordinary day (weekday or weekend by the week).</summary>
    None = 0,

    /// <summary>Public holiday: offices and most industry closed.</summary>
    Holiday = 1,

    /// <summary>A Saturday or Sunday that is an official working day (China's make-up days).</summary>
    MakeUpWorkday = 2,

    /// <summary>Reduced activity around a festival without being a holiday (Spring Festival weeks, Christmas week).</summary>
    Festival = 4,

    /// <summary>A public holiday with little load effect (listed, not modelled).</summary>
    Minor = 8,
}

/// <summary>
/// Holiday calendar held as data: the embedded <c>Data/Calendar/holidays.csv</c> (built by <c>make_holidays.py</c> beside
/// it) with Chinese public holidays 2012-2026 incl. make-up days and the Spring Festival period, US federal holidays and
/// Victoria public holidays 2004-2035.
/// </summary>
/// <remarks>Immutable and thread-safe. Dates outside the list are ordinary days.</remarks>
public sealed class HolidayCalendar
{
    private static readonly Lazy<IReadOnlyList<(DateOnly Date, string Region, DayFlags Flags, string Name)>> s_rows = new(LoadEmbedded);
    private readonly FrozenDictionary<DateOnly, DayFlags> _flags;
    private readonly FrozenDictionary<DateOnly, string> _names;

    private HolidayCalendar(HolidayRegion region, FrozenDictionary<DateOnly, DayFlags> flags, FrozenDictionary<DateOnly, string> names)
    {
        Region = region;
        _flags = flags;
        _names = names;
    }

    /// <summary>The empty calendar (no holidays).</summary>
    public static HolidayCalendar Empty { get; } = new(HolidayRegion.None, FrozenDictionary<DateOnly, DayFlags>.Empty, FrozenDictionary<DateOnly, string>.Empty);

    /// <summary>The region of this calendar.</summary>
    public HolidayRegion Region { get; }

    /// <summary>Number of dated entries.</summary>
    public int Count => _flags.Count;

    /// <summary>The embedded calendar of <paramref name="region"/>.</summary>
    public static HolidayCalendar For(HolidayRegion region)
    {
        if (region == HolidayRegion.None)
        {
            return Empty;
        }

        string code = region switch
        {
            HolidayRegion.China => "CN",
            HolidayRegion.UnitedStates => "US",
            _ => "AU-VIC",
        };
        var flags = new Dictionary<DateOnly, DayFlags>();
        var names = new Dictionary<DateOnly, string>();
        foreach ((DateOnly date, string r, DayFlags f, string name) in s_rows.Value)
        {
            if (r == code)
            {
                flags[date] = flags.GetValueOrDefault(date) | f;
                if ((f & (DayFlags.Holiday | DayFlags.MakeUpWorkday)) != 0 || !names.ContainsKey(date))
                {
                    names[date] = name;
                }
            }
        }

        return new HolidayCalendar(region, flags.ToFrozenDictionary(), names.ToFrozenDictionary());
    }

    /// <summary>
    /// The region a series name suggests: names starting with <c>isone</c> or <c>gefcom</c> are US, <c>vic</c> is Victoria,
    /// anything else China (Lumen's home market). Planners override it with an explicit region.
    /// </summary>
    public static HolidayRegion InferRegion(string seriesName)
    {
        ArgumentNullException.ThrowIfNull(seriesName);
        string n = seriesName.ToLowerInvariant();
        if (n.StartsWith("isone", StringComparison.Ordinal) || n.StartsWith("gefcom", StringComparison.Ordinal))
        {
            return HolidayRegion.UnitedStates;
        }

        return n.StartsWith("vic", StringComparison.Ordinal) ? HolidayRegion.AustraliaVictoria : HolidayRegion.China;
    }

    /// <summary>Parses <c>none|cn|us|au|auto</c>; <c>auto</c> (or null) infers from <paramref name="seriesName"/>.</summary>
    /// <returns>False when the text is not one of the names.</returns>
    public static bool TryParseRegion(string? text, string seriesName, out HolidayRegion region)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "" or "auto":
                region = InferRegion(seriesName);
                return true;
            case "none":
                region = HolidayRegion.None;
                return true;
            case "cn" or "china":
                region = HolidayRegion.China;
                return true;
            case "us":
                region = HolidayRegion.UnitedStates;
                return true;
            case "au" or "au-vic" or "vic":
                region = HolidayRegion.AustraliaVictoria;
                return true;
            default:
                region = HolidayRegion.None;
                return false;
        }
    }

    /// <summary>The flags of <paramref name="date"/> (<see cref="DayFlags.None"/> for an ordinary day).</summary>
    public DayFlags FlagsOf(DateOnly date) => _flags.GetValueOrDefault(date);

    /// <summary>The holiday or festival name of <paramref name="date"/>, or null.</summary>
    public string? NameOf(DateOnly date) => _names.GetValueOrDefault(date);

    /// <summary>True when <paramref name="date"/> is a public holiday (not a minor one).</summary>
    public bool IsHoliday(DateOnly date) => (FlagsOf(date) & DayFlags.Holiday) != 0;

    /// <summary>True when <paramref name="date"/> is a working day: Monday-Friday that is no holiday, or a make-up working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        DayFlags f = FlagsOf(date);
        if ((f & DayFlags.MakeUpWorkday) != 0)
        {
            return true;
        }

        return (f & DayFlags.Holiday) == 0 && date.DayOfWeek != DayOfWeek.Saturday && date.DayOfWeek != DayOfWeek.Sunday;
    }

    /// <summary>
    /// True when <paramref name="date"/> is a bridge day: a working day between a holiday and a non-working day (e.g. the
    /// Friday after a Thursday holiday), when many take leave.
    /// </summary>
    public bool IsBridgeDay(DateOnly date)
    {
        if (!IsWorkingDay(date) || (FlagsOf(date) & DayFlags.MakeUpWorkday) != 0)
        {
            return false;
        }

        DateOnly prev = date.AddDays(-1);
        DateOnly next = date.AddDays(1);
        return (IsHoliday(prev) && !IsWorkingDay(next)) || (IsHoliday(next) && !IsWorkingDay(prev));
    }

    private static IReadOnlyList<(DateOnly, string, DayFlags, string)> LoadEmbedded()
    {
        Assembly asm = typeof(HolidayCalendar).Assembly;
        using Stream stream = asm.GetManifestResourceStream("Lumen.Forecast.holidays.csv")
            ?? throw new InvalidOperationException("embedded holidays.csv is missing from Lumen.Forecast");
        using var reader = new StreamReader(stream);
        var rows = new List<(DateOnly, string, DayFlags, string)>(2048);
        reader.ReadLine();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            string[] f = line.Split(',', 4);
            DayFlags kind = f[2] switch
            {
                "holiday" => DayFlags.Holiday,
                "workday" => DayFlags.MakeUpWorkday,
                "festival" => DayFlags.Festival,
                _ => DayFlags.Minor,
            };
            rows.Add((DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[1], kind, f[3]));
        }

        return rows;
    }
}
