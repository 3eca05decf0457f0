using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Registration of the <c>forecast</c> verbs (kept here so that LumenCli.cs has a one-line change).</summary>
internal static class ForecastCli
{
    public static void Configure(IConfigurator<CommandSettings> forecast)
    {
        forecast.SetDescription("Load forecasting: day-ahead backtest, forecasts and long-term peaks.");
        forecast.AddCommand<ForecastBacktestCommand>("backtest")
            .WithDescription("Backtest per forecast-protocol.md: 28 midnight origins, long-format output, MAPE/RMSE/MASE/coverage/pinball.")
            .WithExample("forecast", "backtest", "--data", "../shared/data/load/gefcom2014e.csv", "--method", "all", "--format", "table");
        forecast.AddCommand<ForecastRunCommand>("run")
            .WithDescription("Forecast every series from its end for a horizon (1-28 days) with quantiles; parallel over series.")
            .WithExample("forecast", "run", "--data", "demo/load", "--horizon", "7d", "--out", "forecast.csv");
        forecast.AddCommand<ForecastPeaksCommand>("peaks")
            .WithDescription("Weather-normalised annual and seasonal P50/P90 peaks for 1-30 years, and the year each P90 exceeds its rating.")
            .WithExample("forecast", "peaks", "--data", "demo/load", "--years", "10", "--network", "demo/network", "--format", "table");
    }
}
