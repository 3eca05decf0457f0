using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>
/// <c>lumen serve</c> as a user runs it: a child process on a free port with an empty data folder prints its URL,
/// seeds the demo, prints the first results, serves the dashboard and the API, and stops gracefully on Ctrl+C (SIGINT)
/// and on SIGTERM (a service manager's stop). Independent of how the test runner was started: a runner started in the
/// background (<c>nohup … &amp;</c>) ignores SIGINT and its children inherit that, so the child's SIGINT handling is
/// reset to the default (<c>env --default-signal=INT</c>), as a terminal's Ctrl+C finds it.
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
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // Another working directory than the repository's: the content root is the executable's folder.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (string a in new[] { "--default-signal=INT", "dotnet", ImportKillTests.LumenDll, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", _data, "--demo-scale", "small" })
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
            await StopGracefullyAsync(process, "-INT", output, errors, timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Serve_NoDemo_SaysSo_SecondProcessOnTheStoreExits3_StopsOnSigterm()
    {
        int port = LumenApp.FreePort();
        using Process process = Start("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", _data, "--no-demo");
        var output = new StringBuilder();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await ReadUntilAsync(process, output, EmptyStoreLine(), timeout.Token);
            Assert.DoesNotContain("generating", output.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(PrivateMode, File.GetUnixFileMode(_data) & AllModes);
            Assert.Equal(PrivateMode, File.GetUnixFileMode(Path.Combine(_data, "tmp")) & AllModes);

            // The store is held by the service: a CLI import on it is refused with exit code 3 (not 2, the usage error).
            string network = Path.Combine(Path.GetTempPath(), "lumen-serve-network-" + Guid.NewGuid().ToString("N"));
            LumenCsvWriter.Write(DemoGrid.Generate(300, 1).Build().Network!, network);
            using (Process import = Start("import", "network", network, "--data", _data))
            {
                string said = await import.StandardOutput.ReadToEndAsync(timeout.Token) + await import.StandardError.ReadToEndAsync(timeout.Token);
                await import.WaitForExitAsync(timeout.Token);
                Assert.True(import.ExitCode == 3, $"exit {import.ExitCode}: {said}");
                Assert.Contains("store cannot be opened", said, StringComparison.Ordinal);
            }

            Directory.Delete(network, recursive: true);

            // A service manager's stop: as graceful as Ctrl+C.
            await StopGracefullyAsync(process, "-TERM", output, errors, timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private const UnixFileMode AllModes = (UnixFileMode)0x1FF;
    private const UnixFileMode PrivateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(ImportKillTests.LumenDll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }

    /// <summary>Sends <paramref name="signal"/> and asserts the process exits with code 0.</summary>
    private static async Task StopGracefullyAsync(Process process, string signal, StringBuilder output, Task<string> errors, CancellationToken cancellationToken)
    {
        using (Process kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        output.Append(await process.StandardOutput.ReadToEndAsync(cancellationToken));
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode} after kill {signal}; output:\n{output}\n{await errors}");
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

    [GeneratedRegex(@"^The store is empty \(demo seeding is off\)")]
    private static partial Regex EmptyStoreLine();

    [GeneratedRegex(@"^First results ready after .* SAIFI (?<saifi>[0-9.]+) /yr, SAIDI (?<saidi>[0-9.]+) h/yr")]
    private static partial Regex ResultsLine();
}
