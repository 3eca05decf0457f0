using System.ComponentModel;
using Lumen.Reliability.History;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options shared by commands that read a network and an outage history.</summary>
internal class OutageSettings : CommandSettings
{
    [CommandOption("--network <PATH>")]
    [Description("Network: a Lumen CSV folder, a power-flow case folder or an OpenDSS master .dss file.")]
    public string Network { get; init; } = string.Empty;

    [CommandOption("--case <ID>")]
    [Description("Study case from the network folder's case.json.")]
    public string? Case { get; init; }

    [CommandOption("--outages <FILE>")]
    [Description("outages.csv: event_id,start,end,device_id,cause,nature.")]
    public string Outages { get; init; } = string.Empty;

    [CommandOption("--steps <FILE>")]
    [Description("restoration_steps.csv: event_id,time,device_id (or customers_restored).")]
    public string? Steps { get; init; }

    [CommandOption("--momentary <FILE>")]
    [Description("momentary.csv: event_id,time,device_id,operations.")]
    public string? Momentary { get; init; }

    [CommandOption("--zone <OFFSET>")]
    [Description("Local zone for dates, days and months (default +08:00).")]
    public string Zone { get; init; } = "+08:00";

    [CommandOption("--naive-timestamps")]
    [Description("Read timestamps written without an offset in --zone (otherwise they are rejected).")]
    public bool NaiveTimestamps { get; init; }

    [CommandOption("--lenient")]
    [Description("Import the good rows and write every rejected row with its reason to --report.")]
    public bool Lenient { get; init; }

    [CommandOption("--report <FILE>")]
    [Description("Rejected-rows report written with --lenient (default rejected_rows.csv beside the outages file).")]
    public string? Report { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    public TimeSpan ZoneOffset => HistoryTime.TryParseOffset(Zone, out TimeSpan z) ? z : HistoryTime.ChinaOffset;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Network))
        {
            return ValidationResult.Error("--network is required");
        }

        if (string.IsNullOrWhiteSpace(Outages))
        {
            return ValidationResult.Error("--outages is required");
        }

        return HistoryTime.TryParseOffset(Zone, out _) ? ValidationResult.Success() : ValidationResult.Error($"--zone '{Zone}' is not an offset such as +08:00");
    }
}

/// <summary>Loads the network and the history for a command, printing diagnostics; null with an exit code on failure.</summary>
internal static class HistoryLoader
{
    public static (Network? Network, OutageHistory? History, HistoryImportResult? Import, int ExitCode) Load(IAnsiConsole console, OutageSettings settings)
    {
        NetworkImportResult net = NetworkImporter.Import(settings.Network, settings.Case);
        if (net.Network is null)
        {
            WriteErrors(console, net.Diagnostics);
            return (null, null, null, ExitCodes.InvalidInput);
        }

        var options = new HistoryImportOptions { Lenient = settings.Lenient, NaiveTimestampOffset = settings.NaiveTimestamps ? settings.ZoneOffset : null };
        HistoryImportResult result = OutageHistoryImporter.Import(net.Network, new OutageFiles(settings.Outages) { Steps = settings.Steps, Momentary = settings.Momentary }, options);
        if (settings.Lenient && result.Rejected.Count > 0)
        {
            string report = settings.Report ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.Outages)) ?? ".", "rejected_rows.csv");
            OutageHistoryImporter.WriteRejectionReport(report, result.Rejected);
            if (settings.Format == OutputFormat.Table)
            {
                console.MarkupLine($"[yellow]{result.Rejected.Count} row(s) rejected; reasons written to {Markup.Escape(report)}[/]");
            }
        }

        if (!result.Succeeded)
        {
            WriteErrors(console, result.Diagnostics);
            return (net.Network, null, result, ExitCodes.InvalidInput);
        }

        return (net.Network, result.History, result, ExitCodes.Ok);
    }

    private static void WriteErrors(IAnsiConsole console, IReadOnlyList<Diagnostic> diagnostics)
    {
        DiagnosticsView.Write(console, diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList());
    }
}
