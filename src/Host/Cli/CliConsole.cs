using Spectre.Console;

namespace Lumen.Host.Cli;

/// <summary>The console the <c>lumen</c> process writes to.</summary>
internal static class CliConsole
{
    /// <summary>
    /// Width given to a redirected output. Spectre assumes 80 columns when it cannot ask a terminal, and wraps tables,
    /// numbers and <c>file:line: error: …</c> messages at that width; a file or a pipe has no width, so nothing may wrap.
    /// Tables are still only as wide as their content.
    /// </summary>
    public const int RedirectedWidth = 32_767;

    /// <summary>The standard console; when <paramref name="outputRedirected"/>, one that never wraps a line.</summary>
    public static IAnsiConsole Create(bool outputRedirected)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings());
        if (outputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
