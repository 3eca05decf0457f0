using System.ComponentModel;
using Lumen.Topology.Import;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary>Options shared by commands that read one network.</summary>
internal class NetworkSettings : CommandSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("Network: a Lumen CSV folder, a power-flow case folder (IEEE 33/69) or an OpenDSS master .dss file.")]
    public string Path { get; init; } = string.Empty;

    [CommandOption("--case <ID>")]
    [Description("Study case from the folder's case.json (e.g. RBTS cases A-F).")]
    public string? Case { get; init; }

    [CommandOption("--format <FORMAT>")]
    [Description("table (default) or json.")]
    [DefaultValue(OutputFormat.Table)]
    public OutputFormat Format { get; init; } = OutputFormat.Table;

    /// <summary>Imports the network of <see cref="Path"/> under <see cref="Case"/>; its diagnostics are written when it does not import.</summary>
    public NetworkImportResult Import(IAnsiConsole console)
    {
        NetworkImportResult imported = NetworkImporter.Import(Path, Case);
        if (imported.Network is null)
        {
            DiagnosticsView.Write(console, imported.Diagnostics);
        }

        return imported;
    }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Path) ? ValidationResult.Error("a network path is required") : ValidationResult.Success();
}
