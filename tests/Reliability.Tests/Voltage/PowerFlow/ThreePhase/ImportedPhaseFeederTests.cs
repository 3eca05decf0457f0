using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.TestSupport;
using Lumen.Topology.Import.OpenDss;
using Lumen.Topology.Phases;
using Xunit;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow.ThreePhase;

/// <summary>The phase model the OpenDSS importer fills (Topology) is what the three-phase solver (Voltage) solves.</summary>
public sealed class ImportedPhaseFeederTests
{
    [Fact]
    public void Solve_ImportedPartialPhaseFeeder_ConvergesWithOnlyTheLateralsPhases()
    {
        string dir = Directory.CreateTempSubdirectory("lumen-phases-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "m.dss"), OpenDssSamples.PhaseFeeder);
            File.WriteAllText(Path.Combine(dir, "day.txt"), OpenDssSamples.PhaseFeederDay);
            OpenDssImportResult result = OpenDssImporter.Import(Path.Combine(dir, "m.dss"));
            PhaseNetwork p = result.Phases ?? throw new Xunit.Sdk.XunitException(string.Join("; ", result.Diagnostics));

            ThreePhaseResult solved = new ThreePhasePowerFlow(p).Solve();
            Assert.True(solved.Converged, string.Join("; ", solved.Diagnostics));
            Assert.True(solved.HasPhase(p.BusIndex["d"], 1) && !solved.HasPhase(p.BusIndex["d"], 0));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
