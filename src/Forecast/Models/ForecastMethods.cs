namespace Lumen.Forecast.Models;

/// <summary>The forecasting methods by id, as used on the command line and in the protocol's output file.</summary>
public static class ForecastMethods
{
    /// <summary>Method ids in report order: <c>snaive</c>, <c>vanilla_lm</c>, <c>lumen</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["snaive", "vanilla_lm", "lumen"];

    /// <summary>Creates the forecaster with id <paramref name="name"/>; false when the id is unknown.</summary>
    public static bool TryCreate(string name, out IDayAheadForecaster? forecaster)
    {
        forecaster = name switch
        {
            "snaive" => new SeasonalNaive(),
            "vanilla_lm" => new VanillaRegression(),
            "lumen" => new LumenForecaster(),
            _ => null,
        };
        return forecaster is not null;
    }
}
