using System.Diagnostics;
using System.Globalization;
using Lumen.TestSupport;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Runs only when Debian's influxd is installed; skipped with a message otherwise, and never skipped under CI.</summary>
public sealed class InfluxFactAttribute : FactAttribute
{
    /// <summary>The server binary (Debian package influxdb 1.6.x).</summary>
    public static readonly string Executable = Environment.GetEnvironmentVariable("LUMEN_INFLUXD") is { Length: > 0 } path ? path : "/usr/bin/influxd";

    public InfluxFactAttribute()
    {
        if (!File.Exists(Executable) && !SharedData.InCi)
        {
            Skip = $"{Executable} is not installed (apt-get install -y influxdb); .ci/run installs it";
        }
    }
}

/// <summary>A real influxd on 127.0.0.1, a free port and a temporary data directory; can be killed and restarted.</summary>
public sealed class InfluxServer : IAsyncDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "lumen-influx-" + Guid.NewGuid().ToString("N"));
    private Process? _process;

    public InfluxServer()
    {
        Port = LumenApp.FreePort();
        int rpcPort = LumenApp.FreePort();
        Directory.CreateDirectory(_root);
        string config = string.Create(CultureInfo.InvariantCulture, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpcPort}"
            [meta]
              dir = "{_root}/meta"
            [data]
              dir = "{_root}/data"
              wal-dir = "{_root}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
            [continuous_queries]
              enabled = false
            """);
        File.WriteAllText(ConfigPath, config);
    }

    /// <summary>HTTP port.</summary>
    public int Port { get; }

    /// <summary>Base URL.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    private string ConfigPath => Path.Combine(_root, "influxdb.conf");

    /// <summary>Starts influxd and waits until /ping answers.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(InfluxFactAttribute.Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-config");
        start.ArgumentList.Add(ConfigPath);
        _process = Process.Start(start)!;
        _ = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient();
        for (int i = 0; i < 300; i++)
        {
            try
            {
                using HttpResponseMessage ping = await http.GetAsync(Url + "/ping");
                if (ping.StatusCode == System.Net.HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.False(_process.HasExited, "influxd exited at start-up");
            await Task.Delay(50);
        }

        throw new TimeoutException("influxd did not answer /ping within 15 s");
    }

    /// <summary>kill -9.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Runs an InfluxQL statement and returns the JSON answer.</summary>
    public async Task<string> QueryAsync(string database, string q)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync($"{Url}/query?db={database}&q={Uri.EscapeDataString(q)}");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
