using Microsoft.Extensions.Options;
using Xunit;

namespace Lumen.Host.IntegrationTests;

/// <summary>Options are validated at start-up: a bad value stops the host with a message naming it.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Lumen:Server:Port", "70000", "Port")]
    [InlineData("Lumen:Server:Address", "not-an-ip", "Address")]
    [InlineData("Lumen:Server:Address", "0.0.0.0", "ApiKey")]
    [InlineData("Lumen:Server:ApiKey", "fifteen-chars!!", "ApiKey")]
    [InlineData("Lumen:Server:RequireKeyForReads", "true", "RequireKeyForReads")]
    [InlineData("Lumen:Server:MaxUploadBytes", "10", "MaxUploadBytes")]
    [InlineData("Lumen:Recompute:PollInterval", "00:00:00", "PollInterval")]
    [InlineData("Lumen:Store:DataDirectory", "", "DataDirectory")]
    public async Task Start_InvalidOption_FailsNamingIt(string key, string value, string named)
    {
        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(
            () => LumenApp.StartServerAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, string.Join(" ", ex.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NonLoopbackWithApiKey_Starts()
    {
        await using LumenApp app = await LumenApp.StartAsync(new Dictionary<string, string?>
        {
            ["Lumen:Server:Address"] = "0.0.0.0",
            ["Lumen:Server:ApiKey"] = "a-key-of-16-char",
            ["Lumen:Server:AllowedHosts:0"] = "lumen.example.local",
            ["Lumen:Store:SeedDemo"] = "false",
        });
        Assert.Empty(app.Get<Storage.DuckDb.NetworkRepository>().List());
    }

    [Fact]
    public async Task Start_WildcardAddressWithoutHostNames_FailsNamingAllowedHosts()
    {
        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(() => LumenApp.StartServerAsync(new Dictionary<string, string?>
        {
            ["Lumen:Server:Address"] = "0.0.0.0",
            ["Lumen:Server:ApiKey"] = "a-key-of-16-char",
        }));
        Assert.Contains("AllowedHosts", string.Join(" ", ex.Failures), StringComparison.Ordinal);
    }
}
