using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Lumen.Topology.Requests;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host.Cli.Commands;

/// <summary><c>lumen reliability whatif</c>: the effect of added/removed/automated devices, ties and changed failure rates on the predicted indices.</summary>
internal sealed class ReliabilityWhatIfCommand(IAnsiConsole console) : Command<ReliabilityWhatIfCommand.Settings>
{
    /// <summary>Largest changes file read: a thousand changes are a few hundred kilobytes.</summary>
    private const long MaxFileBytes = 4 << 20;

    /// <summary>Options of <c>reliability whatif</c>.</summary>
    internal sealed class Settings : NetworkSettings
    {
        [CommandOption("--changes <FILE>")]
        [Description("The changes, as the body of POST /api/reliability/what-if: {\"changes\":[{\"type\":\"change_failure_rate\",\"branch\":\"L1\",\"failure_rate_per_year\":0.05}, …]} (docs/whatif.md).")]
        public string Changes { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Changes) ? ValidationResult.Error("--changes is required") : base.Validate();
    }

    /// <summary>The file: the API's body, read with its rules (snake_case, no unknown fields, finite numbers).</summary>
    private sealed record ChangesFile(IReadOnlyList<WhatIfChangeRequest>? Changes);

    private static readonly JsonSerializerOptions s_read = new(LumenJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string file = Path.GetFileName(settings.Changes);
        if (Read(settings.Changes) is not { } changes)
        {
            return ExitCodes.InvalidInput;
        }

        if (settings.Import(console) is not { Network: Network network } imported)
        {
            return ExitCodes.InvalidInput;
        }

        QueryResult<WhatIfReport> result = WhatIfQuery.Run(new WhatIfQueryRequest(network, imported.Case, changes));
        if (result.Value is not { } report)
        {
            foreach (FieldProblem p in result.Problems)
            {
                console.MarkupLine($"[red]{Markup.Escape($"{file}: error: {p.Field}: {p.Message}")}[/]");
            }

            return ExitCodes.InvalidInput;
        }

        if (settings.Format == OutputFormat.Json)
        {
            LumenJson.Write(console, report);
            return ExitCodes.Ok;
        }

        Write(report);
        return ExitCodes.Ok;
    }

    /// <summary>The changes of <paramref name="path"/>, or null once what is wrong with the file was printed.</summary>
    private IReadOnlyList<WhatIfChangeRequest>? Read(string path)
    {
        string file = Path.GetFileName(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Error($"{file}: error: the file does not exist");
            }

            if (info.Length > MaxFileBytes)
            {
                return Error($"{file}: error: the file has {info.Length:N0} bytes; a changes file has at most {MaxFileBytes:N0}");
            }

            using FileStream stream = File.OpenRead(path);
            ChangesFile? read = JsonSerializer.Deserialize<ChangesFile>(stream, s_read);
            return read?.Changes ?? Error($"{file}: error: changes: required (the file is {{\"changes\":[…]}})");
        }
        catch (JsonException ex)
        {
            // The reader's position is 0-based; a planner counts lines from 1.
            string line = ex.LineNumber is long n ? $":{n + 1}" : string.Empty;
            return Error($"{file}{line}: error: {ex.Path ?? "$"}: {ex.Message.Split(" Path:", 2)[0]}");
        }
        catch (IOException ex)
        {
            return Error($"{file}: error: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return Error($"{file}: error: {ex.Message}");
        }
    }

    private IReadOnlyList<WhatIfChangeRequest>? Error(string message)
    {
        console.MarkupLine($"[red]{Markup.Escape(message)}[/]");
        return null;
    }

    private void Write(WhatIfReport report)
    {
        var table = new Table().Title("What-if: system indices (predicted, per year)").AddColumn("Index")
            .AddColumn(new TableColumn("Now").RightAligned()).AddColumn(new TableColumn("With the changes").RightAligned()).AddColumn(new TableColumn("Change").RightAligned());
        table.AddRow("SAIFI (interruptions/customer)", F(report.Baseline.Saifi, "F4"), F(report.Scenario.Saifi, "F4"), F(report.DeltaSaifi, "+0.0000;-0.0000;0"));
        table.AddRow("SAIDI (h/customer)", F(report.Baseline.Saidi, "F4"), F(report.Scenario.Saidi, "F4"), F(report.DeltaSaidi, "+0.0000;-0.0000;0"));
        table.AddRow("ENS (MWh)", F(report.Baseline.EnsMwh, "F3"), F(report.Scenario.EnsMwh, "F3"), F(report.DeltaEnsMwh, "+0.000;-0.000;0"));
        table.AddRow("RS-1 (%)", F(report.Baseline.Rs1, "F4"), F(report.Scenario.Rs1, "F4"), string.Empty);
        console.Write(table);
        console.MarkupLine(CultureInfo.InvariantCulture, "{0:N0} load points with {1:N0} customers affected.", report.LoadPointsAffected, report.CustomersAffected);
    }

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "—";
}
