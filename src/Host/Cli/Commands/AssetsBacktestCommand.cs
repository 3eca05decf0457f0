using System.ComponentModel;
using System.Globalization;
using System.Text;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>
/// <c>lumen assets backtest</c>: the ranking backtest on generated demo counties (docs/assets.md §6), the one command
/// behind the README's table.
/// </summary>
internal sealed class AssetsBacktestCommand(IAnsiConsole console) : Command<AssetsBacktestCommand.Settings>
{
    /// <summary>Options of <c>assets backtest</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--counties <LIST>")]
        [Description("Demo counties as buses:seed, comma-separated (default: the README's 20000:7,20000:11,20000:23,5000:3,60000:5).")]
        public string? Counties { get; init; }

        [CommandOption("--budget-share <SHARE>")]
        [Description("Budget each ranking spends, as a share of the replacement value in service (default 0.02).")]
        [DefaultValue(RankingBacktest.DefaultBudgetShare)]
        public double BudgetShare { get; init; } = RankingBacktest.DefaultBudgetShare;

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or markdown (the README's table).")]
        [DefaultValue("table")]
        public string Format { get; init; } = "table";

        public IReadOnlyList<DemoCounty>? Parsed { get; private set; }

        public override ValidationResult Validate()
        {
            if (Format is not ("table" or "json" or "markdown"))
            {
                return ValidationResult.Error("--format must be table, json or markdown");
            }

            if (!(BudgetShare is > 0 and <= 1))
            {
                return ValidationResult.Error("--budget-share must be above 0 and at most 1");
            }

            if (Counties is null)
            {
                Parsed = DemoBacktest.ReadmeCounties;
                return ValidationResult.Success();
            }

            var counties = new List<DemoCounty>();
            foreach (string part in Counties.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] pair = part.Split(':');
                if (pair.Length != 2 || !int.TryParse(pair[0], NumberStyles.None, CultureInfo.InvariantCulture, out int buses) || buses is < 100 or > 200_000
                    || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out int seed))
                {
                    return ValidationResult.Error($"--counties: '{part}' is not buses:seed with 100..200000 buses");
                }

                counties.Add(new DemoCounty(buses, seed));
            }

            Parsed = counties;
            return counties.Count > 0 ? ValidationResult.Success() : ValidationResult.Error("--counties is empty");
        }
    }

    private static readonly string[] s_rankings = ["lumen_pof", "lumen_risk", "lumen_value", "age", "failure_count"];

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<DemoCounty> counties = settings.Parsed!;
        IReadOnlyList<DemoCountyBacktest> results = [];
        if (settings.Format == "table")
        {
            Progress.Run(console, "Ranking backtest", [($"{counties.Count} demo counties", () => results = DemoBacktest.Run(counties, settings.BudgetShare))]);
        }
        else
        {
            results = DemoBacktest.Run(counties, settings.BudgetShare);
        }

        switch (settings.Format)
        {
            case "json":
                LumenJson.Write(console, results);
                return ExitCodes.Ok;
            case "markdown":
                console.Profile.Out.Writer.Write(Markdown(results));
                console.Profile.Out.Writer.Flush();
                return ExitCodes.Ok;
        }

        foreach (DemoCountyBacktest c in results)
        {
            BacktestResult r = c.Result;
            var table = new Table()
                .Title(Invariant($"{c.County.Buses:N0} buses, seed {c.County.Seed}: {r.Assets:N0} assets, {r.FailedAssets:N0} failed in {r.TestYear}, k = {r.K}, budget {r.Budget:N0} {r.Currency}"))
                .AddColumns("ranking", "precision@k", "recall top decile", "ROC AUC", "cust-h @k", "cust-h top decile", "cust-h budget", "cost top decile", "cost budget");
            foreach (string name in s_rankings)
            {
                RankingScore s = r[name];
                table.AddRow(name, F(s.PrecisionAtK), F(s.RecallTopDecile), F(s.RocAuc), F(s.CustomerHoursAtK), F(s.CustomerHoursTopDecile), F(s.CustomerHoursBudget), F(s.OutageCostTopDecile), F(s.OutageCostBudget));
            }

            console.Write(table);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The README table: one block of rows per county.</summary>
    internal static string Markdown(IReadOnlyList<DemoCountyBacktest> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| County (buses, seed) | assets / failed | ranking | precision@k | recall top decile | ROC AUC | cust-h top decile | cust-h budget | outage cost top decile | outage cost budget |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (DemoCountyBacktest c in results)
        {
            BacktestResult r = c.Result;
            bool first = true;
            foreach (string name in s_rankings)
            {
                RankingScore s = r[name];
                string county = first ? Invariant($"{c.County.Buses:N0}, {c.County.Seed}") : string.Empty;
                string counts = first ? Invariant($"{r.Assets:N0} / {r.FailedAssets:N0}") : string.Empty;
                string label = name.StartsWith("lumen", StringComparison.Ordinal) ? $"**{name}**" : name;
                text.AppendLine(Invariant($"| {county} | {counts} | {label} | {F(s.PrecisionAtK)} | {F(s.RecallTopDecile)} | {F(s.RocAuc)} | {F(s.CustomerHoursTopDecile)} | {F(s.CustomerHoursBudget)} | {F(s.OutageCostTopDecile)} | {F(s.OutageCostBudget)} |"));
                first = false;
            }
        }

        return text.ToString();
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
