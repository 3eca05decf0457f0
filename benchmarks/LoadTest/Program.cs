using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

// Open-loop load test of Lumen's main read endpoints against a running service on 127.0.0.1: requests are sent on a
// fixed schedule (not when the previous one returns), and latency is measured from the scheduled send time, so a slow
// server cannot hide its queueing (no coordinated omission). Bounded in time. With --import-dir, a network import runs
// every --import-every seconds meanwhile (each a new version: one load point's customer count changes), and the reads
// include traces of version 1, an earlier version once the first import landed (rebuilt from the store and cached).
//   dotnet run -c Release --project benchmarks/LoadTest -- [--url http://127.0.0.1:5080/] [--rate 500] [--seconds 20]
//       [--warmup 0] [--import-dir lumen-data/demo --import-every 5 --api-key KEY] [--trace requests.csv]
// --warmup S sends the same load for S seconds first and does not count it: a fresh server spends its first seconds
// under load compiling the request paths (tiered JIT), which the percentiles should show apart from the steady state.
// --trace writes one line per request (scheduled send and completion in ms since the start, endpoint, status, latency,
// the client's own GC pause time so far) so stalls can be told apart: the server's, or the client's own GC.
string url = "http://127.0.0.1:5080/";
int rate = 500;
int seconds = 20;
int warmup = 0;
string? importDir = null;
int importEvery = 5;
string? apiKey = null;
string? tracePath = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--url": url = args[i + 1]; break;
        case "--rate": rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--warmup": warmup = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--import-dir": importDir = args[i + 1]; break;
        case "--import-every": importEvery = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--api-key": apiKey = args[i + 1]; break;
        case "--trace": tracePath = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri(url),
    Timeout = TimeSpan.FromSeconds(30),
};

// Discover ids on the served network: the worst feeder, a load point's bus and a forecast series.
using JsonDocument feeders = JsonDocument.Parse(await client.GetStringAsync("api/reliability/feeders?top=1"));
string feeder = feeders.RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
using JsonDocument current = JsonDocument.Parse(await client.GetStringAsync("api/networks/current"));
int version = current.RootElement.GetProperty("network").GetProperty("version").GetInt32();
using JsonDocument diagram = JsonDocument.Parse(await client.GetStringAsync($"api/feeders/{feeder}/diagram"));
string bus = diagram.RootElement.GetProperty("nodes")[diagram.RootElement.GetProperty("nodes").GetArrayLength() - 1].GetProperty("id").GetString()!;
int customers = current.RootElement.GetProperty("summary").GetProperty("customers").GetInt32();
using JsonDocument forecasts = JsonDocument.Parse(await client.GetStringAsync("api/forecasts"));
string series = forecasts.RootElement.GetProperty("items")[0].GetProperty("series").GetString()!;

string[] endpoints =
[
    "api/reliability",
    "api/reliability/feeders?top=20",
    "api/reliability/load-points?top=20",
    "api/networks/current",
    $"api/networks/{version}/trace/{bus}",
    $"api/feeders/{feeder}/diagram",
    "api/outages",
    "api/voltage",
    "api/status",
    "api/outages?by=feeder",
    "api/assets/ranking?top=50",
    "api/forecasts/peaks",
    $"api/forecasts/{series}",
    .. importDir is null ? Array.Empty<string>() : [$"api/networks/1/trace/{bus}"],
];

