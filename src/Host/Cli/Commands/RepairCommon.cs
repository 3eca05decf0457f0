using System.ComponentModel;
using System.Globalization;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Repair;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options shared by <c>repair stats</c> and <c>repair placement</c>.</summary>
internal class RepairSettings : CommandSettings
{
    [CommandOption("--network <PATH>")]
    [Description("Network: a Lumen CSV folder, a power-flow case folder or an OpenDSS master .dss file.")]
    public string Network { get; init; } = string.Empty;

    [CommandOption("--case <ID>")]
    [Description("Study case from the network folder's case.json.")]
    public string? Case { get; init; }

    [CommandOption("--orders <FILE>")]
    [Description("work_orders.csv: order_id,call_time,category and location_id or x,y; dispatch_time, crew_id, arrival_time, restoration_time, outage_event_id … (docs/repair.md).")]
    public string Orders { get; init; } = string.Empty;

    [CommandOption("--crews <FILE>")]
    [Description("crews.csv: crew_id,size and bus_id or x,y; base_id, shift_start, shift_end.")]
    public string Crews { get; init; } = string.Empty;

    [CommandOption("--outages <FILE>")]
    [Description("outages.csv to link the orders to (optional).")]
    public string? Outages { get; init; }

    [CommandOption("--steps <FILE>")]
    [Description("restoration_steps.csv of the outages.")]
    public string? Steps { get; init; }

    [CommandOption("--momentary <FILE>")]
    [Description("momentary.csv of the outages.")]
    public string? Momentary { get; init; }

    [CommandOption("--complaints <FILE>")]
    [Description("complaints.csv for the complaint model with repair delay (needs --outages).")]
    public string? Complaints { get; init; }

    [CommandOption("--rules <FILE>")]
    [Description("Area class table: area_class,arrival_commitment_minutes,minimum_load_density_mw_per_km2,speed_km_per_hour (default urban 45, rural 90, remote 120 min).")]
    public string? Rules { get; init; }

    [CommandOption("--classes <FILE>")]
    [Description("Area class overrides: area_id,area_class (a load point or a feeder per row).")]
    public string? Classes { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Network) || string.IsNullOrWhiteSpace(Orders) || string.IsNullOrWhiteSpace(Crews))
        {
            return ValidationResult.Error("--network, --orders and --crews are required");
        }

        return (Steps is not null || Momentary is not null || Complaints is not null) && Outages is null
            ? ValidationResult.Error("--steps, --momentary and --complaints need --outages")
            : ValidationResult.Success();
    }
}

/// <summary>The inputs of a repair question, read from files.</summary>
internal sealed record RepairInputs(Network Network, StudyCase Study, IReadOnlyList<WorkOrder> Orders, IReadOnlyList<Crew> Crews, OutageHistory? History, IReadOnlyList<Complaint>? Complaints, AreaClassRules Rules);

/// <summary>Reads a repair command's files with the library's importers, printing every problem as <c>file:line: error: field: message</c>.</summary>
internal static class RepairLoader
{
    public static (RepairInputs? Inputs, int ExitCode) Load(IAnsiConsole console, RepairSettings settings)
    {
        NetworkImportResult net = NetworkImporter.Import(settings.Network, settings.Case);
        if (net.Network is not Network network)
        {
            return Fail(console, net.Diagnostics);
        }

        RepairImportResult repairs = RepairImporter.Import(network, new RepairFiles(settings.Orders, settings.Crews));
        if (!repairs.Succeeded)
        {
            return Fail(console, repairs.Diagnostics);
        }

        OutageHistory? history = null;
        IReadOnlyList<Complaint>? complaints = null;
        if (settings.Outages is not null)
        {
            HistoryImportResult outages = OutageHistoryImporter.Import(network, new OutageFiles(settings.Outages) { Steps = settings.Steps, Momentary = settings.Momentary });
            if (outages.History is null)
            {
                return Fail(console, outages.Diagnostics);
            }

            history = outages.History;
            if (settings.Complaints is not null)
            {
                ComplaintImportResult read = ComplaintImporter.Import(network, settings.Complaints);
                if (!read.Succeeded)
                {
                    return Fail(console, read.Diagnostics);
                }

                complaints = read.Complaints;
            }
        }

        AreaClassRules rules = AreaClassRules.Default;
        if (settings.Rules is not null)
        {
            (AreaClassRules? read, IReadOnlyList<Diagnostic> diagnostics) = AreaClassRules.Read(settings.Rules);
            if (read is null)
            {
                return Fail(console, diagnostics);
            }

            rules = read;
        }

        if (settings.Classes is not null)
        {
            (IReadOnlyDictionary<string, string>? overrides, IReadOnlyList<Diagnostic> diagnostics) = AreaClassRules.ReadOverrides(settings.Classes, rules);
            if (overrides is null)
            {
                return Fail(console, diagnostics);
            }

            rules = rules with { Overrides = overrides };
        }

        return (new RepairInputs(network, net.Case, repairs.Orders, repairs.Crews, history, complaints, rules), ExitCodes.Ok);
    }

    public static (RepairInputs? Inputs, int ExitCode) Fail(IAnsiConsole console, IEnumerable<Diagnostic> diagnostics)
    {
        DiagnosticsView.Write(console, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
        return (null, ExitCodes.InvalidInput);
    }

    /// <summary>Minutes as a table cell; blank when not available.</summary>
    public static string Minutes(double? minutes) => minutes is double m ? m.ToString("0.0", CultureInfo.InvariantCulture) : "–";

    /// <summary>A share as a table cell.</summary>
    public static string Share(double? share) => share is double s ? s.ToString("P1", CultureInfo.InvariantCulture) : "–";
}
