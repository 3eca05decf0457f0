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

    /// <summary>
    /// Days of in-sample stage-2 residuals used for the quantiles when the history is too short for out-of-sample
    /// calibration (default 365), pooled over three neighbouring periods.
    /// </summary>
    public int QuantileWindowDays { get; init; } = 365;

    /// <summary>Ridge factor relative to each column's Gram diagonal (default 1e-4): guards against collinear recency terms.</summary>
    public double Ridge { get; init; } = 1e-4;

    /// <summary>
    /// Number of rolling pseudo-origins inside the history whose out-of-sample errors calibrate the intervals and score
    /// the model variants (default 26, one every <see cref="CalibrationStepDays"/> days: half a year of day-ahead errors);
    /// 0 = in-sample residual quantiles (the pre-calibration behaviour).
    /// </summary>
    public int CalibrationOrigins { get; init; } = 26;

    /// <summary>Days between pseudo-origins (default 7): the stage-1 fit is refreshed weekly in the calibration replay.</summary>
    public int CalibrationStepDays { get; init; } = 7;

    /// <summary>
    /// Choose per series, by the out-of-sample day-ahead error at the pseudo-origins, among the variants with and without
    /// temperature lags/moving averages and with and without the recent-load stage (default false: measured on the
    /// protocol datasets it never lowered MAPE and raised it on three, see src/Forecast/README.md).
    /// </summary>
    public bool SelectModel { get; init; }

    /// <summary>
    /// Widen (or narrow) the calibrated quantiles when the last four weeks of out-of-sample errors were larger (smaller)
    /// than over the whole calibration span (default true; factor = ratio of the RMS errors, clamped to [0.8, 1.6]).
    /// </summary>
    public bool AdaptToRecentErrors { get; init; } = true;

    /// <summary>
    /// Combine the regression with the profile + level smoothing member (<see cref="SeasonalSmoothing"/>), weighted by the
    /// replayed day-ahead error inside the history (default true).
    /// </summary>
    public bool Combine { get; init; } = true;

    /// <summary>
    /// Without temperature, add the MSTL + ETS member (<see cref="Mstl"/>) to the combination (default true; measured in
    /// src/Forecast/README.md, "An MSTL + ETS member for series without temperature (fc7)").
    /// </summary>
    public bool MstlMember { get; init; } = true;

    /// <summary>
    /// Fit a calendar dummy (holiday, bridge, festival, day after holiday) only when at least this many of the days a fit
    /// reads carry it; every fit counts its own days, the replay's pseudo-origins too (default 1: every dummy seen is
    /// fitted). 3 wins table A's notemp-h12w isone_me and nh but loses on the held-out origins, so it is off by default
    /// (src/Forecast/README.md, "The regression's optimistic replay").
    /// </summary>
    public int MinCalendarExamples { get; init; } = 1;

    /// <summary>
    /// Without temperature, each calendar dummy's coefficient is shrunk towards zero as if this many more days at the
    /// origin's weight had shown no effect (default 1: a dummy seen on one day keeps half its residual, so that day's
    /// weather and level still reach stage 2; 0 = no shrinkage). With temperature the weather terms, not the dummy,
    /// carry the heat and nothing is shrunk (src/Forecast/README.md, "Calendar prior and fit-length correction (fc8)").
    /// </summary>
    public double CalendarPriorDays { get; init; } = 1;

    /// <summary>
    /// Rescale each replayed error by the least-squares prediction-error factor of the origin's fit length against that
    /// of its pseudo-origin's fit, √((N/(N − k))/(n/(n − k))) for k stage-1 columns, in proportion to the regression's
    /// weight (default true): a pseudo-origin's stage 1 is fitted on fewer days than the origin's, so its errors are
    /// larger; with twelve weeks and temperature (k ≈ 21 columns on 42-84 days) that widened the intervals by about 10 %.
    /// The regression's replayed day-ahead errors that choose the combination weights are rescaled the same way (fc9), so
    /// that it is not given too little weight for errors of fits shorter than its own.
    /// </summary>
    public bool CorrectFitLength { get; init; } = true;

    /// <summary>
    /// With less than a year of history, refit stage 1 at every replayed day instead of every
    /// <see cref="CalibrationStepDays"/> days, over the same replay span (default true). A fit of k columns on n days
    /// absorbs about k/n of each day's residual (twelve weeks with temperature: 21/84), so a replayed day forecast from a
    /// fit several days old reads recent residuals the origin's own fit would have partly absorbed, and the regression
    /// replays better than it forecasts. With a year or more the share is small and the weekly refit stays (the daily
    /// one would cost 2.5× the CPU there; src/Forecast/README.md, "Daily replay fits and the fit length in the combination
    /// weights (fc9)").
    /// </summary>
    public bool DailyReplayFits { get; init; } = true;

    /// <summary>Short label used in reports (<c>w730-h365</c>).</summary>
    public string Label => $"w{WindowDays}-h{HalfLifeDays:0}{(UseTemperature ? string.Empty : "-notemp")}{(UseHolidays ? string.Empty : "-nohol")}-c{CalibrationOrigins}{(SelectModel ? "-sel" : string.Empty)}{(Combine ? string.Empty : "-nocomb")}{(MstlMember ? string.Empty : "-nomstl")}{(MinCalendarExamples > 1 ? $"-cal{MinCalendarExamples}" : string.Empty)}{(CalendarPriorDays != 1 ? $"-prior{CalendarPriorDays:0.##}" : string.Empty)}{(CorrectFitLength ? string.Empty : "-nofitlen")}{(DailyReplayFits ? string.Empty : "-weeklyreplay")}";
}
