namespace Lumen.Forecast.Models;

/// <summary>Settings of Lumen's two-stage regression (<see cref="LumenRegression"/>). Immutable record.</summary>
public sealed record LumenOptions
{
    /// <summary>Default settings (2 years of history, 1-year half-life, holidays and temperature on).</summary>
    public static LumenOptions Default { get; } = new();

    /// <summary>Training window in days for the calendar/weather stage (default 730; all history when shorter).</summary>
    public int WindowDays { get; init; } = 730;

    /// <summary>Half-life of the exponential weights on past days, in days (default 365); 0 = equal weights.</summary>
    public double HalfLifeDays { get; init; } = 365;

    /// <summary>Use temperature terms when the series has temperature (default true).</summary>
    public bool UseTemperature { get; init; } = true;

    /// <summary>Use the holiday calendar (default true).</summary>
    public bool UseHolidays { get; init; } = true;

    /// <summary>Days of stage-2 residuals used for the quantiles (default 365), pooled over three neighbouring periods.</summary>
    public int QuantileWindowDays { get; init; } = 365;

    /// <summary>Ridge factor relative to each column's Gram diagonal (default 1e-4): guards against collinear recency terms.</summary>
    public double Ridge { get; init; } = 1e-4;

    /// <summary>Short label used in reports (<c>w730-h365</c>).</summary>
    public string Label => $"w{WindowDays}-h{HalfLifeDays:0}{(UseTemperature ? string.Empty : "-notemp")}{(UseHolidays ? string.Empty : "-nohol")}";
}
