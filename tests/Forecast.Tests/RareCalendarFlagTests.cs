using Lumen.Forecast.Backtest;
using Lumen.Forecast.Data;
using Lumen.Forecast.Models;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>Calendar dummies seen on few fitted days: left out of stage 1 (<see cref="LumenOptions.MinCalendarExamples"/>) or shrunk (<see cref="LumenOptions.CalendarPriorDays"/>), issue #14.</summary>
public sealed class RareCalendarFlagTests
{
    private static readonly DateTime Start = new(2019, 4, 13);    // twelve weeks before Saturday 2019-07-06

    /// <summary>
    /// 85 days hourly, no temperature: a daily shape, weekends −15 MW, a persistent (random-walk) daily level, and a heat
    /// spell of +25 MW from Monday 1 July that lasts through the target day. Memorial Day and 4 July are holidays
    /// (−20 MW); Friday 5 July is a bridge day (once in the window) without any effect of its own.
    /// </summary>
    private static LoadSeries HeatOverBridgeDay(int seed)
    {
        var rng = new Random(seed);
        var load = new double[85 * 24];
        double level = 0;
        for (int d = 0; d < 85; d++)
        {
            DateTime date = Start.AddDays(d);
            level += 2 * ((rng.NextDouble() * 2) - 1);
            double day = 100 + level
                + (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? -15 : 0)
                + (date >= new DateTime(2019, 7, 1) ? 25 : 0)
                + (date == new DateTime(2019, 5, 27) || date == new DateTime(2019, 7, 4) ? -20 : 0);
            for (int h = 0; h < 24; h++)
            {
                load[(d * 24) + h] = day + (20 * Math.Sin(2 * Math.PI * (h - 8) / 24)) + ((rng.NextDouble() * 2) - 1);
            }
        }

        return new LoadSeries("heat", Start, 24, load, null);
    }

    [Fact]
    public void WithoutRareFlags_DropsExactlyTheDummiesSeenOnFewerThanMinDays()
    {
        LoadSeries s = HeatOverBridgeDay(1);
        var design = new Stage1Design(s, HolidayCalendar.For(HolidayRegion.UnitedStates), holidays: true, temperature: false, annual: false, 0, 85);

        // Brute force: count each flag column (7 holiday, 8 bridge, 9 festival, 10 after holiday) over the fitted days.
        Span<double> x = stackalloc double[design.Columns];
        var counts = new int[4];
        for (int d = 0; d < 84; d++)
        {
            design.Row(d, 0, x);
            for (int c = 0; c < 4; c++)
            {
                counts[c] += x[7 + c] != 0 ? 1 : 0;
            }
        }

        Assert.Equal([2, 1, 0, 2], counts);      // Memorial Day and 4 July; 5 July; none; 28 May and 5 July
        foreach (int min in new[] { 1, 2, 3 })
        {
            int[] expected = [.. Enumerable.Range(0, design.Columns).Where(c => c is < 7 or > 10 || counts[c - 7] >= min)];
            int[] kept = design.WithoutRareFlags([], 84, min);
            Assert.Equal(expected.Length == design.Columns || min == 1 ? [] : expected, kept);
        }

        Assert.Equal([0, 3, 7, 12], design.WithoutRareFlags([0, 3, 7, 8, 12], 84, 2));
    }

    /// <summary>
    /// A bridge day fitted by its own dummy has a zero residual, so stage 2 did not see the heat of the day before the
    /// origin and forecast the Saturday about 25 MW too low (daily mean error 27-29 MW on these seeds with the dummy kept
    /// unshrunk); without the rare dummies (minimum 3) the heat carries over; with the default calendar prior of one day
    /// (no temperature) the dummy keeps half the bridge day's residual and about half the heat carries over.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Regression_HeatOnASingleBridgeDay_CarriesIntoTheNextDayUnlessTheDummyAbsorbsIt(int seed)
    {
        LoadSeries s = HeatOverBridgeDay(seed);
        Assert.InRange(SaturdayError(s, 3, 0), -8, 8);
        Assert.InRange(SaturdayError(s, 1, 0), 20, 35);
        double halfway = SaturdayError(s, 1, LumenOptions.Default.CalendarPriorDays);
        Assert.InRange(halfway, 5, 20);
        Assert.True(SaturdayError(s, 1, 3) < halfway, "a stronger prior lets more of the heat through");
    }

    /// <summary>Mean error (actual − forecast, MW) of the regression alone on the target Saturday.</summary>
    private static double SaturdayError(LoadSeries s, int minCalendarExamples, double calendarPriorDays)
    {
        var model = new LumenRegression(new LumenOptions { UseTemperature = false, Combine = false, MinCalendarExamples = minCalendarExamples, CalendarPriorDays = calendarPriorDays });
        ForecastResult f = model.Forecast(new ForecastRequest(BacktestRunner.Censor(s, 84 * 24), 84, 1, HolidayCalendar.For(HolidayRegion.UnitedStates)));
        double error = 0;
        for (int h = 0; h < 24; h++)
        {
            error += s.LoadMw[(84 * 24) + h] - f.MeanMw[h];
        }

        return error / 24;
    }
}
