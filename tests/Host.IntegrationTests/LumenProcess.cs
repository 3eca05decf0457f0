using System.Diagnostics;

namespace Lumen.Host.IntegrationTests;

/// <summary>The <c>lumen</c> executable run as its own process, with its output redirected to the test.</summary>
internal static class LumenProcess
{
    /// <summary>Runs <c>lumen <paramref name="args"/></c> to its end; its exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Output, string Errors)> RunAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ImportKillTests.LumenDll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
