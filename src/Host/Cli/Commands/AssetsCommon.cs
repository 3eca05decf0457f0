using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsvHelper;
using Lumen.Reliability;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
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
    [Description("Outage history (outages.csv: event_id,start,end,device_id,cause,nature; with --complaints it fits the complaint-rate model) or extra failure records (asset_id or component_id, date, failure_mode).")]
    public string? Outages { get; init; }

    [CommandOption("--complaints <FILE>")]
    [Description("95598 complaints (complaints.csv: complaint_id,time,location_id,category; with an outage history in --outages it fits the complaint-rate model) or complaint counts per asset (asset_id or component_id, date; shown among the reasons).")]
    public string? Complaints { get; init; }

    [CommandOption("--currency <CODE>")]
    [Description("Currency label of every amount (default CNY).")]
    [DefaultValue("CNY")]
    public string Currency { get; init; } = "CNY";

    [CommandOption("--unit-costs <FILE>")]
    [Description("Per-class replacement cost, repair cost per failure and outage hours (class,replacement_cost,repair_cost_per_failure,outage_hours; docs/assets.md §3); a blank cell keeps the default.")]
    public string? UnitCosts { get; init; }

    [CommandOption("--ens-cost <PER_KWH>")]
    [Description("Value of energy not supplied per kWh (default 20).")]
    public double? EnsCost { get; init; }

    [CommandOption("--complaint-cost <AMOUNT>")]
    [Description("Cost per complaint (default 2000).")]
    public double? ComplaintCost { get; init; }

    [CommandOption("--customer-hour-cost <AMOUNT>")]
    [Description("Cost per customer-hour interrupted (default 0: customers count through energy and complaints).")]
    public double? CustomerHourCost { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Network))
        {
            return ValidationResult.Error("--network is required");
        }

        foreach ((string option, double? value) in new[] { ("--ens-cost", EnsCost), ("--complaint-cost", ComplaintCost), ("--customer-hour-cost", CustomerHourCost) })
        {
            if (value is double v && !(v >= 0 && double.IsFinite(v)))
            {
                return ValidationResult.Error($"{option} must be a finite amount >= 0");
            }
        }

        return base.Validate();
    }
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

    /// <summary>The default unit costs with the options' overrides; null after printing the unit-cost file's errors.</summary>
    public static (AssetCostOptions Costs, AssetOutageOptions Outage)? UnitCosts(IAnsiConsole console, AssetNetworkSettings settings)
    {
        AssetCostOptions d = AssetCostOptions.Default;
        AssetCostOptions costs = d with
        {
            Currency = settings.Currency,
            EnergyNotSuppliedCostPerKwh = settings.EnsCost ?? d.EnergyNotSuppliedCostPerKwh,
            CostPerComplaint = settings.ComplaintCost ?? d.CostPerComplaint,
            CostPerCustomerHour = settings.CustomerHourCost ?? d.CostPerCustomerHour,
        };
        if (settings.UnitCosts is null)
        {
            return (costs, AssetOutageOptions.Default);
        }

        AssetUnitCostsResult read = AssetUnitCostsReader.Read(settings.UnitCosts, costs, AssetOutageOptions.Default);
        DiagnosticsView.Write(console, read.Diagnostics);
        return read.Costs is null ? null : (read.Costs, read.Outage!);
    }

    /// <summary>Reads the network, the register and the optional history files and evaluates the risk; null after printing errors.</summary>
    public static AssetRiskResult? Evaluate(IAnsiConsole console, AssetNetworkSettings settings)
    {
        // The small file first: its errors should not wait for a large network to load.
        if (UnitCosts(console, settings) is not (AssetCostOptions costs, AssetOutageOptions outage))
        {
            return null;
        }

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

        (bool fit, IComplaintRateModel? complaintModel) = FitComplaintModel(console, settings, network);
        if (fit && complaintModel is null)
        {
            return null;
        }

        if (settings.Outages is not null && !fit)
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
        if (settings.Complaints is not null && !fit)
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
            Year = settings.Year ?? register.LatestRecordedYear(),
            Method = settings.Method,
            Mode = settings.CnaimMode,
            Study = imported.Case,
            Costs = costs,
            Outage = outage,
            ComplaintHistory = complaints,
            Complaints = complaintModel ?? LogisticComplaintRateModel.Default,
        };
        AssetRiskOutcome outcome = AssetRiskAnalysis.Evaluate(register, network, options);
        if (outcome.Result is null)
        {
            DiagnosticsView.Write(console, outcome.Diagnostics);
            return null;
        }

        return outcome.Result;
    }

    /// <summary>
    /// When <c>--outages</c> is an outage history and <c>--complaints</c> a 95598 complaint log (told apart from the
    /// per-asset layouts by their headers), imports both, links the complaints to the outages and fits the complaint-rate
    /// model (logistic, else Poisson) used for the expected complaints per failure.
    /// </summary>
    /// <returns>Fit = false when the files are not those layouts (or not given); Model = null after printing errors.</returns>
    private static (bool Fit, IComplaintRateModel? Model) FitComplaintModel(IAnsiConsole console, AssetNetworkSettings settings, Network network)
    {
        bool history = settings.Outages is not null && HeaderHas(settings.Outages, "event_id");
        bool complaintLog = settings.Complaints is not null && HeaderHas(settings.Complaints, "complaint_id");
        if (!history && !complaintLog)
        {
            return (false, null);
        }

        if (!history || !complaintLog)
        {
            DiagnosticsView.Write(console, [new Diagnostic(
                new SourceLocation(history ? settings.Outages! : settings.Complaints ?? settings.Outages ?? "--complaints", 1),
                history ? "--complaints" : "--outages",
                history
                    ? "an outage history in --outages fits the complaint-rate model together with --complaints in the complaints.csv layout (complaint_id,time,location_id,category)"
                    : "a complaint log in --complaints fits the complaint-rate model together with --outages in the outages.csv layout (event_id,start,end,device_id,cause,nature)")]);
            return (true, null);
        }

        HistoryImportResult imported = OutageHistoryImporter.Import(network, new OutageFiles(settings.Outages!));
        if (imported.History is not OutageHistory outages)
        {
            DiagnosticsView.Write(console, imported.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
            return (true, null);
        }

        ComplaintImportResult log = ComplaintImporter.Import(network, settings.Complaints!);
        if (!log.Succeeded)
        {
            DiagnosticsView.Write(console, log.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
            return (true, null);
        }

        ComplaintRateReport rates = ComplaintRates.Compute(outages, ComplaintLinker.Link(outages, log.Complaints));
        if ((rates.Logistic ?? rates.Poisson) is not ComplaintRateModel model)
        {
            DiagnosticsView.Write(console, [new Diagnostic(
                new SourceLocation(settings.Complaints!, 1),
                "complaint_id",
                $"the complaint-rate model cannot be fitted: {rates.LinkedToOutages} of {rates.Complaints} complaints link to an outage of the history")]);
            return (true, null);
        }

        return (true, new FittedComplaintRateModel(model));
    }

    // True when the first line of the CSV file has the column (a missing file is left to the reader's own error).
    private static bool HeaderHas(string path, string column)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var reader = new StreamReader(path);
        string? header = reader.ReadLine();
        return header is not null && header.TrimStart('\uFEFF').Split(',').Any(c => c.Trim().Trim('"').Equals(column, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Writes <paramref name="rows"/> as CSV: a column per public property of <typeparamref name="T"/> in declaration
    /// order, named in snake case; numbers invariant and round-trip, booleans <c>True</c>/<c>False</c>, null empty.
    /// </summary>
    public static void WriteCsv<T>(IAnsiConsole console, IEnumerable<T> rows)
    {
        TextWriter writer = console.Profile.Out.Writer;
        PropertyInfo[] columns = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        using (CsvWriter csv = CsvWriter.Create(writer, PlainCsv.Writer, leaveOpen: true))
        {
            foreach (PropertyInfo column in columns)
            {
                csv.WriteField(JsonNamingPolicy.SnakeCaseLower.ConvertName(column.Name));
            }

            csv.EndRecord();
            foreach (T row in rows)
            {
                foreach (PropertyInfo column in columns)
                {
                    csv.WriteField(column.GetValue(row));
                }

                csv.EndRecord();
            }
        }

        writer.Flush();
    }

    public static string Number(double value, string format) =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
