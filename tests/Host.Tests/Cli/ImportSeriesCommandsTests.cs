using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Lumen.Host.Cli;
using Lumen.Host.Storage.DuckDb;
using Spectre.Console.Testing;
using Xunit;

namespace Lumen.Host.Tests.Cli;

/// <summary><c>lumen import load|voltage</c>: all or nothing, errors naming file, line and field, identical re-imports unchanged.</summary>
public sealed class ImportSeriesCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lumen-import-series-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private string Store => Path.Combine(_root, "data");

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole().Width(250);
        int code = LumenCli.Run(args, console);
        return (code, console.Output);
    }

    private static void WriteLoad(string path, int days)
    {
        var sb = new StringBuilder("timestamp,load_mw,temperature_c\n");
        for (int t = 0; t < days * 24; t++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{new DateTime(2025, 3, 1).AddHours(t):yyyy-MM-dd'T'HH:mm},{1 + (0.3 * Math.Sin(t / 3.0)):0.000},{15 + (t % 24 / 4.0):0.0}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }

    private long Count(string table)
    {
        using var store = new DuckDbStore(Path.Combine(Store, "lumen.duckdb"));
        using DuckDBConnection connection = store.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public void ImportLoad_Folder_StoresOneBatch_SkipsTemperature_ThenSameFilesUnchanged()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, "load")).FullName;
        WriteLoad(Path.Combine(folder, "F1.csv"), 3);
        WriteLoad(Path.Combine(folder, "F2.csv"), 4);
        File.WriteAllText(Path.Combine(folder, "temperature.csv"), "timestamp,temperature_c\n2025-03-01T00:00,1\n");
        (int code, string output) = Run("import", "load", folder, "--data", Store, "--format", "json");
        Assert.Equal(ExitCodes.Ok, code);
        JsonElement doc = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]).RootElement;
        Assert.True(doc.GetProperty("created").GetBoolean());
        Assert.Equal(1, doc.GetProperty("batch").GetInt32());
        Assert.Equal(2, doc.GetProperty("series").GetInt32());
        Assert.Equal(7 * 24, doc.GetProperty("rows").GetInt64());
        Assert.Equal(7 * 24, Count("load_readings"));

        (code, output) = Run("import", "load", folder, "--data", Store);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Unchanged: the same content is already batch 1", output, StringComparison.Ordinal);
        Assert.Equal(1, Count("series_batches"));
        Assert.Equal(7 * 24, Count("load_readings"));
    }

    [Fact]
    public void ImportLoad_BadRow_ExitsInvalidInput_NamingFileLineField_AndStoresNothing()
    {
        string good = Path.Combine(_root, "good.csv");
        WriteLoad(good, 2);
        Assert.Equal(ExitCodes.Ok, Run("import", "load", good, "--data", Store).Code);
        string folder = Directory.CreateDirectory(Path.Combine(_root, "bad")).FullName;
        WriteLoad(Path.Combine(folder, "A.csv"), 2);
        string[] lines = File.ReadAllLines(Path.Combine(folder, "A.csv"));
        lines[7] = "2025-03-01T06:00,1.0,hot";
        File.WriteAllLines(Path.Combine(folder, "B.csv"), lines);
        (int code, string output) = Run("import", "load", folder, "--data", Store);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("B.csv:8: error: temperature_c:", output, StringComparison.Ordinal);
        Assert.Equal(1, Count("series_batches"));
        Assert.Equal(48, Count("load_readings"));
        Assert.Equal(ExitCodes.InvalidInput, Run("import", "load", Path.Combine(_root, "missing"), "--data", Store).Code);
        Assert.Equal(ExitCodes.Usage, Run("import", "load", good, "--bogus").Code);
    }

    [Fact]
    public void ImportVoltage_StoresReadings_BadRowNamesLineAndField_ReimportUnchanged()
    {
        string file = Path.Combine(_root, "readings.csv");
        var sb = new StringBuilder("point_id,timestamp,voltage_v,nominal_v,area_id,feeder_id\n");
        for (int h = 0; h < 48; h++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"M1,{new DateTime(2025, 12, 1).AddHours(h):yyyy-MM-dd'T'HH:mm:ss}+08:00,{(h % 24 == 19 ? 190 : 225)},220,A1,F1\n");
            sb.Append(CultureInfo.InvariantCulture, $"M2,{new DateTime(2025, 12, 1).AddHours(h):yyyy-MM-dd'T'HH:mm:ss}+08:00,230,220,A2,F1\n");
        }

        File.WriteAllText(file, sb.ToString());
        (int code, string output) = Run("import", "voltage", file, "--data", Store);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Imported as batch 1: 96 rows, 2 voltage points", output, StringComparison.Ordinal);
        Assert.Contains("Unchanged", Run("import", "voltage", file, "--data", Store).Output, StringComparison.Ordinal);
        Assert.Equal(96, Count("voltage_readings"));

        string bad = Path.Combine(_root, "bad.csv");
        File.WriteAllText(bad, sb.ToString().Replace("M2,2025-12-01T05:00:00+08:00,230,220", "M2,2025-12-01T05:00:00+08:00,230,110", StringComparison.Ordinal));
        (code, output) = Run("import", "voltage", bad, "--data", Store);
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("bad.csv:13: error: nominal_v:", output, StringComparison.Ordinal);
        Assert.Equal(1, Count("series_batches"));
        Assert.Equal(ExitCodes.InvalidInput, Run("import", "voltage", Path.Combine(_root, "none.csv"), "--data", Store).Code);
    }
}
