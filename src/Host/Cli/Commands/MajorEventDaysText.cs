using System.Globalization;
using Lumen.Reliability.History;

namespace Lumen.Host.Cli.Commands;

/// <summary>The major event days of a period as one line of text: "none", or their count and dates.</summary>
internal static class MajorEventDaysText
{
    public static string Of(MajorEventDayResult med) => med.Days.Count switch
    {
        0 => "no major event days",
        1 => "1 day: " + Dates(med),
        int n => $"{n} days: " + Dates(med),
    };

    private static string Dates(MajorEventDayResult med) =>
        string.Join(", ", med.Days.Select(d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
}
