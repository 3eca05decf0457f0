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

    /// <summary>API key required in the <c>X-Api-Key</c> header by write endpoints; mandatory when bound to a non-loopback address.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Largest accepted network upload (zip or multipart CSV), bytes.</summary>
    [Range(1024, 2L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest accepted JSON request body, bytes.</summary>
    [Range(256, 64L * 1024 * 1024)]
    public long MaxJsonBytes { get; set; } = 1024 * 1024;

    /// <summary>True when <see cref="Address"/> parses and is a loopback address.</summary>
    public bool IsLoopback => IPAddress.TryParse(Address, out IPAddress? ip) && IPAddress.IsLoopback(ip);
}

/// <summary>Generated DataAnnotations validation of <see cref="ServerOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class ServerOptionsValidator : IValidateOptions<ServerOptions>;

/// <summary>Cross-field rules of <see cref="ServerOptions"/>: a parsable address, and an API key off loopback.</summary>
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

        return builder.Build();
    }
}
