using Lumen.Forecast.Data;
using Lumen.Forecast.Demo;
using Lumen.Forecast.Peaks;
using Xunit;

namespace Lumen.Forecast.Tests;

public sealed class DataTests
{
    private static LoadReadResult Read(string text) => LoadCsvReader.Read(new StringReader(text), "x.csv", "x");

    [Fact]
    public void FilesIn_AFolder_ListsItsLoadFilesByName_WithoutTemperature_AFileIsItself_NothingIsEmpty()
    {
        string folder = Directory.CreateTempSubdirectory("lumen-files-").FullName;
        try
        {
            foreach (string name in new[] { "b.csv", "temperature.csv", "a.csv", "notes.txt" })
            {
                File.WriteAllText(Path.Combine(folder, name), "x");
            }

            Assert.Equal(["a.csv", "b.csv"], LoadCsvReader.FilesIn(folder).Select(Path.GetFileName));
            string single = Path.Combine(folder, "b.csv");
            Assert.Equal([single], LoadCsvReader.FilesIn(single));
            Assert.Empty(LoadCsvReader.FilesIn(Path.Combine(folder, "missing")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Read_MissingColumn_ErrorNamesField()
    {
        LoadReadResult r = Read("timestamp,temperature_c\n2020-01-01T00:00,1\n");
        Assert.Null(r.Series);
        Assert.Contains(r.Diagnostics, d => d.Field == "load_mw" && d.Line == 1);
    }

    [Fact]
    public void Read_BadNumber_ErrorNamesLineAndField()
    {
        LoadReadResult r = Read("timestamp,load_mw,temperature_c\n2020-01-01T00:00,1,2\n2020-01-01T01:00,abc,2\n");
        Assert.Null(r.Series);
        Assert.Equal("x.csv:3: error: load_mw: 'abc' is not a number", r.Diagnostics.Single().ToString());
    }

    [Fact]
    public void Read_BadNumberAfterBlankAndSpaceOnlyLinesAndAQuotedLineBreak_NamesTheLineItStartsOn()
    {
        // Lines 2 and 3 carry no row; the row of line 4 has a quoted line break (lines 4-5); the bad row starts on line 6.
        LoadReadResult r = Read("timestamp,load_mw,temperature_c\n\n   \n2020-01-01T00:00,1,\"2\n\"\n2020-01-01T01:00,abc,2\n");
        Assert.Null(r.Series);
        Assert.Equal("x.csv:6: error: load_mw: 'abc' is not a number", r.Diagnostics.Single().ToString());
    }

    [Fact]
    public void Read_SpacesAroundFieldsAreTrimmed_TabsAndSpacesInsideQuotesAreKept()
    {
        LoadReadResult r = Read("timestamp , load_mw ,temperature_c\n 2020-01-01T00:00 , 1 ,\"\t2\"\n2020-01-01T01:00,\" x \",2\n");
        Assert.Null(r.Series);
        Assert.Equal("x.csv:3: error: load_mw: ' x ' is not a number", r.Diagnostics.Single().ToString());
    }

    [Theory]
    [InlineData("2020-01-01T00:00,1,2\n2020-01-01T00:00,1,2\n", "duplicate timestamp")]
    [InlineData("2020-01-01T01:00,1,2\n2020-01-01T00:00,1,2\n", "earlier than the previous row")]
    [InlineData("2020-01-01T00:00,1,2\n2020-01-01T00:07,1,2\n", "is not 15 min, 30 min or 1 h")]
    [InlineData("2020-01-01 00:00,1,2\n2020-01-01T0x:00,1,2\n", "is not a timestamp")]
    [InlineData("2020-01-01T00:00,1,200\n2020-01-01T01:00,1,2\n", "plausible air temperature")]
    public void Read_BadInput_IsRejected(string body, string message)
    {
        LoadReadResult r = Read("timestamp,load_mw,temperature_c\n" + body);
        Assert.Null(r.Series);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal) && d.Line > 0);
    }

    [Fact]
    public void Read_GapAndPartialDays_WarnsAndKeepsWholeDays()
    {
        var sb = new System.Text.StringBuilder("timestamp,load_mw,temperature_c\n2019-12-31T23:00,1,1\n");
        for (int h = 0; h < 48; h++)
        {
            if (h is 5 or 6)
            {
                continue;   // two missing rows
            }

            sb.Append(new DateTime(2020, 1, 1).AddHours(h).ToString("yyyy-MM-dd'T'HH:mm")).Append(",10,").Append(h == 7 ? string.Empty : "3").Append('\n');
        }

        sb.Append("2020-01-03T00:00,1,1\n");
        LoadReadResult r = Read(sb.ToString());
        Assert.NotNull(r.Series);
        Assert.Equal(2, r.Series!.DayCount);
        Assert.True(double.IsNaN(r.Series.LoadMw[5]));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("gap of 2 period", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("outside whole days", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Field == "temperature_c");
    }

    [Fact]
    public void Read_QuarterHourly_IsAveragedToHourly()
    {
        var sb = new System.Text.StringBuilder("timestamp,load_mw,temperature_c\n");
        for (int q = 0; q < 96; q++)
        {
            sb.Append(new DateTime(2020, 1, 1).AddMinutes(15 * q).ToString("yyyy-MM-dd'T'HH:mm")).Append(',').Append(q % 4).Append(",5\n");
        }

        LoadReadResult r = Read(sb.ToString());
        Assert.Equal(24, r.Series!.PeriodsPerDay);
        Assert.Equal(1.5, r.Series.LoadMw[0], 12);
    }

    [Fact]
    public void Cleaner_FillsGapsReplacesSpikesAndFlagsStuckMeters()
    {
        LoadSeries s = Synthetic.Series(60, 7);
        double[] y = s.LoadMw.ToArray();
        double truth = y[30 * 24];
        y[30 * 24] = 10 * truth;                // spike
        for (int t = 40 * 24; t < (40 * 24) + 5; t++)
        {
            y[t] = double.NaN;                  // 5-hour gap
        }

        for (int t = 45 * 24; t < (45 * 24) + 6; t++)
        {
            y[t] = 0;                           // dead meter
        }

        CleaningResult c = SeriesCleaner.Clean(new LoadSeries("s", s.Start, 24, y, s.TemperatureC.ToArray()));
        Assert.Equal(1, c.Spikes);
        Assert.Equal(5, c.GapPeriods);
        Assert.Equal(6, c.StuckPeriods);
        Assert.InRange(c.Series.LoadMw[30 * 24], 0.8 * truth, 1.2 * truth);
        for (int t = 0; t < c.Series.Length; t++)
        {
            Assert.True(double.IsFinite(c.Series.LoadMw[t]));
        }

        Assert.Equal(3, c.Diagnostics.Count);
    }

    [Fact]
    public void Calendar_China2024_SpringFestivalMakeUpDayAndFestivalPeriod()
    {
        HolidayCalendar cn = HolidayCalendar.For(HolidayRegion.China);
        Assert.True(cn.IsHoliday(new DateOnly(2024, 2, 10)));
        Assert.True(cn.IsHoliday(new DateOnly(2024, 2, 17)));
        Assert.True(cn.IsWorkingDay(new DateOnly(2024, 2, 18)));    // Sunday make-up day
        Assert.Equal(DayFlags.Festival, cn.FlagsOf(new DateOnly(2024, 2, 20)));
        Assert.True(cn.IsHoliday(new DateOnly(2023, 10, 1)));
    }

    [Fact]
    public void Calendar_UnitedStates_ThanksgivingAndBridge()
    {
        HolidayCalendar us = HolidayCalendar.For(HolidayRegion.UnitedStates);
        Assert.True(us.IsHoliday(new DateOnly(2014, 11, 27)));
        Assert.True(us.IsBridgeDay(new DateOnly(2014, 11, 28)));
        Assert.True(us.IsHoliday(new DateOnly(2010, 12, 24)));      // Christmas on Saturday observed Friday
        Assert.Equal(HolidayRegion.UnitedStates, HolidayCalendar.InferRegion("isone_vt"));
        Assert.Equal(HolidayRegion.China, HolidayCalendar.InferRegion("T1023"));
    }

    [Fact]
    public void Peaks_RatingExceeded_FlagsFirstYear()
    {
        LoadSeries s = Synthetic.Series(740, 8);
        double observed = s.LoadMw.ToArray().Max();
        var options = new PeakOptions { Years = 5, RatingKva = observed * 1000 / 0.95 * 1.05, Growth = new PlannerGrowth(3) };
        PeakForecast p = PeakForecaster.Forecast(s, HolidayCalendar.Empty, options);
        Assert.Equal(5, p.Years.Count);
        Assert.All(p.Years, y => Assert.True(y.P90Mw >= y.P50Mw));
        Assert.InRange(p.Years[0].P50Mw, 0.85 * observed, 1.15 * observed);
        Assert.NotNull(p.FirstOverloadYear);
        Assert.True(p.Years[^1].P90Mw > p.Years[0].P90Mw);
    }

    [Fact]
    public void Demo_WritesSeriesWithRequestedPeaksAndShape()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-demo-load-").FullName;
        try
        {
            DemoLoadResult r = DemoLoadGenerator.Write([("T1", 400, true), ("F1", 6000, false)], 42, dir, new DateOnly(2023, 1, 1), 2);
            Assert.Equal(3, r.Files.Count);
            LoadSeries t1 = LoadCsvReader.Read(Path.Combine(dir, "T1.csv")).Series!;
            Assert.Equal(r.Days, t1.DayCount);
            double max = 0;
            for (int t = t1.Length - (365 * 24); t < t1.Length; t++)
            {
                max = Math.Max(max, t1.LoadMw[t]);
            }

            Assert.Equal(0.4, max, 3);
            // Spring Festival 2024 (Feb 10) empties the city: the urban series dips against the week before.
            Assert.True(DayMean(t1, new DateOnly(2024, 2, 12)) < 0.85 * DayMean(t1, new DateOnly(2024, 1, 29)));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static double DayMean(LoadSeries s, DateOnly date)
    {
        int d = date.DayNumber - DateOnly.FromDateTime(s.Start).DayNumber;
        double sum = 0;
        for (int h = 0; h < 24; h++)
        {
            sum += s.LoadMw[(d * 24) + h];
        }

        return sum / 24;
    }

    [Theory]
    [InlineData(24, 0.5, 1, 1)]
    [InlineData(24, 1, 1, 1)]
    [InlineData(24, 1.5, 2, 1)]
    [InlineData(24, 24, 24, 1)]
    [InlineData(24, 25, 25, 2)]
    [InlineData(96, 0.25, 1, 1)]
    [InlineData(96, 0.3, 2, 1)]
    [InlineData(96, 168, 672, 7)]
    public void PeriodsAndDaysCovering_RoundUp(int periodsPerDay, double hours, int periods, int days)
    {
        var series = new LoadSeries("s", new DateTime(2025, 1, 1), periodsPerDay, new double[periodsPerDay], null);
        Assert.Equal(periods, series.PeriodsCovering(TimeSpan.FromHours(hours)));
        Assert.Equal(days, series.DaysCovering(periods));
    }
}
