using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>Bad input gives an error naming file, line and property; every error is reported.</summary>
public sealed partial class OpenDssImporterTests
{
    [Theory]
    [InlineData("New Line.L2 bus1=a bus2=b length=abc units=km", "length")]
    [InlineData("Redirect missing/Lines.dss", "redirect")]
    [InlineData("New Line.L2 bus1=a bus2=b linecode=nosuch length=1", "linecode")]
    [InlineData("New Line.L2 bus1=a bus2=b length=1 r1=(0.1 2 * units=km", "r1")]
    [InlineData("New Line.L2 bus2=b length=1 units=km", "bus1")]
    [InlineData("New Line.L2 bus1=a bus2=b length=1 units=furlong", "units")]
    [InlineData("New Line.L2 bus1=a bus2=b length=(1 +) units=km", "length")]
    [InlineData("New Load.X bus1=nowhere kW=10", "bus1")]
    [InlineData("New Load.X bus1=a kW=10 pf=1.5", "pf")]
    [InlineData("New Transformer.T buses=[a b] kvs=[12.47 x]", "kvs")]
    [InlineData("New Transformer.T buses=[a b] xfmrcode=none", "xfmrcode")]
    [InlineData("New RegControl.C transformer=none winding=2", "transformer")]
    [InlineData("New Fuse.F MonitoredObj=Line.nothing", "monitoredobj")]
    [InlineData("New Line.L2 like=nothing bus1=a bus2=b", "like")]
    [InlineData("Open Line.nothing", "open")]
    [InlineData("New Line.L2 bus1=a bus2=b switch=maybe", "switch")]
    public void Import_BadInput_ReportsLineAndField(string badLine, string field)
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a length=1 units=km",
            badLine)));

        Assert.Null(result.Network);
        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(field, error.Field);
        Assert.Equal(4, error.Location.Line);
        Assert.EndsWith("master.dss", error.Location.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_SeveralErrors_AllReportedWithTheirFiles()
    {
        OpenDssImportResult result = ImportText(
            ("master.dss", Header + Lines(
                "New Line.L1 bus1=src bus2=a length=x units=km",
                "Redirect lines.dss",
                "New Load.X bus1=a kW=ten")),
            ("lines.dss", "\r\n\r\nNew Line.L2 bus1=a bus2=b linecode=none length=1\r\n"));

        Assert.Null(result.Network);
        Diagnostic[] errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.Contains(errors, d => d.Field == "length" && d.Location.Line == 3);
        Assert.Contains(errors, d => d.Field == "linecode" && d.Location.Line == 3 && d.Location.File.EndsWith("lines.dss", StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Field == "kw" && d.Location.Line == 5);
    }

    [Fact]
    public void Import_ErrorInContinuationLine_PointsAtThatLine()
    {
        OpenDssImportResult result = ImportText(("master.dss", Header + Lines(
            "New Line.L1 bus1=src bus2=a",
            "~ units=km",
            "~ length=[1 2")));

        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(5, error.Location.Line);
        Assert.Equal("length", error.Field);
        Assert.Contains("unbalanced", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_RedirectLoop_IsReportedNotFollowedForever()
    {
        OpenDssImportResult result = ImportText(
            ("master.dss", Header + "Redirect a.dss\r\n"),
            ("a.dss", "Redirect MASTER.dss\r\n"));

        Assert.Null(result.Network);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("loop", StringComparison.Ordinal));
    }
}
