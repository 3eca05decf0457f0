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
    }
}
