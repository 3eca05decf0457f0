using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Aging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen assets rank</c>: assets by risk (PoF × network consequence) or by risk removed per unit cost, with reasons.</summary>
internal sealed class AssetsRankCommand(IAnsiConsole console) : Command<AssetsRankCommand.Settings>
{
    /// <summary>Options of <c>assets rank</c>.</summary>
    internal sealed class Settings : AssetNetworkSettings
    {
        [CommandOption("--by <ORDER>")]
        [Description("risk (default) or value (risk removed per unit of replacement cost).")]
        [DefaultValue("risk")]
        public string By { get; init; } = "risk";

        public override ValidationResult Validate() =>
            By is "risk" or "value" ? base.Validate() : ValidationResult.Error("--by must be risk or value");
    }

    /// <summary>One ranked asset, as written in JSON and CSV.</summary>
    internal sealed record RankRow(
        int Rank,
        string AssetId,
        string Class,
        string Method,
        double AgeYears,
        double HealthScore,
        double PofPerYear,
        double CustomersPerFailure,
        double CustomerHoursPerFailure,
        double EnsKwhPerFailure,
        double ComplaintsPerFailure,
        double ConsequencePerFailure,
        double RiskPerYear,
        double ReplacementCost,
        double RiskRemovedPerCost,
        string Currency,
        string Reasons);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AssetRiskResult? result = AssetLoading.Evaluate(console, settings);
        if (result is null)
        {
            return ExitCodes.InvalidInput;
        }

        int[] order = settings.By == "value" ? result.ByValue : result.ByRisk;
        int count = settings.Format == AssetOutputFormat.Table ? Math.Min(settings.Top, order.Length) : order.Length;
        var rows = new List<RankRow>(count);
        AssetRegister register = result.Register;
        string currency = result.Options.Costs.Currency;
        for (int r = 0; r < count; r++)
        {
            int i = order[r];
            rows.Add(new RankRow(
                r + 1,
                register.Ids[i],
                AssetClasses.Name(register.Classes[i]),
                result.Method[i] == PofMethod.Cnaim ? "cnaim" : "weibull",
                result.AgeYears[i],
                result.Health[i],
                result.PofPerYear[i],
                result.CustomersPerFailure[i],
                result.CustomerHoursPerFailure[i],
                result.EnergyKwhPerFailure[i],
                result.ComplaintsPerFailure[i],
                result.ConsequencePerFailure[i],
                result.RiskPerYear[i],
                result.ReplacementCost[i],
                result.RiskRemovedPerCost[i],
                currency,
                string.Join(" | ", result.Reasons(i).Select(x => x.Text))));
        }

        switch (settings.Format)
        {
            case AssetOutputFormat.Json:
                LumenJson.Write(console, new { year = result.Options.Year, by = settings.By, currency, complaint_model = AssetLoading.ComplaintModelDocument.Of(result.Options.Complaints), assets = rows });
                return ExitCodes.Ok;
            case AssetOutputFormat.Csv:
                AssetLoading.WriteCsv(console, rows);
                return ExitCodes.Ok;
        }

        var table = new Table()
            .Title($"Assets by {settings.By} ({result.Options.Year}, {currency})")
            .AddColumns("#", "asset", "class", "age", "PoF %/yr", "customers", "cust-h / failure", "consequence", "risk / yr", "risk removed per 1k");
        foreach (RankRow r in rows)
        {
            table.AddRow(
                r.Rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(r.AssetId),
                r.Class,
                AssetLoading.Number(r.AgeYears, "0"),
                AssetLoading.Number(100 * r.PofPerYear, "0.000"),
                AssetLoading.Number(r.CustomersPerFailure, "0"),
                AssetLoading.Number(r.CustomerHoursPerFailure, "0"),
                AssetLoading.Number(r.ConsequencePerFailure, "N0"),
                AssetLoading.Number(r.RiskPerYear, "N0"),
                AssetLoading.Number(1000 * r.RiskRemovedPerCost, "0.00"));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(AssetLoading.ComplaintModelDocument.Of(result.Options.Complaints).Describe()));
        int explained = Math.Min(5, rows.Count);
        for (int r = 0; r < explained; r++)
        {
            int i = order[r];
            console.MarkupLine($"[bold]{r + 1}. {Markup.Escape(register.Ids[i])}[/]");
            foreach (AssetReason reason in result.Reasons(i))
            {
                console.MarkupLine($"   {reason.Kind}: {Markup.Escape(reason.Text)}");
            }
        }

        return ExitCodes.Ok;
    }
}
