using System.Globalization;
using System.Text;
using CsvHelper;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Import;

/// <summary>
/// Writes a <see cref="Net"/> as a Lumen network folder (<c>docs/formats.md</c>): <c>buses.csv</c>,
/// <c>branches.csv</c>, <c>devices.csv</c> and <c>load_points.csv</c>, so that importing the folder gives the same
/// network back.
/// </summary>
/// <remarks>
/// <para>Output is UTF-8 without BOM, comma-separated with a header row, RFC 4180 quoting where a value needs it and
/// <c>\n</c> line ends; rows follow the network's element order. Numbers use the invariant culture and the shortest
/// round-trip form (<c>"R"</c>), so every double reads back bit for bit. Unknown values are written as empty cells:
/// NaN voltages, coordinates, ratings, replacement and operating times; install year 0; the tap of a branch that is
/// not a transformer; null asset ids, classes,
/// feeder names and customer classes. Branch failure rates are written per branch (<c>failure_rate_per_year</c>),
/// never per km. Buses are written as <c>source</c> or <c>node</c>; every load point goes to <c>load_points.csv</c>.
/// Source locations are not written (an importer assigns its own).</para>
/// <para>O(N + E + D + L) time; streams each file, so memory does not grow with the network. Thread-safe for
/// different folders (the network is immutable).</para>
/// </remarks>
public static class LumenCsvWriter
{
    private const string Buses = "buses.csv";
    private const string Branches = "branches.csv";
    private const string Devices = "devices.csv";
    private const string LoadPoints = "load_points.csv";

