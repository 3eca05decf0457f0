using Lumen.Forecast.Data;
using Xunit;

namespace Lumen.Forecast.Tests;

public sealed class CalendarDetectorTests
{
    [Fact]
    public void HolidaysShapedLikeSundays_ChooseTheirList()
    {
        LoadSeries s = Series(HolidayCalendar.For(HolidayRegion.UnitedStates), 730, 1);
        CalendarChoice choice = CalendarDetector.Detect(s, s.DayCount);
        Assert.Equal(HolidayRegion.UnitedStates, choice.Region);
        Assert.True(choice.Holidays >= 10);
    }

    [Fact]
    public void VictorianHolidays_ChooseVictoria()
    {
        LoadSeries s = Series(HolidayCalendar.For(HolidayRegion.AustraliaVictoria), 730, 2);
        Assert.Equal(HolidayRegion.AustraliaVictoria, CalendarDetector.Detect(s, s.DayCount).Region);
    }

    [Fact]
    public void NoHolidayEffect_ChoosesNone()
    {
        LoadSeries s = Series(HolidayCalendar.Empty, 730, 3);
        Assert.Equal(HolidayRegion.None, CalendarDetector.Detect(s, s.DayCount).Region);
    }

    [Fact]
    public void ReadsNothingFromEndDayOn()
    {
        LoadSeries us = Series(HolidayCalendar.For(HolidayRegion.UnitedStates), 730, 4);
        LoadSeries none = Series(HolidayCalendar.Empty, 730, 4);
        int end = 365;
        double[] mixed = none.LoadMw.ToArray();
        us.LoadMw[(end * 24)..].CopyTo(mixed.AsSpan(end * 24));
        var s = new LoadSeries("mixed", none.Start, 24, mixed, null);
        Assert.Equal(CalendarDetector.Detect(none, end), CalendarDetector.Detect(s, end));
    }

    [Fact]
    public void ExplicitNameWins_AutoDetects()
    {
        LoadSeries s = Series(HolidayCalendar.For(HolidayRegion.UnitedStates), 400, 5);
        Assert.True(CalendarDetector.TryChoose("cn", s, s.DayCount, out HolidayRegion cn));
        Assert.Equal(HolidayRegion.China, cn);
        Assert.True(CalendarDetector.TryChoose("auto", s, s.DayCount, out HolidayRegion auto));
        Assert.Equal(HolidayRegion.UnitedStates, auto);
        Assert.False(CalendarDetector.TryChoose("mars", s, s.DayCount, out _));
    }

    /// <summary>Hourly load with a working-day shape (morning and evening peaks) and a flat Sunday shape; the listed holidays take the Sunday shape.</summary>
    private static LoadSeries Series(HolidayCalendar holidays, int days, int seed)
    {
        var rng = new Random(seed);
        var start = new DateTime(2016, 1, 4);
        var load = new double[days * 24];
        for (int d = 0; d < days; d++)
        {
            DateOnly date = DateOnly.FromDateTime(start).AddDays(d);
            bool restDay = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.IsHoliday(date);
            double level = 100 + (15 * Math.Cos(2 * Math.PI * d / 365.25)) + (4 * rng.NextDouble());
            for (int h = 0; h < 24; h++)
            {
                double shape = restDay ? 5 * Math.Sin(2 * Math.PI * (h - 10) / 24) : (20 * Math.Exp(-Math.Pow(h - 9, 2) / 4)) + (25 * Math.Exp(-Math.Pow(h - 19, 2) / 6));
                load[(d * 24) + h] = level + shape + rng.NextDouble();
            }
        }

        return new LoadSeries("synthetic", start, 24, load, null);
    }
}
