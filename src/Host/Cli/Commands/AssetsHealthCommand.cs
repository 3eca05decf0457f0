using System.ComponentModel;
using Lumen.Reliability.Aging;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen assets health</c>: CNAIM or Weibull health and probability of failure of every asset in a register.</summary>
internal sealed class AssetsHealthCommand(IAnsiConsole console) : Command<AssetsHealthCommand.Settings>
{
    /// <summary>Options of <c>assets health</c>.</summary>
    internal sealed class Settings : AssetSettings
    {
        [CommandOption("--strict")]
        [Description("CNAIM package layout in r-package mode: exit with code 1 when the package would refuse any row (each row's reason is in its error columns either way).")]
        public bool Strict { get; init; }
    }

    /// <summary>One asset's health, as written in JSON and CSV.</summary>
    internal sealed record HealthRow(
        string AssetId,
        string Class,
        string Method,
        double AgeYears,
        double ExpectedLifeYears,
        double HealthScore,
        double ConditionFactor,
        double PofPerYear,
        double PofInFiveYears,
        int Failures);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (CnaimSampleFile.IsPackageLayout(settings.Register))
        {
            return PackageLayout(settings);
        }

        AssetRegister? register = AssetLoading.ReadRegister(console, settings);
        if (register is null)
        {
            return ExitCodes.InvalidInput;
        }

        var options = new AssetRiskOptions { Year = settings.Year ?? register.LatestRecordedYear(), Method = settings.Method, Mode = settings.CnaimMode };
        AssetRiskResult result = AssetRiskAnalysis.Evaluate(register, null, options).Result!;
        var rows = new List<HealthRow>(register.Count);
        Span<double> future = stackalloc double[6];
        foreach (int i in result.ByRisk)
        {
            result.KeptPof(i, future);
            rows.Add(new HealthRow(
                register.Ids[i],
                AssetClasses.Name(register.Classes[i]),
                result.Method[i] == PofMethod.Cnaim ? "cnaim" : "weibull",
                result.AgeYears[i],
                result.ExpectedLifeYears[i],
                result.Health[i],
                result.HealthScoreFactor[i],
                result.PofPerYear[i],
                future[5],
                result.Failures[i]));
        }

        switch (settings.Format)
        {
            case AssetOutputFormat.Json:
                LumenJson.Write(console, new { year = options.Year, method = settings.MethodName, mode = settings.Mode, assets = rows });
                break;
            case AssetOutputFormat.Csv:
                AssetLoading.WriteCsv(console, rows);
                break;
            default:
                var table = new Table().Title(Markup.Escape($"Asset health {options.Year} ({settings.MethodName}, {settings.Mode}): highest PoF first")).AddColumns("asset", "class", "method", "age", "life", "health", "condition", "PoF %/yr", "PoF in 5 y", "failures");
                foreach (HealthRow r in rows.Take(settings.Top))
                {
                    table.AddRow(
                        Markup.Escape(r.AssetId),
                        r.Class,
                        r.Method,
                        AssetLoading.Number(r.AgeYears, "0"),
                        AssetLoading.Number(r.ExpectedLifeYears, "0"),
                        AssetLoading.Number(r.HealthScore, "0.00"),
                        AssetLoading.Number(r.ConditionFactor, "0.00"),
                        AssetLoading.Number(100 * r.PofPerYear, "0.000"),
                        AssetLoading.Number(100 * r.PofInFiveYears, "0.000"),
                        r.Failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                console.Write(table);
                WriteWeibull(result);
                break;
        }

        return ExitCodes.Ok;
    }

    private void WriteWeibull(AssetRiskResult result)
    {
        var table = new Table().Title("Weibull life models (MLE, right-censored and left-truncated; 95 % intervals)").AddColumns("class", "units", "failures", "shape β", "scale η (y)", "MLE");
        foreach (AssetClass c in AssetClasses.All)
        {
            if (result.WeibullByClass[(int)c] is WeibullModel m)
            {
                table.AddRow(
                    AssetClasses.IsPerKm(c) ? $"{AssetClasses.Name(c)} (per km)" : AssetClasses.Name(c),
                    m.Units.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    m.Failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape($"{AssetLoading.Number(m.Shape, "0.00")} [{AssetLoading.Number(m.ShapeLower, "0.00")}, {AssetLoading.Number(m.ShapeUpper, "0.00")}]"),
                    Markup.Escape($"{AssetLoading.Number(m.Scale, "0")} [{AssetLoading.Number(m.ScaleLower, "0")}, {AssetLoading.Number(m.ScaleUpper, "0")}]"),
                    m.IsMaximumLikelihood ? "yes" : "no (exponential fallback)");
            }
        }

        if (table.Rows.Count > 0)
        {
            console.Write(table);
        }
    }

    private int PackageLayout(Settings settings)
    {
        CnaimSampleResult result = CnaimSampleFile.Read(settings.Register, settings.CnaimMode);
        if (!result.Succeeded)
        {
            DiagnosticsView.Write(console, result.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        switch (settings.Format)
        {
            case AssetOutputFormat.Csv:
                CnaimSampleFile.Write(result, console.Profile.Out.Writer);
                console.Profile.Out.Writer.Flush();
                break;
            case AssetOutputFormat.Json:
                LumenJson.Write(console, result.Rows.Select(r => new
                {
                    line = r.Line,
                    category = r.Category,
                    chs = r.Health.CurrentHealth,
                    pof = r.Health.PofPerYear,
                    pof_future_y10 = r.HasFuture ? r.FuturePof[10] : (double?)null,
                    cof_total = r.Cof.Total,
                    cof_currency = r.Cof.Currency,
                    error = r.Errors.Any ? r.Errors.Summary : null,
                }));
                break;
            default:
                var table = new Table().Title($"CNAIM ({settings.Mode})").AddColumns("line", "category", "initial H", "chs", "pof", "pof y10", "cof total", "error");
                foreach (CnaimSampleRow r in result.Rows.Take(settings.Top))
                {
                    table.AddRow(
                        r.Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        r.Category.ToString(),
                        AssetLoading.Number(r.Health.InitialHealth, "0.00"),
                        AssetLoading.Number(r.Health.CurrentHealth, "0.0000"),
                        AssetLoading.Number(r.Health.PofPerYear, "0.000000"),
                        r.HasFuture ? AssetLoading.Number(r.FuturePof[10], "0.000000") : "-",
                        $"{AssetLoading.Number(r.Cof.Total, "0.##")} {r.Cof.Currency}",
                        Markup.Escape(r.Errors.Summary));
                }

                console.Write(table);
                break;
        }

        int refused = result.Rows.Count(r => r.Errors.Any);
        if (refused > 0 && settings.Format == AssetOutputFormat.Table)
        {
            console.MarkupLine(Markup.Escape($"{refused} of {result.Rows.Count} rows have a function the package refuses (see the error column)."));
        }

        return settings.Strict && refused > 0 ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }
}
