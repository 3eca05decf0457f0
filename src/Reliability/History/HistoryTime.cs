using System.Globalization;

namespace Lumen.Reliability.History;

/// <summary>
/// Timestamp rules of outage and complaint files: ISO 8601 with an offset (<c>2024-07-01T08:30:00+08:00</c>,
/// <c>…Z</c>); a space may replace the <c>T</c>; seconds and fractions are optional. A naive timestamp (no offset) is
/// accepted only when a zone offset is configured for it, and a bare date only where a period bound is expected.
/// </summary>
public static class HistoryTime
{
    /// <summary>The default zone of Lumen's users: China Standard Time, UTC+08:00 (no daylight saving).</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private static readonly string[] s_offsetFormats = BuildFormats(withOffset: true);
    private static readonly string[] s_naiveFormats = BuildFormats(withOffset: false);
    private static readonly string[] s_zuluFormats = Array.ConvertAll(BuildFormats(withOffset: false), f => f + "'Z'");

    /// <summary>
    /// Parses a timestamp. With an offset it is taken as written; without one it is read in
    /// <paramref name="naiveOffset"/>, or rejected when that is null.
    /// </summary>
    /// <param name="text">The cell text.</param>
    /// <param name="naiveOffset">Zone for timestamps written without an offset; null to reject them.</param>
    /// <param name="value">The instant, with the offset written or configured.</param>
    /// <param name="error">Why the text was rejected; null on success.</param>
    public static bool TryParse(string text, TimeSpan? naiveOffset, out DateTimeOffset value, out string? error)
    {
        string s = text.Trim();
        if (TryParseCanonical(s, out value))
        {
            error = null;
            return true;
        }

        if (DateTimeOffset.TryParseExact(s, s_offsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            error = null;
            return true;
        }

        // A literal Z must be read as UTC explicitly: without AssumeUniversal the parser would take the machine's zone.
        if (DateTimeOffset.TryParseExact(s, s_zuluFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value))
        {
            error = null;
            return true;
        }

        if (DateTime.TryParseExact(s, s_naiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime naive))
        {
            if (naiveOffset is TimeSpan offset)
            {
                return TryAt(naive, offset, s, out value, out error);
            }

            value = default;
            error = $"'{Clip(s)}' has no zone offset: write it as ISO 8601 with an offset (e.g. {naive:yyyy-MM-dd'T'HH:mm:ss}+08:00) or configure the zone for naive timestamps";
            return false;
        }

        value = default;
        error = $"'{Clip(s)}' is not an ISO 8601 timestamp (yyyy-MM-ddTHH:mm[:ss]+08:00)";
        return false;
    }

    /// <summary>
    /// Parses a period bound: a date (<c>2024-01-01</c>, meaning local midnight in <paramref name="zone"/>) or an ISO 8601
    /// time (with an offset, or naive and read in <paramref name="zone"/>).
    /// </summary>
    public static bool TryParseBound(string text, TimeSpan zone, out DateTimeOffset value, out string? error)
    {
        string s = text.Trim();
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return TryAt(date.ToDateTime(TimeOnly.MinValue), zone, s, out value, out error);
        }

        return TryParse(s, zone, out value, out error);
    }

    /// <summary>
    /// Parses a period bound a user gives (<see cref="TryParseBound"/>) and checks it lies in 1900–2199: the records of a
    /// working distribution grid, and a range every zone offset can represent.
    /// </summary>
    public static bool TryParsePeriodBound(string text, TimeSpan zone, out DateTimeOffset value, out string? error)
    {
        if (!TryParseBound(text, zone, out value, out error))
        {
            error ??= $"'{Clip(text)}' is not a date yyyy-MM-dd or an ISO 8601 time";
            return false;
        }

        if (value.Year < 1900 || value.Year >= 2200)
        {
            error = $"{value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is outside 1900-01-01 to 2199-12-31";
            return false;
        }

        return true;
    }

    /// <summary>Parses a zone offset such as <c>+08:00</c>, <c>-05:00</c>, <c>+8</c> or <c>Z</c>.</summary>
    public static bool TryParseOffset(string text, out TimeSpan offset)
    {
        string s = text.Trim();
        if (s is "Z" or "z" or "UTC" or "utc")
        {
            offset = TimeSpan.Zero;
            return true;
        }

        if (s.Length > 1 && (s[0] == '+' || s[0] == '-'))
        {
            string body = s[1..];
            bool ok = TimeSpan.TryParseExact(body, @"hh\:mm", CultureInfo.InvariantCulture, out offset)
                || TimeSpan.TryParseExact(body, "hhmm", CultureInfo.InvariantCulture, out offset)
                || (int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out int hours) && hours <= 14 && (offset = TimeSpan.FromHours(hours)) >= TimeSpan.Zero);
            if (ok && offset <= TimeSpan.FromHours(14))
            {
                offset = s[0] == '-' ? -offset : offset;
                return true;
            }
        }

        offset = default;
        return false;
    }

    /// <summary>An offset as ISO 8601 writes it: <c>+08:00</c>, <c>-05:30</c>, <c>+00:00</c>.</summary>
    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>The local calendar day of <paramref name="time"/> in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDay(DateTimeOffset time, TimeSpan zone) => DateOnly.FromDateTime(time.ToOffset(zone).DateTime);

    /// <summary>Fast path for the canonical form <c>yyyy-MM-ddTHH:mm:ss+hh:mm</c> that Lumen writes; anything else takes the general parser.</summary>
    private static bool TryParseCanonical(string s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length != 25 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || (s[19] != '+' && s[19] != '-') || s[22] != ':')
        {
            return false;
        }

        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2), hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
        int offsetHours = Digits(s, 20, 2), offsetMinutes = Digits(s, 23, 2);
        if ((year | month | day | hour | minute | second | offsetHours | offsetMinutes) < 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year < 1 ? 1 : year, month)
            || hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59 || year < 1)
        {
            return false;
        }

        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        return TryAt(new DateTime(year, month, day, hour, minute, second), s[19] == '-' ? -offset : offset, s, out value, out _);
    }

    /// <summary>
    /// The instant of a local time at an offset; false when it falls outside the representable range (0001-01-01 at
    /// +08:00 is before the first UTC instant, which the DateTimeOffset constructor would throw on).
    /// </summary>
    private static bool TryAt(DateTime local, TimeSpan offset, string text, out DateTimeOffset value, out string? error)
    {
        long utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            value = default;
            error = $"'{Clip(text)}' is outside the representable time range";
            return false;
        }

        value = new DateTimeOffset(local, offset);
        error = null;
        return true;
    }

    /// <summary>A bad value quoted in a message: at most 40 characters, so that a huge cell is not echoed back.</summary>
    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static int Digits(string s, int start, int count)
    {
        int v = 0;
        for (int i = start; i < start + count; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9)
            {
                return -1;
            }

            v = (v * 10) + d;
        }

        return v;
    }

    private static string[] BuildFormats(bool withOffset)
    {
        string[] times = ["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"];
        string[] separators = ["'T'", " "];
        string[] offsets = withOffset ? ["zzz", "zz"] : [string.Empty];
        var formats = new List<string>();
        foreach (string sep in separators)
        {
            foreach (string time in times)
            {
                foreach (string offset in offsets)
                {
                    formats.Add("yyyy-MM-dd" + sep + time + offset);
                }
            }
        }

        return formats.ToArray();
    }
}
