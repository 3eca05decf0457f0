using Lumen.Topology.Network;

namespace Lumen.Reliability.Investment;

/// <summary>
/// Unit costs of the project kinds (CNY by default). Indicative 2024 figures for a Chinese city utility, documented in
/// docs/investment.md §3 with their reasoning; every one is overridable (<c>--costs FILE</c>, JSON in snake_case).
/// Replacement costs come from the asset model (<c>AssetCostOptions</c>).
/// </summary>
public sealed record InvestmentCosts
{
    /// <summary>The defaults.</summary>
    public static InvestmentCosts Default { get; } = new();

    /// <summary>A new remote-controlled load-break switch with its terminal unit (FTU) and communication. Default 80,000.</summary>
    public double AutomatedSwitch { get; init; } = 80_000;

    /// <summary>A new pole-mounted recloser with its controller. Default 120,000 (the asset model's recloser replacement cost).</summary>
    public double Recloser { get; init; } = 120_000;

    /// <summary>A new drop-out fuse set. Default 3,000 (the asset model's fuse cost).</summary>
    public double Fuse { get; init; } = 3_000;

    /// <summary>Automating an existing switch (motor operator, FTU, communication). Default 50,000.</summary>
    public double Automation { get; init; } = 50_000;

    /// <summary>The normally-open switch of a new tie. Default 60,000 (the asset model's load-break switch cost).</summary>
    public double TieSwitch { get; init; } = 60_000;

    /// <summary>New overhead 10 kV line per km (insulated conductor, poles, fittings). Default 300,000.</summary>
    public double OverheadLinePerKm { get; init; } = 300_000;

    /// <summary>New 10 kV cable per km (cable, trench or duct). Default 1,200,000 (the asset model's cable cost).</summary>
    public double CablePerKm { get; init; } = 1_200_000;

    /// <summary>Changing a distribution transformer's off-load tap (a crew visit and a short planned outage). Default 2,000 per transformer.</summary>
    public double TapChange { get; init; } = 2_000;

    /// <summary>Shunt capacitor bank per kvar, installed. Default 200.</summary>
    public double CapacitorPerKvar { get; init; } = 200;

    /// <summary>A new distribution transformer splitting an area (台区分流: transformer, LV board, LV works). Default 200,000.</summary>
    public double AreaSplit { get; init; } = 200_000;

    /// <summary>Route length of a new tie per km of straight-line distance between its ends. Default 1.3.</summary>
    public double RouteFactor { get; init; } = 1.3;

    /// <summary>The cost of a new line of <paramref name="kind"/> and <paramref name="lengthKm"/>.</summary>
    public double Line(BranchKind kind, double lengthKm) => (kind == BranchKind.Cable ? CablePerKm : OverheadLinePerKm) * lengthKm;

    /// <summary>The first problem with the table, or null.</summary>
    public string? Problem()
    {
        double[] all = [AutomatedSwitch, Recloser, Fuse, Automation, TieSwitch, OverheadLinePerKm, CablePerKm, TapChange, CapacitorPerKvar, AreaSplit];
        foreach (double x in all)
        {
            if (!(x >= 0 && x < 1e10))
            {
                return "every unit cost must be a number in 0..1e10";
            }
        }

        return RouteFactor is >= 1 and <= 5 ? null : "route_factor must lie in 1..5";
    }
}

/// <summary>What a year of each effect is worth, and the economic rules of the plan.</summary>
public sealed record InvestmentValues
{
    /// <summary>The defaults: the asset model's unit values (docs/assets.md §3) and 8 % over 20 years.</summary>
    public static InvestmentValues Default { get; } = new();

    /// <summary>Cost per complaint. Default 2,000 (as the asset model).</summary>
    public double CostPerComplaint { get; init; } = 2_000;

    /// <summary>Value of energy not supplied per kWh. Default 20 (as the asset model).</summary>
    public double EnsCostPerKwh { get; init; } = 20;

    /// <summary>Cost per customer-hour interrupted. Default 0 (as the asset model: customers enter through energy and complaints).</summary>
    public double CostPerCustomerHour { get; init; }

    /// <summary>Cost of one customer living a year below the voltage limit (low-voltage exposure). Default 100.</summary>
    public double CostPerLowVoltageCustomerYear { get; init; } = 100;

    /// <summary>Discount rate per year. Default 0.08 (as the asset plan).</summary>
    public double DiscountRate { get; init; } = 0.08;

    /// <summary>Years over which a project's benefit counts. Default 20.</summary>
    public int AppraisalYears { get; init; } = 20;

    /// <summary>The first problem, or null.</summary>
    public string? Problem() =>
        !(CostPerComplaint >= 0 && EnsCostPerKwh >= 0 && CostPerCustomerHour >= 0 && CostPerLowVoltageCustomerYear >= 0)
        || !(CostPerComplaint < 1e9 && EnsCostPerKwh < 1e9 && CostPerCustomerHour < 1e9 && CostPerLowVoltageCustomerYear < 1e9)
            ? "unit values must lie in 0..1e9"
            : !(DiscountRate is >= 0 and <= 0.5) ? "discount_rate must lie in 0..0.5"
            : AppraisalYears is < 1 or > 60 ? "appraisal_years must lie in 1..60" : null;
}

/// <summary>The planner's overrides of <see cref="InvestmentCosts"/> and <see cref="InvestmentValues"/>: one JSON file (<c>--costs FILE</c>).</summary>
/// <param name="Costs">Unit costs (properties left out keep their defaults).</param>
/// <param name="Values">Unit values and economic rules.</param>
public sealed record InvestmentTables(InvestmentCosts Costs, InvestmentValues Values)
{
    private static readonly System.Text.Json.JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Reads <c>{ "costs": { "automated_switch": 90000, … }, "values": { "cost_per_complaint": 3000, … } }</c>; what is
    /// left out keeps its default.
    /// </summary>
    /// <returns>The tables, or the problem (file, line and reason).</returns>
    public static (InvestmentTables? Tables, string? Problem) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var read = System.Text.Json.JsonSerializer.Deserialize<InvestmentTablesFile>(File.ReadAllText(path), s_json);
            var tables = new InvestmentTables(read?.Costs ?? InvestmentCosts.Default, read?.Values ?? InvestmentValues.Default);
            string? problem = tables.Costs.Problem() ?? tables.Values.Problem();
            return problem is null ? (tables, null) : (null, $"{path}: {problem}");
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, $"{path}: line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return (null, $"{path}: {ex.Message}");
        }
    }

    private sealed record InvestmentTablesFile(InvestmentCosts? Costs, InvestmentValues? Values);
}
