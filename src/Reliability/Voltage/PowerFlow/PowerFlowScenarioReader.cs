using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Voltage.PowerFlow;

/// <summary>The outcome of reading a scenario file: the scenario, or null and every error.</summary>
/// <param name="Scenario">The scenario; null when any error was found (all or nothing).</param>
/// <param name="Diagnostics">Every error and warning, naming file, line and field.</param>
public sealed record PowerFlowScenarioReadResult(PowerFlowScenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the scenario was read.</summary>
    public bool Succeeded => Scenario is not null;
}

/// <summary>
/// A power-flow scenario from its two sources, both through <see cref="PowerFlowScenarioBuilder"/>: a load scenario
/// CSV (one change per row, <c>kind,target,value</c>) and the API's typed changes.
/// </summary>
public static class PowerFlowScenarioReader
{
    private static readonly string[] s_required = ["kind", "target"];
    private static readonly string[] s_optional = ["value"];

    /// <summary>Reads <paramref name="path"/> as a scenario of <paramref name="network"/>; errors name file, line and field.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PowerFlowScenarioReadResult Read(string path, Net network)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(network);
        var diagnostics = new List<Diagnostic>();
        var builder = new PowerFlowScenarioBuilder(network);
        CsvTable.Read(path, s_required, s_optional, diagnostics, row =>
        {
            double? value = null;
            if (row.Has("value"))
            {
                int before = diagnostics.Count;
                double parsed = row.Double("value", double.NaN);
                if (diagnostics.Count > before)
                {
                    return;
                }

                value = parsed;
            }

            builder.Add(new PowerFlowChange(row.Text("kind"), row.Text("target"), value), row.Error);
        });

        var file = new SourceLocation(Path.GetFileName(path), 0);
        PowerFlowScenario? built = builder.Build((field, message) => diagnostics.Add(new Diagnostic(file, field, message)));
        PowerFlowScenario? scenario = diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error) ? null : built;
        return new PowerFlowScenarioReadResult(scenario, diagnostics);
    }

    /// <summary>
    /// The scenario of <paramref name="changes"/> on <paramref name="network"/>; a change's problems name
    /// <c>changes[i].kind</c>, <c>.target</c> or <c>.value</c>, and those of the changes together <c>changes</c>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static QueryResult<PowerFlowScenario> FromChanges(IReadOnlyList<PowerFlowChange> changes, Net network)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(network);
        var problems = new List<FieldProblem>();
        var builder = new PowerFlowScenarioBuilder(network);
        for (int i = 0; i < changes.Count; i++)
        {
            int index = i;
            if (changes[i] is not { } change)
            {
                problems.Add(new FieldProblem($"changes[{index}]", "a change is required"));
                continue;
            }

            builder.Add(change, (field, message) => problems.Add(new FieldProblem($"changes[{index}].{field}", message)));
        }

        PowerFlowScenario? built = builder.Build((_, message) => problems.Add(new FieldProblem("changes", message)));
        PowerFlowScenario? scenario = problems.Count > 0 ? null : built;
        return scenario is null ? QueryResult<PowerFlowScenario>.Invalid(problems) : QueryResult<PowerFlowScenario>.Answer(scenario);
    }
}