var latencies = new ConcurrentBag<(int Endpoint, double Ms, long Scheduled, int Status, double ClientPauseMs)>();
int errors = 0;
using var stopImports = new CancellationTokenSource();
Task<List<(int Status, double Ms)>> imports = importDir is null ? Task.FromResult(new List<(int, double)>()) : ImportLoopAsync(importDir, stopImports.Token);
var inflight = new List<Task>();
long interval = Stopwatch.Frequency / rate;
long first = Stopwatch.GetTimestamp();
long start = first + (long)warmup * Stopwatch.Frequency;
long end = start + (long)seconds * Stopwatch.Frequency;
long sent = 0;
long n = 0;
Console.WriteLine($"{rate} req/s for {seconds} s (after {warmup} s not counted) against {url} (network version {version}, {customers:N0} customers), endpoints round-robin:");
while (true)
{
    long due = first + sent * interval;
    if (due >= end)
    {
        break;
    }

    long now = Stopwatch.GetTimestamp();
    if (due > now)
    {
        int waitMs = (int)((due - now) * 1000 / Stopwatch.Frequency);
        if (waitMs > 0)
        {
            await Task.Delay(waitMs);
        }

        continue;
    }

    int endpoint = (int)(sent % endpoints.Length);
    long scheduled = due;
    bool measured = due >= start;
    inflight.Add(Task.Run(async () =>
    {
        int status = 0;
        try
        {
            using HttpResponseMessage response = await client.GetAsync(endpoints[endpoint], HttpCompletionOption.ResponseContentRead);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // status 0: no answer
        }

        if (!measured)
        {
            return;
        }

        if (status is < 200 or > 299)
        {
            Interlocked.Increment(ref errors);
        }

        latencies.Add((endpoint, (Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency, scheduled, status, GC.GetTotalPauseDuration().TotalMilliseconds));
    }));
    sent++;
    n += measured ? 1 : 0;
}

await Task.WhenAll(inflight);
stopImports.Cancel();
List<(int Status, double Ms)> imported = await imports;
double elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
Console.WriteLine($"sent {n} requests in {elapsed:F1} s: {n / elapsed:F0} req/s achieved, {errors} errors");
Console.WriteLine($"{"endpoint",-48} {"count",7} {"p50 ms",8} {"p99 ms",8} {"max ms",8}");
var all = new List<double>();
for (int e = 0; e < endpoints.Length; e++)
{
    double[] ms = latencies.Where(l => l.Endpoint == e).Select(l => l.Ms).Order().ToArray();
    all.AddRange(ms);
    Console.WriteLine($"{endpoints[e],-48} {ms.Length,7} {Percentile(ms, 0.50),8:F2} {Percentile(ms, 0.99),8:F2} {ms[^1],8:F2}");
}

double[] sorted = [.. all.Order()];
Console.WriteLine($"{"all",-48} {sorted.Length,7} {Percentile(sorted, 0.50),8:F2} {Percentile(sorted, 0.99),8:F2} {sorted[^1],8:F2}");
Console.WriteLine($"client GC: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2, paused {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms in all");
if (tracePath is not null)
{
    // Started at: the wall clock of the first scheduled send, so the lines can be matched with the server's timestamps.
    DateTime startedAt = DateTime.UtcNow - Stopwatch.GetElapsedTime(start);
    using var trace = new StreamWriter(tracePath);
    trace.WriteLine($"# started_at {startedAt:O}");
    trace.WriteLine("scheduled_ms,completed_ms,endpoint,status,latency_ms,client_gc_pause_ms");
    foreach (var l in latencies.OrderBy(l => l.Scheduled))
    {
        double scheduledMs = (l.Scheduled - start) * 1000.0 / Stopwatch.Frequency;
        trace.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scheduledMs:F2},{scheduledMs + l.Ms:F2},{endpoints[l.Endpoint]},{l.Status},{l.Ms:F2},{l.ClientPauseMs:F1}"));
    }
}

if (imported.Count > 0)
{
    double[] ims = [.. imported.Select(x => x.Ms).Order()];
    Console.WriteLine($"{"imports (POST api/networks)",-48} {ims.Length,7} {Percentile(ims, 0.50),8:F2} {Percentile(ims, 0.99),8:F2} {ims[^1],8:F2}   statuses {string.Join(" ", imported.Select(x => x.Status))}");
}

return errors == 0 && imported.All(x => x.Status is 200 or 201) ? 0 : 1;

// Imports a new version every importEvery seconds: the folder's network files with one load point's customers changed.
async Task<List<(int Status, double Ms)>> ImportLoopAsync(string folder, CancellationToken cancellationToken)
{
    var results = new List<(int, double)>();
    string[] names = ["buses.csv", "branches.csv", "devices.csv", "load_points.csv", "case.json"];
    for (int round = 1; !cancellationToken.IsCancellationRequested; round++)
    {
        using var form = new MultipartFormDataContent();
        foreach (string name in names.Where(n => File.Exists(Path.Combine(folder, n))))
        {
            byte[] content = File.ReadAllBytes(Path.Combine(folder, name));
            if (name == "load_points.csv")
            {
                // Header, then the first load point: its customer count (third column) grows by the round number.
                string[] lines = System.Text.Encoding.UTF8.GetString(content).Split('\n');
                string[] cells = lines[1].Split(',');
                cells[2] = (int.Parse(cells[2], CultureInfo.InvariantCulture) + round).ToString(CultureInfo.InvariantCulture);
                lines[1] = string.Join(',', cells);
                content = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
            }

            form.Add(new ByteArrayContent(content), "files", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/networks") { Content = form };
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        long sent = Stopwatch.GetTimestamp();
        using HttpResponseMessage response = await client.SendAsync(request, CancellationToken.None);
        results.Add(((int)response.StatusCode, (Stopwatch.GetTimestamp() - sent) * 1000.0 / Stopwatch.Frequency));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(importEvery), cancellationToken);
        }
        catch (OperationCanceledException)
        {
            break;
        }
    }

    return results;
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
