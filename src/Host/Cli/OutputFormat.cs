using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace Lumen.Host.Cli;

/// <summary>How a command prints its result.</summary>
internal enum OutputFormat
{
    /// <summary>Tables for a person at a terminal.</summary>
    Table,

    /// <summary>JSON with stable snake_case field names.</summary>
    Json,
}

/// <summary>JSON settings shared by every command and the API: snake_case names, NaN as null.</summary>
internal static class LumenJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>Writes JSON straight to the console's output writer: Spectre's own writing would wrap long lines.</summary>
    public static void Write<T>(IAnsiConsole console, T value)
    {
        TextWriter writer = console.Profile.Out.Writer;
        writer.WriteLine(Serialize(value));
        writer.Flush();
    }
}
