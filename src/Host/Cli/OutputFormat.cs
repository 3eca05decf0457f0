using System.Text;
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

/// <summary>
/// JSON settings shared by every command and the API: snake_case names, and no NaN or Infinity ever: a non-finite
/// number is written as <c>null</c> ("not available") and refused when read. Dictionary keys are data (feeder names,
/// complaint categories) and stay as they are, as the API writes them.
/// </summary>
internal static class LumenJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new FiniteDoubleConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>
    /// Writes JSON straight to the console's output (Spectre's own writing would wrap long lines). On the process's
    /// standard output it is streamed as UTF-8 while it is serialized: a 1M-bus power flow is hundreds of megabytes, and
    /// is never held as one string.
    /// </summary>
    public static void Write<T>(IAnsiConsole console, T value)
    {
        TextWriter writer = console.Profile.Out.Writer;
        if (ReferenceEquals(writer, Console.Out))
        {
            writer.Flush();
            using Stream stdout = Console.OpenStandardOutput();
            using var buffered = new BufferedStream(stdout, 1 << 16);
            JsonSerializer.Serialize(buffered, value, Options);
            buffered.Write(Encoding.UTF8.GetBytes(writer.NewLine));
            return;
        }

        writer.WriteLine(Serialize(value));
        writer.Flush();
    }
}

/// <summary>A <see cref="double"/> as a JSON number when finite and as <c>null</c> when NaN or infinite; reads finite numbers only.</summary>
/// <remarks>Also serves <c>double?</c> (the nullable wrapper calls it for a value), so "not available" is null either way.</remarks>
internal sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double value) && double.IsFinite(value)
            ? value
            : throw new JsonException("expected a finite number");

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
