using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

// Open-loop load test of Lumen's main read endpoints against a running service on 127.0.0.1: requests are sent on a
// fixed schedule (not when the previous one returns), and latency is measured from the scheduled send time, so a slow
// server cannot hide its queueing (no coordinated omission). Bounded in time.
//   dotnet run -c Release --project benchmarks/LoadTest -- [--url http://127.0.0.1:5080/] [--rate 500] [--seconds 20]
string url = "http://127.0.0.1:5080/";
int rate = 500;
int seconds = 20;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--url": url = args[i + 1]; break;
        case "--rate": rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--seconds": seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
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
    "api/history",
    "api/voltage",
    "api/status",
    "api/outages?by=feeder",
    "api/assets/ranking?top=50",
    "api/forecasts/peaks",
    $"api/forecasts/{series}",
];

var latencies = new ConcurrentBag<(int Endpoint, double Ms)>();
int errors = 0;
var inflight = new List<Task>();
long interval = Stopwatch.Frequency / rate;
long start = Stopwatch.GetTimestamp();
long end = start + (long)seconds * Stopwatch.Frequency;
long n = 0;
Console.WriteLine($"{rate} req/s for {seconds} s against {url} (network version {version}, {customers:N0} customers), endpoints round-robin:");
while (true)
{
    long due = start + n * interval;
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

    int endpoint = (int)(n % endpoints.Length);
    long scheduled = due;
    inflight.Add(Task.Run(async () =>
    {
        try
        {
            using HttpResponseMessage response = await client.GetAsync(endpoints[endpoint], HttpCompletionOption.ResponseContentRead);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref errors);
        }

        latencies.Add((endpoint, (Stopwatch.GetTimestamp() - scheduled) * 1000.0 / Stopwatch.Frequency));
    }));
    n++;
}

await Task.WhenAll(inflight);
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
return errors == 0 ? 0 : 1;

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
