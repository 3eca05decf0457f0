using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Options;

/// <summary>Where the HTTP service listens and how much it accepts (section <c>Lumen:Server</c>).</summary>
internal sealed class ServerOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Lumen:Server";

    /// <summary>IP address to bind; loopback (127.0.0.1) by default so nothing is exposed by accident.</summary>
    [Required]
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port, 1-65535.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 5080;

    /// <summary>Shortest API key accepted: a short key is guessed in minutes by anyone who can reach the port.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>
    /// API key required in the <c>X-Api-Key</c> header by every state-changing request (and by every read when
    /// <see cref="RequireKeyForReads"/>); mandatory when bound to a non-loopback address; at least 16 characters.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Require the API key for reads of <c>/api</c> and <c>/openapi</c> too (exports hold every customer count and complaint).</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary>
    /// Host names (and addresses) clients reach the service by, besides localhost, 127.0.0.1, [::1] and the bound
    /// <see cref="Address"/>: requests naming any other host are refused (400), which defeats DNS rebinding. Required
    /// when <see cref="Address"/> is a wildcard (0.0.0.0 or ::). <c>*</c> accepts every host (not recommended).
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>Largest accepted network upload (zip or multipart CSV), bytes.</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest accepted JSON request body, bytes.</summary>
    [Range(256, 64L * 1024 * 1024)]
    public long MaxJsonBytes { get; set; } = 1024 * 1024;

    /// <summary>Longest a read (GET) may run before it is cancelled with a 503; a rebuild of an old network version waits at most this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Memory for network versions other than the current one rebuilt for reads (traces of earlier versions), bytes.</summary>
    [Range(0, 64L * 1024 * 1024 * 1024)]
    public long NetworkCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Expensive work of reads (exports; computing an answer not yet remembered: outage or filtered voltage statistics, an earlier version) done at once; more waits in a short queue, then 503. Remembered answers are never limited.</summary>
    [Range(1, 64)]
    public int ExpensiveReadConcurrency { get; set; } = 2;

    /// <summary>True when <see cref="Address"/> parses and is a loopback address.</summary>
    public bool IsLoopback => IPAddress.TryParse(Address, out IPAddress? ip) && IPAddress.IsLoopback(ip);

    /// <summary>True when <see cref="Address"/> is 0.0.0.0 or :: (every interface).</summary>
    public bool IsWildcard => IPAddress.TryParse(Address, out IPAddress? ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    /// <summary>The Host header values accepted (host filtering): loopback names, the bound address, <see cref="AllowedHosts"/>.</summary>
    public IReadOnlyList<string> EffectiveAllowedHosts()
    {
        var hosts = new List<string> { "localhost", "127.0.0.1", "[::1]" };
        if (IPAddress.TryParse(Address, out IPAddress? ip) && !IsWildcard)
        {
            hosts.Add(ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString());
        }

        hosts.AddRange(AllowedHosts.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()));
        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}

/// <summary>Generated DataAnnotations validation of <see cref="ServerOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ServerOptionsValidator : IValidateOptions<ServerOptions>;

/// <summary>
/// Cross-field rules of <see cref="ServerOptions"/>: a parsable address, an API key off loopback, host names on a
/// wildcard address, keys of at least <see cref="ServerOptions.MinApiKeyLength"/> characters.
/// </summary>
internal sealed class ServerOptionsCustomValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            builder.AddError($"'{options.Address}' is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)", nameof(ServerOptions.Address));
        }
        else if (!options.IsLoopback && string.IsNullOrWhiteSpace(options.ApiKey))
        {
            builder.AddError("an API key (Lumen:Server:ApiKey) is required when the service is bound to a non-loopback address", nameof(ServerOptions.ApiKey));
        }
        else if (options.IsWildcard && !options.AllowedHosts.Any(h => !string.IsNullOrWhiteSpace(h)))
        {
            builder.AddError($"'{options.Address}' listens on every interface: list the host names clients use in Lumen:Server:AllowedHosts (e.g. lumen.example.local;10.1.2.3)", nameof(ServerOptions.AllowedHosts));
        }

        if (options.ApiKey is { } key && key.Length < ServerOptions.MinApiKeyLength)
        {
            builder.AddError($"the API key is {key.Length} characters long; use at least {ServerOptions.MinApiKeyLength} (e.g. openssl rand -hex 16)", nameof(ServerOptions.ApiKey));
        }

        if (options.RequireKeyForReads && string.IsNullOrEmpty(options.ApiKey))
        {
            builder.AddError("RequireKeyForReads needs an API key (Lumen:Server:ApiKey)", nameof(ServerOptions.RequireKeyForReads));
        }

        return builder.Build();
    }
}
