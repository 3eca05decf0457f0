using System.Diagnostics;
using Spectre.Console;

namespace Lumen.Host.Cli;

/// <summary>Runs named steps with a progress bar on a terminal, or one plain line per step when output is redirected.</summary>
internal static class Progress
{
    public static void Run(IAnsiConsole console, string title, IReadOnlyList<(string Name, Action Work)> steps)
    {
        if (console.Profile.Capabilities.Interactive && console.Profile.Out.IsTerminal)
        {
            console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(title, maxValue: steps.Count);
                    foreach ((string name, Action work) in steps)
                    {
                        task.Description = $"{title}: {name}";
                        work();
                        task.Increment(1);
                    }
                });
            return;
        }

        for (int i = 0; i < steps.Count; i++)
        {
            var watch = Stopwatch.StartNew();
            steps[i].Work();
            console.WriteLine($"[{i + 1}/{steps.Count}] {title}: {steps[i].Name} ({watch.Elapsed.TotalSeconds:F1} s)");
        }
    }
}
