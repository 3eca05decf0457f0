using System.ComponentModel;
using System.Globalization;
using CsvHelper;
using Lumen.Reliability.Aging;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Output formats of the <c>assets</c> verbs.</summary>
internal enum AssetOutputFormat
{
    /// <summary>Tables for a person at a terminal.</summary>
    Table,

    /// <summary>JSON with snake_case field names.</summary>
    Json,

    /// <summary>CSV, one row per asset.</summary>
    Csv,
}

/// <summary>Options shared by the <c>assets</c> verbs.</summary>
internal class AssetSettings : CommandSettings
{
    [CommandOption("--register <FILE>")]
    [Description("Asset register CSV (docs/assets.md).")]
    public string Register { get; init; } = string.Empty;

    [CommandOption("--method <METHOD>")]
    [Description("cnaim (default: CNAIM where the class has it, Weibull otherwise) or weibull (Weibull for every class).")]
    [DefaultValue("cnaim")]
    public string MethodName { get; init; } = "cnaim";

    public PofMethod Method => MethodName.Equals("weibull", StringComparison.OrdinalIgnoreCase) ? PofMethod.Weibull : PofMethod.Cnaim;

    [CommandOption("--mode <MODE>")]
    [Description("spec (default) or r-package (the public R implementation's behaviour).")]
    [DefaultValue("spec")]
    public string Mode { get; init; } = "spec";

    [CommandOption("--year <YEAR>")]
    [Description("Analysis year (ages and history up to its end); default the latest year in the register.")]
    public int? Year { get; init; }

    [CommandOption("--records-from <YEAR>")]
    [Description("Year the failure records begin (left truncation); default the year of the earliest failure.")]
    public int? RecordsFrom { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default), json or csv.")]
    [DefaultValue(AssetOutputFormat.Table)]
    public AssetOutputFormat Format { get; init; } = AssetOutputFormat.Table;

    [CommandOption("--top <N>")]
    [Description("Rows shown in the table view (default 20).")]
    [DefaultValue(20)]
    public int Top { get; init; } = 20;

    public CnaimMode CnaimMode => Mode.Equals("r-package", StringComparison.OrdinalIgnoreCase) ? CnaimMode.RPackage : CnaimMode.Spec;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Register))
        {
            return ValidationResult.Error("--register is required");
        }

        if (!MethodName.Equals("cnaim", StringComparison.OrdinalIgnoreCase) && !MethodName.Equals("weibull", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error("--method must be cnaim or weibull");
        }

        if (!Mode.Equals("spec", StringComparison.OrdinalIgnoreCase) && !Mode.Equals("r-package", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error("--mode must be spec or r-package");
        }

        return Top < 1 ? ValidationResult.Error("--top must be at least 1") : ValidationResult.Success();
    }
}

/// <summary>Options of the verbs that also read a network.</summary>
internal class AssetNetworkSettings : AssetSettings
{
    [CommandOption("--network <PATH>")]
    [Description("Network: a Lumen CSV folder, a power-flow case folder or an OpenDSS master file.")]
    public string Network { get; init; } = string.Empty;

    [CommandOption("--case <ID>")]
    [Description("Study case from the network folder's case.json.")]
    public string? Case { get; init; }

    [CommandOption("--outages <FILE>")]
    [Description("Extra failure records: CSV with asset_id or component_id, date, failure_mode.")]
    public string? Outages { get; init; }

    [CommandOption("--complaints <FILE>")]
    [Description("Complaint records: CSV with asset_id or component_id, date (shown among the reasons).")]
    public string? Complaints { get; init; }

    [CommandOption("--currency <CODE>")]
    [Description("Currency label of the default unit costs (default CNY).")]
    [DefaultValue("CNY")]
    public string Currency { get; init; } = "CNY";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Network) ? ValidationResult.Error("--network is required") : base.Validate();
}

/// <summary>Loading shared by the <c>assets</c> verbs: register, network, history files, risk evaluation.</summary>
internal static class AssetLoading
{
    public static AssetRegister? ReadRegister(IAnsiConsole console, AssetSettings settings)
    {
        AssetRegisterResult read = AssetRegisterReader.Read(settings.Register, settings.RecordsFrom ?? 0);
        if (read.Register is null)
        {
            DiagnosticsView.Write(console, read.Diagnostics);
            return null;
        }

        return read.Register;
    }

    public static int DefaultYear(AssetRegister register)
    {
        int year = 0;
        for (int i = 0; i < register.Count; i++)
        {
            year = Math.Max(year, register.InstallYears[i]);
            year = Math.Max(year, register.Records[i].InspectionYear);
            foreach (AssetFailure f in register.FailuresOf(i))
            {
                year = Math.Max(year, f.Date.Year);
            }
        }

        return year;
    }

    /// <summary>Reads the network, the register and the optional history files and evaluates the risk; null after printing errors.</summary>
    public static AssetRiskResult? Evaluate(IAnsiConsole console, AssetNetworkSettings settings)
    {
        NetworkImportResult imported = NetworkImporter.Import(settings.Network, settings.Case);
        if (imported.Network is not Network network)
        {
            DiagnosticsView.Write(console, imported.Diagnostics);
            return null;
        }

        AssetRegister? register = ReadRegister(console, settings);
        if (register is null)
        {
            return null;
        }

        if (settings.Outages is not null)
        {
            AssetRegisterResult withOutages = AssetRegisterReader.AddFailures(register, settings.Outages, network);
            if (withOutages.Register is null)
            {
                DiagnosticsView.Write(console, withOutages.Diagnostics);
                return null;
            }

            register = withOutages.Register;
        }

        int[]? complaints = null;
        if (settings.Complaints is not null)
        {
            IReadOnlyList<Diagnostic> problems = AssetRegisterReader.ReadComplaints(register, settings.Complaints, out int[] counts);
            if (problems.Count > 0)
            {
                DiagnosticsView.Write(console, problems);
                return null;
            }

            complaints = counts;
        }

        var options = new AssetRiskOptions
        {
            Year = settings.Year ?? DefaultYear(register),
            Method = settings.Method,
            Mode = settings.CnaimMode,
            Study = imported.Case,
            Costs = AssetCostOptions.Default with { Currency = settings.Currency },
            ComplaintHistory = complaints,
        };
        AssetRiskOutcome outcome = AssetRiskAnalysis.Evaluate(register, network, options);
        if (outcome.Result is null)
        {
            DiagnosticsView.Write(console, outcome.Diagnostics);
            return null;
        }

        return outcome.Result;
    }

    public static void WriteCsv<T>(IAnsiConsole console, IEnumerable<T> rows)
    {
        TextWriter writer = console.Profile.Out.Writer;
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        csv.Context.RegisterClassMap(new SnakeCaseMap<T>());
        csv.WriteRecords(rows);
        csv.Flush();
        writer.Flush();
    }

    private sealed class SnakeCaseMap<T> : CsvHelper.Configuration.ClassMap<T>
    {
        public SnakeCaseMap()
        {
            AutoMap(CultureInfo.InvariantCulture);
            foreach (CsvHelper.Configuration.MemberMap map in MemberMaps)
            {
                map.Name(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(map.Data.Member!.Name));
            }
        }
    }

    public static string Number(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
