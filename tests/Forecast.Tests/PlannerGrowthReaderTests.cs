using Lumen.Forecast.Data;
using Lumen.Forecast.Peaks;
using Xunit;

namespace Lumen.Forecast.Tests;

/// <summary>The planner's growth file: blanks keep the defaults, every bad cell is named, nothing half-read.</summary>
public sealed class PlannerGrowthReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lumen-growth-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_folder, "growth.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Read_GoodFile_BlanksKeepDefaults_QuotedIdsRead()
    {
        (IReadOnlyDictionary<string, PlannerGrowth>? growth, IReadOnlyList<ForecastDiagnostic> diagnostics) = PlannerGrowthReader.Read(Write(
            "series_id,growth_percent_per_year,added_peak_mw,added_from_year\nF1,3.5,,\n\"F,2\",,1.2,3\n\nF3,-2,0,1\n"));

        Assert.Empty(diagnostics);
        Assert.Equal(new PlannerGrowth(3.5, 0, 1), growth!["F1"]);
        Assert.Equal(new PlannerGrowth(null, 1.2, 3), growth["F,2"]);
        Assert.Equal(new PlannerGrowth(-2, 0, 1), growth["F3"]);
    }

    [Fact]
    public void Read_BadCells_EachNamed_NothingReturned()
    {
        (IReadOnlyDictionary<string, PlannerGrowth>? growth, IReadOnlyList<ForecastDiagnostic> diagnostics) = PlannerGrowthReader.Read(Write(
            "series_id,growth_percent_per_year,added_peak_mw,added_from_year\nF1,abc,,\nF2,,1e400,\nF3,,,0\nF4,1,2\nF5,,,\nF5,,,\n"));

        Assert.Null(growth);
        Assert.Equal([(2, "growth_percent_per_year"), (3, "added_peak_mw"), (4, "added_from_year"), (5, ""), (7, "series_id")], diagnostics.Select(d => (d.Line, d.Field)));
        Assert.All(diagnostics, d => Assert.StartsWith($"growth.csv:{d.Line}: error: ", d.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Read_WrongHeaderOrMissingFile_OneError()
    {
        Assert.Equal(1, Assert.Single(PlannerGrowthReader.Read(Write("series,growth\nF1,2\n")).Diagnostics).Line);
        Assert.Equal("file not found", Assert.Single(PlannerGrowthReader.Read(Path.Combine(_folder, "none.csv")).Diagnostics).Message);
    }
}
