using System.Text.Json;
using Lumen.Host.Cli;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary>No NaN or Infinity in any JSON Lumen writes: a non-finite number is null ("not available"), and never read.</summary>
public sealed class FiniteJsonTests
{
    private sealed record Sample(double Value, double? Maybe, double[] Values, Dictionary<string, double> ByName);

    [Fact]
    public void Serialize_NonFiniteNumbers_AreNull()
    {
        string json = LumenJson.Serialize(new Sample(double.NaN, double.PositiveInfinity, [1.5, double.NaN], new() { ["a"] = double.NegativeInfinity }));
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("maybe").ValueKind);
        Assert.Equal(1.5, doc.RootElement.GetProperty("values")[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("values")[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("by_name").GetProperty("a").ValueKind);
    }

    [Fact]
    public void Serialize_FiniteNumbers_RoundTrip()
    {
        var sample = new Sample(-1e308, 2.5, [0, 1e-300], new() { ["a"] = 3 });
        Sample back = JsonSerializer.Deserialize<Sample>(LumenJson.Serialize(sample), LumenJson.Options)!;
        Assert.Equal(sample.Value, back.Value);
        Assert.Equal(sample.Maybe, back.Maybe);
        Assert.Equal(sample.Values, back.Values);
    }

    [Fact]
    public void Serialize_DictionaryKeys_AreDataAndKeptAsTheyAre()
    {
        // Feeder names and complaint categories are keys: the CLI must write them as the API does, not snake_cased.
        string json = LumenJson.Serialize(new Sample(1, null, [], new() { ["SS001-F01"] = 3, ["LowVoltage"] = 1 }));
        Assert.Contains("\"SS001-F01\": 3", json, StringComparison.Ordinal);
        Assert.Contains("\"LowVoltage\": 1", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"value\": \"NaN\"}")]
    [InlineData("{\"value\": \"Infinity\"}")]
    [InlineData("{\"value\": 1e999}")]
    [InlineData("{\"maybe\": \"-Infinity\"}")]
    public void Deserialize_NonFinite_IsRefused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Sample>(json, LumenJson.Options));
}
