using System.Numerics;
using Lumen.TestSupport;
using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Phases;
using Xunit;

namespace Lumen.Topology.Tests.Import;

/// <summary>The phase model the importer builds beside the single-line network.</summary>
public sealed partial class OpenDssImporterTests
{
    [Fact]
    public void Phases_AreReadWithOpenDssSemantics()
    {
        OpenDssImportResult result = ImportText(("m.dss", OpenDssSamples.PhaseFeeder), ("day.txt", OpenDssSamples.PhaseFeederDay));
        PhaseNetwork p = result.Phases ?? throw new Xunit.Sdk.XunitException(string.Join("; ", result.Diagnostics));

        // Source: Isc3 at 11 kV → |Z1| = V_LN / Isc3 with X/R 4.
        Assert.Equal(11 * 1000 / Math.Sqrt(3) / 3000, p.Source.Z1Ohm.Magnitude, 1e-9);
        Assert.Equal(4, p.Source.Z1Ohm.Imaginary / p.Source.Z1Ohm.Real, 1e-9);
        Assert.Equal(1.02, p.Source.Pu);

        // Sequence data → phase matrix, 250 m of a per-km code; the 2-phase matrix line on nodes 2 and 3, 0.1 km.
        PhaseLine a = p.Lines.Single(l => l.Id == "line.a");
        Assert.Equal(((2 * new Complex(0.2, 0.3)) + new Complex(0.5, 0.9)) / 3 * 0.25, a.ZOhm[0]);
        Assert.Equal((new Complex(0.5, 0.9) - new Complex(0.2, 0.3)) / 3 * 0.25, a.ZOhm[1]);
        PhaseLine b = p.Lines.Single(l => l.Id == "line.b");
        Assert.Equal([2, 3], b.FromNodes);
        Assert.Equal(new Complex(0.1 * 0.1, 0.2 * 0.1), b.ZOhm[1]);
        Assert.Equal(2 * Math.PI * 50 * 10e-9 * 0.1, b.YShuntSiemens[0].Imaginary, 1e-15);

        // A switch is OpenDSS's 1 mΩ + j1 mΩ per phase.
        PhaseLine sw = p.Lines.Single(l => l.Id == "line.sw");
        Assert.Equal(new Complex(0.001, 0.001), sw.ZOhm[0]);
        Assert.Equal(Complex.Zero, sw.ZOhm[1]);

        PhaseTransformer t = Assert.Single(p.Transformers);
        Assert.Equal(PhaseConnection.Delta, t.Windings[0].Connection);
        Assert.Equal([1, 2, 3, 0], t.Windings[1].Nodes);
        Assert.Equal(0.5, t.Windings[0].RPercent);
        Assert.Equal(0.4, p.BaseKvLl[p.BusIndex["c"]], 1e-12);

        PhaseLoad y = p.Loads.Single(l => l.Id == "y");
        Assert.Equal([3, 0], y.Nodes);
        Assert.Equal(new ZipShares(0, 1, 0, 1, 0, 0), y.Zip);
        Assert.Equal(5 * Math.Sqrt(1 - 0.81) / 0.9, y.Kvar, 1e-12);
        Assert.Equal("day", y.Shape);
        PhaseLoad d = p.Loads.Single(l => l.Id == "d");
        Assert.Equal(PhaseConnection.Delta, d.Connection);
        Assert.Equal([3, 1], d.Nodes);
        Assert.Equal(ZipShares.ConstantCurrent, d.Zip);
        Assert.Equal(30, Assert.Single(p.Capacitors).Kvar);
        Assert.Equal([0.5, 1.0, 0.25], p.LoadShapes["day"].Multipliers);
        Assert.Equal(30, p.LoadShapes["day"].IntervalMinutes);

    }

    [Fact]
    public void Phases_SomethingNotModelled_LeavesTheNetworkBalancedWithAWarning()
    {
        OpenDssImportResult result = ImportText(("m.dss", Lines(
            "New Circuit.t basekv=11",
            "New Line.a bus1=sourcebus bus2=b length=1",
            "New Load.x bus1=b kv=11 kw=10 model=4 cvrwatts=0.8")));

        Assert.NotNull(result.Network);
        Assert.Null(result.Phases);
        Assert.Contains(result.Diagnostics, d => d.Field == "phases" && d.Message.Contains("load.x: load model 4", StringComparison.Ordinal));
    }
}
