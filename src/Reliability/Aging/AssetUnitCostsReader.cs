using System.Collections.Frozen;
using Lumen.Reliability.History;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>A utility's own unit costs and outage times per asset class, or why the file was refused.</summary>
/// <param name="Costs">The costs with the file's overrides; null when there are errors.</param>
/// <param name="Outage">The outage times with the file's overrides; null when there are errors.</param>
/// <param name="Diagnostics">Every problem (and warnings such as unknown columns), naming file, line and column.</param>
public sealed record AssetUnitCostsResult(AssetCostOptions? Costs, AssetOutageOptions? Outage, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>
/// Reads per-class overrides of the documented default unit costs and outage times (docs/assets.md §3):
/// <c>class,replacement_cost,repair_cost_per_failure,outage_hours</c>, one row per class it changes. A blank cell keeps
/// the default. All or nothing: any error (unknown class, a class twice, a value that is not a number or out of range)
/// refuses the whole file.
/// </summary>
public static class AssetUnitCostsReader
{
    private static readonly string[] s_required = ["class"];
    private static readonly string[] s_optional = ["replacement_cost", "repair_cost_per_failure", "outage_hours"];

    /// <summary>Reads <paramref name="path"/> over <paramref name="costs"/> and <paramref name="outage"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="costs">Costs the file overrides (its currency and scalar costs are kept).</param>
    /// <param name="outage">Outage times the file overrides.</param>
    /// <returns>The overridden options, or the diagnostics.</returns>
    public static AssetUnitCostsResult Read(string path, AssetCostOptions costs, AssetOutageOptions outage)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(outage);
        var diagnostics = new List<Diagnostic>();
        var rows = HistoryCsv.Read(path, s_required, s_optional, diagnostics, [], ParseRow);
        var seen = new Dictionary<AssetClass, SourceLocation>();
        foreach (ClassRow row in rows)
        {
            if (!seen.TryAdd(row.Class, row.Location))
            {
                diagnostics.Add(new Diagnostic(row.Location, "class", $"'{AssetClasses.Name(row.Class)}' already appears on line {seen[row.Class].Line}"));
            }
        }

        if (diagnostics.Exists(d => d.Severity == DiagnosticSeverity.Error))
        {
            return new AssetUnitCostsResult(null, null, diagnostics);
        }

        var replacement = new Dictionary<AssetClass, double>(costs.ReplacementCost);
        var repair = new Dictionary<AssetClass, double>(costs.RepairCostPerFailure);
        var hours = new Dictionary<AssetClass, double>(outage.RepairHours);
        foreach (ClassRow row in rows)
        {
            Override(replacement, row.Class, row.ReplacementCost);
            Override(repair, row.Class, row.RepairCostPerFailure);
            Override(hours, row.Class, row.OutageHours);
        }

        return new AssetUnitCostsResult(
            costs with { ReplacementCost = replacement.ToFrozenDictionary(), RepairCostPerFailure = repair.ToFrozenDictionary() },
            outage with { RepairHours = hours.ToFrozenDictionary() },
            diagnostics);
    }

    private static ClassRow? ParseRow(CsvCells cells)
    {
        string name = cells.Required("class");
        if (name.Length == 0)
        {
            return null;
        }

        if (!AssetClasses.TryParse(name, out AssetClass assetClass))
        {
            cells.Error("class", $"unknown asset class '{name}' (one of {string.Join(", ", AssetClasses.All.Select(AssetClasses.Name))})");
            return null;
        }

        double? replacement = cells.OptionalDouble("replacement_cost", 0, 1e12);
        if (replacement == 0)
        {
            // The plan ranks by risk removed per unit of cost.
            cells.Error("replacement_cost", "must be above 0: the plan ranks replacements by risk removed per unit of cost");
        }

        double? repair = cells.OptionalDouble("repair_cost_per_failure", 0, 1e12);
        double? hours = cells.OptionalDouble("outage_hours", 0, 8760);
        return new ClassRow(cells.Location, assetClass, replacement, repair, hours);
    }

    private static void Override(Dictionary<AssetClass, double> values, AssetClass assetClass, double? value)
    {
        if (value is double v)
        {
            values[assetClass] = v;
        }
    }

    private sealed record ClassRow(SourceLocation Location, AssetClass Class, double? ReplacementCost, double? RepairCostPerFailure, double? OutageHours);
}
