using Lumen.Topology.Requests;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>A library's <see cref="FieldProblem"/>s as <c>error: --option: message</c> lines (the option is the field in kebab-case).</summary>
internal static class RequestProblemsView
{
    /// <summary>Prints the problems and returns the usage exit code: the command line asked something that cannot be answered.</summary>
    public static int Write(IAnsiConsole console, IReadOnlyList<FieldProblem> problems)
    {
        foreach (FieldProblem p in problems)
        {
            console.MarkupLine($"[red]error: --{Markup.Escape(p.Field.Replace('_', '-'))}: {Markup.Escape(p.Message)}[/]");
        }

        return ExitCodes.Usage;
    }
}
