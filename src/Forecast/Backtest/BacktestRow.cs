namespace Lumen.Forecast.Backtest;

/// <summary>One row of the protocol's long-format forecast file (§4), one per (origin, step).</summary>
/// <param name="Dataset">Dataset name (file name without extension).</param>
/// <param name="Method">Method id.</param>
/// <param name="Origin">Origin (00:00 of the target day).</param>
/// <param name="Step">1-based step within the day.</param>
/// <param name="Timestamp">Start of the forecast period.</param>
/// <param name="ActualMw">Observed load, MW.</param>
/// <param name="MeanMw">Point forecast, MW.</param>
/// <param name="Lower80Mw">Lower bound of the 80 % interval, MW.</param>
/// <param name="Upper80Mw">Upper bound of the 80 % interval, MW.</param>
/// <param name="Lower95Mw">Lower bound of the 95 % interval, MW.</param>
/// <param name="Upper95Mw">Upper bound of the 95 % interval, MW.</param>
/// <param name="FitForecastSeconds">Fit + forecast wall-clock seconds of this origin (repeated on its rows).</param>
/// <param name="Scale">MASE scale of the origin.</param>
/// <param name="Failed">True when the method failed and the seasonal naive was substituted.</param>
/// <param name="CpuSeconds">Process CPU seconds of the origin's fit + forecast (not in the protocol file; robust to a loaded machine).</param>
public sealed record BacktestRow(
    string Dataset,
    string Method,
    DateTime Origin,
    int Step,
    DateTime Timestamp,
    double ActualMw,
    double MeanMw,
    double Lower80Mw,
    double Upper80Mw,
    double Lower95Mw,
    double Upper95Mw,
    double FitForecastSeconds,
    double Scale,
    bool Failed,
    double CpuSeconds = double.NaN);
