using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// <c>lumen serve</c> as a user runs it: a child process on a free port with an empty data folder prints its URL,
/// seeds the demo, prints the first results, serves the dashboard and the API, and stops gracefully on Ctrl+C (SIGINT).
/// </summary>
public sealed partial class ServeProcessTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lumen-serve-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_EmptyStore_PrintsUrlAndResults_ServesApi_StopsOnSigint()
    {
        int port = LumenApp.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // Another working directory than the repository's: the content root is the executable's folder.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (string a in new[] { ImportKillTests.LumenDll, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", _data, "--demo-scale", "small" })
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        var output = new StringBuilder();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            string url = (await ReadUntilAsync(process, output, RunningLine(), timeout.Token)).Groups[1].Value;
            Assert.Equal($"http://127.0.0.1:{port}/", url);
            Match ready = await ReadUntilAsync(process, output, ResultsLine(), timeout.Token);

            using var client = new HttpClient { BaseAddress = new Uri(url) };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", timeout.Token)).StatusCode);
            string page = await client.GetStringAsync("/", timeout.Token);
            Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
            using JsonDocument reliability = JsonDocument.Parse(await client.GetStringAsync("/api/reliability", timeout.Token));
            JsonElement system = reliability.RootElement.GetProperty("system");

            // The printed figures are the served ones.
            Assert.Equal(ready.Groups["saifi"].Value, system.GetProperty("saifi").GetDouble().ToString("F3", CultureInfo.InvariantCulture));
            Assert.Equal(ready.Groups["saidi"].Value, system.GetProperty("saidi").GetDouble().ToString("F3", CultureInfo.InvariantCulture));
            Assert.True(system.GetProperty("saifi").GetDouble() > 0, reliability.RootElement.ToString());

            // Ctrl+C: a graceful stop with exit code 0.
            using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            output.Append(await process.StandardOutput.ReadToEndAsync(timeout.Token));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}; output:\n{output}\n{await errors}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<Match> ReadUntilAsync(Process process, StringBuilder output, Regex pattern, CancellationToken cancellationToken)
    {
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            output.AppendLine(line);
            Match match = pattern.Match(line);
            if (match.Success)
            {
                return match;
            }
        }

        throw new Xunit.Sdk.XunitException($"lumen serve exited ({process.ExitCode}) before printing /{pattern}/:\n{output}");
    }

    [GeneratedRegex(@"^Lumen is running at (http://\S+/) ")]
    private static partial Regex RunningLine();

    [GeneratedRegex(@"^First results ready after .* SAIFI (?<saifi>[0-9.]+) /yr, SAIDI (?<saidi>[0-9.]+) h/yr")]
    private static partial Regex ResultsLine();
}
