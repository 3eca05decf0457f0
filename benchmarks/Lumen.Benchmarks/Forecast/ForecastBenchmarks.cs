using BenchmarkDotNet.Attributes;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;

namespace Lumen.Benchmarks.Forecast;

/// <summary>Fit + forecast per series (day-ahead and 7 days) and the 1,000-series batch on 2 years of hourly data.</summary>
[MemoryDiagnoser]
public class ForecastBenchmarks
{
    private LoadSeries _series = null!;
    private LoadSeries[] _batch = null!;
    private readonly LumenForecaster _lumen = new();
    private readonly VanillaRegression _vanilla = new();

    [Params(1000)]
    public int Series { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        HolidayCalendar cal = HolidayCalendar.For(HolidayRegion.China);
        var start = new DateOnly(2023, 1, 1);
        double[] temp = Lumen.Forecast.Demo.DemoLoadGenerator.Temperature(start, 731, 1);
        _batch = new LoadSeries[Series];
        for (int i = 0; i < Series; i++)
        {
            double[] kw = Lumen.Forecast.Demo.DemoLoadGenerator.Load(start, 731, temp, cal, i % 2 == 0, 400, i + 1);
            double[] mw = Array.ConvertAll(kw, v => v / 1000);
            _batch[i] = new LoadSeries("T" + i, start.ToDateTime(TimeOnly.MinValue), 24, mw, temp);
        }

        _series = _batch[0];
    }

    [Benchmark(Baseline = true)]
    public ForecastResult VanillaDayAhead() => _vanilla.Forecast(new ForecastRequest(_series, 724, 1, HolidayCalendar.Empty));

    [Benchmark]
    public ForecastResult LumenDayAhead() => _lumen.Forecast(new ForecastRequest(_series, 724, 1, HolidayCalendar.Empty));

    [Benchmark]
    public ForecastResult LumenSevenDays() => _lumen.Forecast(new ForecastRequest(_series, 724, 7, HolidayCalendar.Empty));

    [Benchmark]
    public IReadOnlyList<SeriesForecast> Batch1000SevenDays() =>
        ForecastRunner.RunMany(_batch, _ => HolidayCalendar.Empty, 7);
}
