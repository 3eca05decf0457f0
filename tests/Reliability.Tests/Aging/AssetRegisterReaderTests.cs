using Lumen.Reliability.Aging;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class AssetRegisterReaderTests
{
    private static AssetRegisterResult ReadText(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"register-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        try
        {
            return AssetRegisterReader.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_ValidRows_BuildsRegister()
    {
        AssetRegisterResult r = ReadText(
            "asset_id,class,component_id,install_year,rating,partial_discharge,external_condition,inspection_grade,failures\n" +
            "T1,distribution_transformer,F1-T1,1990,400,High (Not Confirmed),Some Deterioration,attention,2019-05-02:bushing;2021:winding\n" +
            "L1,overhead_line,F1-L1,2005,,,,serious,\n");
        Assert.Empty(r.Diagnostics);
        AssetRegister reg = r.Register!;
        Assert.Equal(2, reg.Count);
        Assert.Equal(CnaimCategory.Transformer10kVDk, reg.Categories[0]);
        Assert.Equal(CnaimCategory.None, reg.Categories[1]);
        Assert.Equal(3, reg.ConditionsOf(0).Length);
        Assert.Equal(2, reg.FailuresOf(0).Length);
        Assert.Equal(2019, reg.RecordsStartYear);
        Assert.Equal(1, reg.FailureCount(0, 2020, 2025));
    }

    [Theory]
    [InlineData("2003", "", "", 2003)]
    [InlineData("2003", "2015", "", 2015)]
    [InlineData("2003", "2015", "2018-07-01:winding", 2018)]
    [InlineData("2010", "2021", "2018-07-01:winding", 2021)]
    public void LatestRecordedYear_IsTheLatestInstallInspectionOrFailure(string install, string inspection, string failures, int expected)
    {
        AssetRegisterResult r = ReadText(
            "asset_id,class,install_year,inspection_year,failures\n" +
            "OLD,distribution_transformer,1970,1990,1985-01-01:bushing\n" +
            $"NEW,distribution_transformer,{install},{inspection},{failures}\n");
        Assert.Empty(r.Diagnostics);
        Assert.Equal(expected, r.Register!.LatestRecordedYear());
    }

    [Fact]
    public void Read_BadRows_ReportEveryErrorWithLineAndField()
    {
        AssetRegisterResult r = ReadText(
            "asset_id,class,install_year,partial_discharge,sheath_test,failures\n" +
            "A,flux_capacitor,1990,,,\n" +
            "B,distribution_transformer,19x0,,,\n" +
            "C,distribution_transformer,1990,Sparkly,,\n" +
            "D,distribution_transformer,1990,,Pass,\n" +
            "E,cable,2000,,,1999-01-01:joint\n" +
            "F,cable,2000,,,\n" +
            "F,cable,2001,,,\n");
        Assert.Null(r.Register);
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 2 && d.Field == "class");
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 3 && d.Field == "install_year");
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 4 && d.Field == "partial_discharge" && d.Message.Contains("High (Confirmed)", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 5 && d.Field == "sheath_test" && d.Message.Contains("does not apply", StringComparison.Ordinal));
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 6 && d.Field == "failures");
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 8 && d.Field == "asset_id" && d.Message.Contains("duplicate", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_RowsAfterABlankLineAndAQuotedLineBreak_KeepTheLineTheyStartOn()
    {
        // Line 2 is blank, the row of line 3 holds a quoted line break (lines 3-4): the bad row starts on line 5.
        AssetRegisterResult r = ReadText(
            "asset_id,class,install_year,manufacturer\n" +
            "\n" +
            "A,pole,1990,\"Acme\nPoles\"\n" +
            "B,pole,19x0,Acme\n");
        Assert.Null(r.Register);
        Diagnostic bad = Assert.Single(r.Diagnostics);
        Assert.Equal((5, "install_year"), (bad.Location.Line, bad.Field));
    }

    [Fact]
    public void Read_UnknownAndMissingColumns_AreErrors()
    {
        AssetRegisterResult r = ReadText("asset_id,klass,install_year\nA,pole,1990\n");
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 1 && d.Field == "klass");
        Assert.Contains(r.Diagnostics, d => d.Location.Line == 1 && d.Field == "class");
    }
}
