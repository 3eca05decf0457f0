using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Aging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen assets rank</c>: assets by risk removed per unit of replacement cost (default) or by risk, with reasons.</summary>
internal sealed class AssetsRankCommand(IAnsiConsole console) : Command<AssetsRankCommand.Settings>
{
    /// <summary>Options of <c>assets rank</c>.</summary>
    internal sealed class Settings : AssetNetworkSettings
    {
        [CommandOption("--by <ORDER>")]
        [Description("value (default: risk removed per unit of replacement cost, for replacement decisions) or risk (PoF × consequence).")]
        [DefaultValue("value")]
        public string By { get; init; } = "value";

        public AssetRankingSort Sort => By == "risk" ? AssetRankingSort.Risk : AssetRankingSort.RiskPerCost;

        public override ValidationResult Validate() =>
            By is "risk" or "value" ? base.Validate() : ValidationResult.Error("--by must be value or risk");
    }

    /// <summary>One ranked asset as a CSV row (the reasons joined with " | ").</summary>
    internal sealed record RankCsvRow(
        int Rank, string AssetId, string Class, string? Feeder, string Method, double AgeYears, double? HealthScore, double PofPerYear,
        double? CustomersPerFailure, double? CustomerHoursPerFailure, double? EnsKwhPerFailure, double? ComplaintsPerFailure, double? ConsequencePerFailure,
        double? RiskPerYear, double? ReplacementCost, double? RiskRemovedPerYear, double? RiskRemovedPerCost, bool RemovesNothing, string Currency, string Reasons);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        AssetRiskResult? result = AssetLoading.Evaluate(console, settings);
        if (result is null)
        {
            return ExitCodes.InvalidInput;
        }

        int? top = settings.Format == AssetOutputFormat.Table ? settings.Top : null;
        AssetRankingReport report = AssetRankingQuery.Run(new AssetRankingRequest(result, settings.Sort, Top: top));
        switch (settings.Format)
        {
            case AssetOutputFormat.Json:
                LumenJson.Write(console, report);
                return ExitCodes.Ok;
            case AssetOutputFormat.Csv:
                AssetLoading.WriteCsv(console, report.Items.Select(r => new RankCsvRow(
                    r.Rank, r.AssetId, r.Class, r.Feeder, r.Method == PofMethod.Weibull ? "weibull" : "cnaim", r.AgeYears, r.Health, r.Pof, r.CustomersPerFailure,
                    r.CustomerHoursPerFailure, r.EnsKwhPerFailure, r.ComplaintsPerFailure, r.ConsequencePerFailure, r.RiskPerYear, r.ReplacementCost,
                    r.RiskRemovedPerYear, r.RiskRemovedPerCost, r.RemovesNothing, report.Currency, string.Join(" | ", r.Reasons.Select(x => x.Text)))));
                return ExitCodes.Ok;
        }

        string by = settings.Sort == AssetRankingSort.Risk ? "risk" : "risk removed per yuan";
        var table = new Table()
            .Title($"Assets by {by} ({report.Year}, {report.Currency})")
            .AddColumns("#", "asset", "class", "age", "PoF %/yr", "customers", "cust-h / failure", "consequence", "risk / yr", "risk removed / yr", "removed per 1k");
        foreach (AssetRankRow r in report.Items)
        {
            table.AddRow(
                r.Rank.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(r.AssetId),
                r.Class,
                AssetLoading.Number(r.AgeYears, "0"),
                AssetLoading.Number(100 * r.Pof, "0.000"),
                AssetLoading.Number(r.CustomersPerFailure ?? double.NaN, "0"),
                AssetLoading.Number(r.CustomerHoursPerFailure ?? double.NaN, "0"),
                AssetLoading.Number(r.ConsequencePerFailure ?? double.NaN, "N0"),
                AssetLoading.Number(r.RiskPerYear ?? double.NaN, "N0"),
                AssetLoading.Number(r.RiskRemovedPerYear ?? double.NaN, "N0"),
                r.RemovesNothing ? "removes nothing" : AssetLoading.Number(1000 * (r.RiskRemovedPerCost ?? double.NaN), "0.00"));
        }

        console.Write(table);
        if (report.RemovesNothing > 0)
        {
            console.MarkupLine(Markup.Escape($"{report.RemovesNothing} of {report.Total} assets are as likely to fail as a new one: replacing them removes nothing (marked \"removes nothing\")."));
        }

        console.MarkupLine(Markup.Escape(report.ComplaintModel.Describe()));
        int explained = Math.Min(5, report.Items.Count);
        for (int r = 0; r < explained; r++)
        {
            AssetRankRow row = report.Items[r];
            console.MarkupLine($"[bold]{row.Rank}. {Markup.Escape(row.AssetId)}[/]");
            foreach (AssetReason reason in row.Reasons)
            {
                console.MarkupLine($"   {reason.Kind}: {Markup.Escape(reason.Text)}");
            }
        }

        return ExitCodes.Ok;
    }
}
