using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Telemetry.Influx;

/// <summary>One sample of a series: a load point's kW, a bus's voltage in per unit …</summary>
/// <param name="Measurement">Measurement, e.g. <c>load_kw</c> or <c>voltage_pu</c>.</param>
/// <param name="Series">Series id (tag <c>series</c>): a load point or bus id.</param>
/// <param name="TimestampUtc">Sample time, UTC.</param>
/// <param name="Value">Value (field <c>value</c>).</param>
internal readonly record struct TelemetryPoint(string Measurement, string Series, DateTime TimestampUtc, double Value)
{
    /// <summary>The point in line protocol with a nanosecond timestamp. Writing the same line twice stores one point.</summary>
    public string ToLineProtocol()
    {
        long ns = (TimestampUtc.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100;
        return string.Create(CultureInfo.InvariantCulture, $"{Escape(Measurement, false)},series={Escape(Series, true)} value={Value:R} {ns}");
    }

    private static string Escape(string text, bool tag)
    {
        var s = new StringBuilder(text.Length + 4);
        foreach (char c in text)
        {
            if (c == ',' || c == ' ' || (tag && c == '=') || c == '\\')
            {
                s.Append('\\');
            }

            s.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return s.ToString();
    }
}

/// <summary>A time-stamped value returned by a query.</summary>
internal readonly record struct TelemetrySample(DateTime TimestampUtc, double Value);

/// <summary>A write that failed: transient failures (network, 5xx, timeouts) are retried, the others are not.</summary>
internal sealed class InfluxWriteException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying may succeed.</summary>
    public bool Transient { get; } = transient;
}

/// <summary>
/// InfluxDB's v1-compatible HTTP API: <c>POST /write</c> (line protocol) and <c>GET /query</c> (InfluxQL). Every query
/// has a bounded time range; aggregates use <c>fill(none)</c> so that empty intervals are not invented.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class InfluxClient(HttpClient http, IOptions<InfluxOptions> options)
{
    private readonly InfluxOptions _options = options.Value;

    /// <summary>True when <c>/ping</c> answers 204.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await SendAsync(HttpMethod.Get, "/ping", null, cancellationToken);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Creates the database (InfluxDB 1.x; a no-op when it exists).</summary>
    public async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        string q = "CREATE DATABASE " + Identifier(_options.Database);
        using HttpResponseMessage response = await SendAsync(HttpMethod.Post, "/query?q=" + Uri.EscapeDataString(q), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InfluxWriteException($"CREATE DATABASE answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}", transient: (int)response.StatusCode >= 500);
        }
    }

    /// <summary>Writes line-protocol <paramref name="lines"/> in one request.</summary>
    /// <exception cref="InfluxWriteException">The write failed; <see cref="InfluxWriteException.Transient"/> tells whether to retry.</exception>
    public async Task WriteAsync(string lines, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            var content = new StringContent(lines, Encoding.UTF8, "text/plain");
            response = await SendAsync(HttpMethod.Post, $"/write?db={Uri.EscapeDataString(_options.Database)}&precision=ns", content, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new InfluxWriteException("InfluxDB is unreachable: " + ex.Message, transient: true, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxWriteException("the write timed out", transient: true, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            string body = await response.Content.ReadAsStringAsync(cancellationToken);
            int status = (int)response.StatusCode;

            // 5xx, 429 and 404 (database not created yet) may pass on retry; 400 (bad lines), 401/403, 413 will not.
            bool transient = status >= 500 || status is 429 or 404 or 408;
            throw new InfluxWriteException($"InfluxDB answered {status}: {body}", transient);
        }
    }

    /// <summary>
    /// Samples of one series in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): raw, or averaged per
    /// <paramref name="every"/> with <c>fill(none)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The range is empty, inverted or longer than <see cref="InfluxOptions.MaxQueryRange"/>, or <paramref name="every"/> is not positive.</exception>
    public async Task<IReadOnlyList<TelemetrySample>> QueryAsync(string measurement, string series, DateTime fromUtc, DateTime toUtc, TimeSpan? every, CancellationToken cancellationToken)
    {
        string q = BuildQuery(measurement, series, fromUtc, toUtc, every, _options.MaxQueryRange);
        Dictionary<string, List<TelemetrySample>> result = await RunQueryAsync(q, grouped: false, cancellationToken);
        return result.TryGetValue(string.Empty, out List<TelemetrySample>? samples) ? samples : [];
    }

    /// <summary>
    /// Raw samples of every series of <paramref name="measurement"/> in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>),
    /// grouped by the <c>series</c> tag (one bounded query instead of one per series).
    /// </summary>
    /// <exception cref="ArgumentException">The range is empty, inverted or longer than <see cref="InfluxOptions.MaxQueryRange"/>.</exception>
    public async Task<IReadOnlyDictionary<string, List<TelemetrySample>>> QueryAllSeriesAsync(string measurement, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        string q = BuildQuery(measurement, null, fromUtc, toUtc, null, _options.MaxQueryRange) + " GROUP BY \"series\"";
        return await RunQueryAsync(q, grouped: true, cancellationToken);
    }

    /// <summary>
    /// Runs InfluxQL <paramref name="q"/> and reads its numeric samples, keyed by the <c>series</c> tag when
    /// <paramref name="grouped"/> (the query groups by it), else all under the empty key.
    /// </summary>
    private async Task<Dictionary<string, List<TelemetrySample>>> RunQueryAsync(string q, bool grouped, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await SendAsync(HttpMethod.Get,
            $"/query?db={Uri.EscapeDataString(_options.Database)}&epoch=ms&q={Uri.EscapeDataString(q)}", null, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"InfluxDB query answered {(int)response.StatusCode}: {body}");
        }

        var bySeries = new Dictionary<string, List<TelemetrySample>>(StringComparer.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(body);
        foreach (JsonElement result in doc.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out JsonElement error))
            {
                throw new HttpRequestException("InfluxDB query failed: " + error.GetString());
            }

            if (!result.TryGetProperty("series", out JsonElement seriesList))
            {
                continue;
            }

            foreach (JsonElement s in seriesList.EnumerateArray())
            {
                string name = grouped ? s.GetProperty("tags").GetProperty("series").GetString() ?? string.Empty : string.Empty;
                if (!bySeries.TryGetValue(name, out List<TelemetrySample>? samples))
                {
                    bySeries[name] = samples = [];
                }

                foreach (JsonElement row in s.GetProperty("values").EnumerateArray())
                {
                    if (row[1].ValueKind == JsonValueKind.Number)
                    {
                        samples.Add(new TelemetrySample(DateTime.UnixEpoch.AddMilliseconds(row[0].GetInt64()), row[1].GetDouble()));
                    }
                }
            }
        }

        return bySeries;
    }

    /// <summary>The InfluxQL of <see cref="QueryAsync"/>; identifiers and strings are escaped, the range is always bounded.</summary>
    /// <remarks>A null <paramref name="series"/> selects every series of the measurement (raw samples only).</remarks>
    internal static string BuildQuery(string measurement, string? series, DateTime fromUtc, DateTime toUtc, TimeSpan? every, TimeSpan maxRange)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("the time range is empty or inverted: 'to' must be after 'from'", nameof(toUtc));
        }

        if (toUtc - fromUtc > maxRange)
        {
            throw new ArgumentException($"the time range exceeds the limit of {maxRange.TotalDays:0.##} days", nameof(toUtc));
        }

        if (every is { } e && e <= TimeSpan.Zero)
        {
            throw new ArgumentException("the interval must be positive", nameof(every));
        }

        string bySeries = series is null ? string.Empty : $"\"series\" = {StringLiteral(series)} AND ";
        string where = string.Create(CultureInfo.InvariantCulture,
            $"WHERE {bySeries}time >= {Rfc3339(fromUtc)} AND time < {Rfc3339(toUtc)}");
        return every is { } interval
            ? string.Create(CultureInfo.InvariantCulture, $"SELECT mean(\"value\") FROM {Identifier(measurement)} {where} GROUP BY time({(long)interval.TotalSeconds}s) fill(none)")
            : $"SELECT \"value\" FROM {Identifier(measurement)} {where}";
    }

    private static string Rfc3339(DateTime t) => "'" + t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + "'";

    private static string Identifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string StringLiteral(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(new Uri(_options.Url), pathAndQuery)) { Content = content };
        if (!string.IsNullOrEmpty(_options.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", _options.Token);
        }
        else if (!string.IsNullOrEmpty(_options.Username))
        {
            string basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.Username}:{_options.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        return await http.SendAsync(request, timeout.Token);
    }
}
