using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow;

/// <summary>The scenario file and the API's typed changes are one parser of a change with two sources.</summary>
public sealed class PowerFlowScenarioSourcesTests
{
    private static readonly string[] s_kinds =
        ["load_scale", "source_pu", "peak_kw", "peak_kvar", "capacitor_kvar", "tap_pu", "r_ohm", "x_ohm", "rating", "zip_z", "zip_i", "open", "close", "melt", "PEAK_KW"];

    [Property(MaxTest = 200)]
    public Property FromChanges_RandomChanges_GiveTheScenarioOrTheProblemsOfTheSameRowsOfAFile(PositiveInt seed)
    {
        (Net network, _) = RandomFeeders.Create(seed.Get, 12 + (seed.Get % 30));
        var rng = new Random(seed.Get);
        var changes = new List<PowerFlowChange>();
        for (int i = rng.Next(0, 7); i > 0; i--)
        {
            changes.Add(RandomChange(network, rng));
        }

        string path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.csv");
        try
        {
            CsvTableWriter.WriteFile(path, ["kind", "target", "value"],
                changes.Select(c => new object?[] { c.Kind, c.Target, c.Value }));
            PowerFlowScenarioReadResult file = PowerFlowScenarioReader.Read(path, network);
            QueryResult<PowerFlowScenario> typed = PowerFlowScenarioReader.FromChanges(changes, network);

            // Each file error on line n is the typed changes' problem of changes[n − 2] (line 0: the changes together).
            string[] fileProblems = [.. file.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => $"{(d.Location.Line >= 2 ? $"changes[{d.Location.Line - 2}].{d.Field}" : "changes")}: {d.Message}")];
            string[] typedProblems = [.. typed.Problems.Select(p => $"{p.Field}: {p.Message}")];
            bool same = fileProblems.SequenceEqual(typedProblems)
                && (file.Scenario is null) == (typed.Value is null)
                && (file.Scenario is null || Describe(file.Scenario, network) == Describe(typed.Value!, network));
            return same.Label($"changes: {string.Join("; ", changes)}\nfile: {string.Join(" | ", fileProblems)}\ntyped: {string.Join(" | ", typedProblems)}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromChanges_TargetWithCommaAndQuote_IsAnUnknownId_NotARefusedCharacter()
    {
        (Net network, _) = RandomFeeders.Create(3, 20);
        QueryResult<PowerFlowScenario> read = PowerFlowScenarioReader.FromChanges([new PowerFlowChange("peak_kw", "a,\"b", 10)], network);
        FieldProblem problem = Assert.Single(read.Problems);
        Assert.Equal(("changes[0].target", "'a,\"b' is not a load point of the network"), (problem.Field, problem.Message));
    }

    [Fact]
    public void FromChanges_ValidChanges_AreApplied()
    {
        (Net network, _) = RandomFeeders.Create(5, 20);
        string loadPoint = network.LoadPointIds[0];
        QueryResult<PowerFlowScenario> read = PowerFlowScenarioReader.FromChanges(
            [new PowerFlowChange("load_scale", null, 1.2), new PowerFlowChange("peak_kw", loadPoint, 80), new PowerFlowChange("zip_z", "", 0.4)], network);
        PowerFlowScenario scenario = Assert.IsType<PowerFlowScenario>(read.Value);
        Assert.Equal(1.2, scenario.LoadScale);
        Assert.Equal(80, scenario.Loads[0].Kw);
        Assert.Equal(0.4, scenario.LoadModel.ConstantImpedanceShare);

        QueryResult<PowerFlowScenario> missing = PowerFlowScenarioReader.FromChanges([new PowerFlowChange("load_scale", null), new PowerFlowChange(null, "x", 1)], network);
        Assert.Equal(["changes[0].value: 'load_scale' needs a value", "changes[1].kind: value is required"], missing.Problems.Select(p => $"{p.Field}: {p.Message}"));
    }

    private static PowerFlowChange RandomChange(Net network, Random rng)
    {
        string kind = s_kinds[rng.Next(s_kinds.Length)];
        string target = rng.Next(7) switch
        {
            0 => string.Empty,
            1 => "nowhere",
            2 => network.NodeIds[rng.Next(network.NodeCount)],
            3 or 4 => network.EdgeIds[rng.Next(network.EdgeCount)],
            _ => network.LoadPointCount > 0 ? network.LoadPointIds[rng.Next(network.LoadPointCount)] : "none",
        };
        double? value = rng.Next(6) switch
        {
            0 => null,
            1 => Math.Round(rng.NextDouble(), 3),
            2 => Math.Round(0.8 + (0.4 * rng.NextDouble()), 3),
            3 => Math.Round(rng.NextDouble() * 200, 1),
            4 => -1,
            _ => Math.Round(rng.NextDouble() * 2, 2),
        };
        return new PowerFlowChange(kind, target, value);
    }

    // Every part of a scenario, in a comparable form (its dictionaries compare by reference).
    private static string Describe(PowerFlowScenario s, Net network)
    {
        static string Map<T>(IReadOnlyDictionary<int, T> d) => string.Join(",", d.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
        string state = s.State is null ? "normal" : string.Concat(s.State.EdgeClosed.ToArray().Select(c => c ? '1' : '0'));
        return string.Join("|", state, s.LoadScale, s.SourceVoltagePu, s.LoadModel, Map(s.Loads), Map(s.LoadModels), Map(s.CapacitorKvar), Map(s.TapPu), Map(s.Branches), network.EdgeCount);
    }
}