    private static readonly UTF8Encoding s_utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="network"/> into <paramref name="folder"/>, creating it if needed and replacing the four files.</summary>
    /// <param name="network">The network to write.</param>
    /// <param name="folder">The target folder.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="folder"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static void Write(Net network, string folder)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        WriteBuses(network, Path.Combine(folder, Buses));
        WriteBranches(network, Path.Combine(folder, Branches));
        WriteDevices(network, Path.Combine(folder, Devices));
        WriteLoadPoints(network, Path.Combine(folder, LoadPoints));
    }

    private static void WriteBuses(Net network, string path)
    {
        using CsvWriter csv = Open(path);
        WriteHeader(csv, "bus_id", "kind", "nominal_kv", "x", "y");
        ReadOnlySpan<string> ids = network.NodeIds;
        ReadOnlySpan<NodeKind> kinds = network.NodeKinds;
        ReadOnlySpan<double> kv = network.NominalKv;
        ReadOnlySpan<double> x = network.NodeX;
        ReadOnlySpan<double> y = network.NodeY;
        for (int i = 0; i < ids.Length; i++)
        {
            csv.WriteField(ids[i]);
            csv.WriteField(kinds[i] == NodeKind.Source ? "source" : "node");
            csv.WriteField(Number(kv[i]));
            csv.WriteField(Number(x[i]));
            csv.WriteField(Number(y[i]));
            csv.EndRecord();
        }
    }

    private static void WriteBranches(Net network, string path)
    {
        using CsvWriter csv = Open(path);
        WriteHeader(
            csv,
            "branch_id",
            "from_bus",
            "to_bus",
            "type",
            "length_km",
            "failure_rate_per_year",
            "repair_hours",
            "replacement_hours",
            "normally_open",
            "feeder",
            "r_ohm",
            "x_ohm",
            "rating",
            "tap_pu",
            "asset_id",
            "asset_class",
            "install_year");
        ReadOnlySpan<string> nodeIds = network.NodeIds;
        ReadOnlySpan<string> ids = network.EdgeIds;
        ReadOnlySpan<int> from = network.EdgeFrom;
        ReadOnlySpan<int> to = network.EdgeTo;
        ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
        ReadOnlySpan<double> length = network.LengthKm;
        ReadOnlySpan<double> rate = network.FailureRatePerYear;
        ReadOnlySpan<double> repair = network.RepairHours;
        ReadOnlySpan<double> replacement = network.ReplacementHours;
        ReadOnlySpan<bool> open = network.EdgeNormallyOpen;
        ReadOnlySpan<string?> feeder = network.EdgeFeederHint;
        ReadOnlySpan<double> r = network.ROhm;
        ReadOnlySpan<double> x = network.XOhm;
        ReadOnlySpan<double> rating = network.EdgeRating;
        ReadOnlySpan<double> tap = network.EdgeTapPu;
        ReadOnlySpan<AssetInfo> assets = network.EdgeAssets;
        for (int e = 0; e < ids.Length; e++)
        {
            csv.WriteField(ids[e]);
            csv.WriteField(nodeIds[from[e]]);
            csv.WriteField(nodeIds[to[e]]);
            csv.WriteField(kinds[e].ToSnakeCase());
            csv.WriteField(Number(length[e]));
            csv.WriteField(Number(rate[e]));
            csv.WriteField(Number(repair[e]));
            csv.WriteField(Number(replacement[e]));
            csv.WriteField(Bool(open[e]));
            csv.WriteField(feeder[e] ?? string.Empty);
            csv.WriteField(Number(r[e]));
            csv.WriteField(Number(x[e]));
            csv.WriteField(Number(rating[e]));
            csv.WriteField(kinds[e] == BranchKind.Transformer ? Number(tap[e]) : string.Empty);
            WriteAsset(csv, assets[e]);
            csv.EndRecord();
        }
    }

    private static void WriteDevices(Net network, string path)
    {
        using CsvWriter csv = Open(path);
        WriteHeader(
            csv,
            "device_id",
            "branch_id",
            "at_bus",
            "type",
            "normally_open",
            "automated",
            "operating_time_hours",
            "operating_probability",
            "asset_id",
            "asset_class",
            "install_year");
        ReadOnlySpan<string> nodeIds = network.NodeIds;
        ReadOnlySpan<string> edgeIds = network.EdgeIds;
        ReadOnlySpan<string> ids = network.DeviceIds;
        ReadOnlySpan<int> edge = network.DeviceEdge;
        ReadOnlySpan<int> node = network.DeviceNode;
        ReadOnlySpan<DeviceKind> kinds = network.DeviceKinds;
        ReadOnlySpan<bool> open = network.DeviceNormallyOpen;
        ReadOnlySpan<bool> automated = network.DeviceAutomated;
        ReadOnlySpan<double> hours = network.DeviceOperatingTimeHours;
        ReadOnlySpan<double> probability = network.DeviceOperatingProbability;
        ReadOnlySpan<AssetInfo> assets = network.DeviceAssets;
        for (int d = 0; d < ids.Length; d++)
        {
            csv.WriteField(ids[d]);
            csv.WriteField(edgeIds[edge[d]]);
            csv.WriteField(nodeIds[node[d]]);
            csv.WriteField(kinds[d].ToSnakeCase());
            csv.WriteField(Bool(open[d]));
            csv.WriteField(Bool(automated[d]));
            csv.WriteField(Number(hours[d]));
            csv.WriteField(Number(probability[d]));
            WriteAsset(csv, assets[d]);
            csv.EndRecord();
        }
    }

    private static void WriteLoadPoints(Net network, string path)
    {
        using CsvWriter csv = Open(path);
        WriteHeader(csv, "load_point_id", "bus_id", "customers", "average_load_kw", "peak_load_kw", "peak_load_kvar", "customer_type");
        ReadOnlySpan<string> nodeIds = network.NodeIds;
        ReadOnlySpan<string> ids = network.LoadPointIds;
        ReadOnlySpan<int> node = network.LoadPointNode;
        ReadOnlySpan<int> customers = network.Customers;
        ReadOnlySpan<double> average = network.AverageKw;
        ReadOnlySpan<double> peak = network.PeakKw;
        ReadOnlySpan<double> kvar = network.PeakKvar;
        ReadOnlySpan<string?> customerClass = network.CustomerClass;
        for (int l = 0; l < ids.Length; l++)
        {
            csv.WriteField(ids[l]);
            csv.WriteField(nodeIds[node[l]]);
            csv.WriteField(customers[l].ToString(CultureInfo.InvariantCulture));
            csv.WriteField(Number(average[l]));
            csv.WriteField(Number(peak[l]));
            csv.WriteField(Number(kvar[l]));
            csv.WriteField(customerClass[l] ?? string.Empty);
            csv.EndRecord();
        }
    }

    private static void WriteAsset(CsvWriter csv, in AssetInfo asset)
    {
        csv.WriteField(asset.AssetId ?? string.Empty);
        csv.WriteField(asset.AssetClass ?? string.Empty);
        csv.WriteField(asset.InstallYear == 0 ? string.Empty : asset.InstallYear.ToString(CultureInfo.InvariantCulture));
    }

    // RFC 4180 quoting as CsvHelper 33 did by default: also a value with a space (or tab) at either end, which a
    // trimming reader would otherwise lose.
    private static readonly CsvWriterOptions s_options = new()
    {
        NewLine = "\n",
        Quoting = CsvQuoting.WhenNeededOrWhitespace,
        Injection = CsvInjection.None,
    };

    private static CsvWriter Open(string path)
    {
        var writer = new StreamWriter(path, append: false, s_utf8NoBom, bufferSize: 1 << 16);
        return CsvWriter.Create(writer, s_options, leaveOpen: false);
    }

    private static void WriteHeader(CsvWriter csv, params ReadOnlySpan<string> columns)
    {
        foreach (string column in columns)
        {
            csv.WriteField(column);
        }

        csv.EndRecord();
    }

    /// <summary>Shortest round-trip text of <paramref name="value"/>; empty for NaN (unknown).</summary>
    private static string Number(double value) => double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
