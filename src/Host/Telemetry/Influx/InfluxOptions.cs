using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Telemetry.Influx;

/// <summary>
/// Load and voltage series in InfluxDB through its v1-compatible HTTP API (<c>/write</c>, <c>/query</c>), served by
/// InfluxDB 1.x, by 2.x with a DBRP mapping, and by 3.x (section <c>Lumen:Influx</c>).
/// </summary>
internal sealed class InfluxOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Lumen:Influx";

    /// <summary>Use InfluxDB; when false the telemetry endpoints answer 404 and nothing is buffered.</summary>
    public bool Enabled { get; set; }

    /// <summary>Base URL, e.g. http://127.0.0.1:8086.</summary>
    [Required]
    [Url]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>Database (1.x) or DBRP-mapped database name (2.x/3.x).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$")]
    public string Database { get; set; } = "lumen";

    /// <summary>Send <c>CREATE DATABASE</c> on start (1.x; harmless when it exists).</summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>Token (sent as <c>Authorization: Token …</c>, for 2.x/3.x); null for none.</summary>
    public string? Token { get; set; }

    /// <summary>User name for basic authentication (1.x); null for none.</summary>
    public string? Username { get; set; }

    /// <summary>Password for basic authentication.</summary>
    public string? Password { get; set; }

    /// <summary>Most lines per write request.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often the sender looks for buffered batches when not woken by a write.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Folder of the durable write buffer; relative paths are under the working directory.</summary>
    [Required]
    public string BufferDirectory { get; set; } = Path.Combine("lumen-data", "influx-buffer");

    /// <summary>First retry delay after a failed write; doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between retries.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one HTTP request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time range one query may cover (queries are always bounded).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3660.00:00:00")]
    public TimeSpan MaxQueryRange { get; set; } = TimeSpan.FromDays(366);
}

/// <summary>Generated DataAnnotations validation of <see cref="InfluxOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class InfluxOptionsValidator : IValidateOptions<InfluxOptions>;
