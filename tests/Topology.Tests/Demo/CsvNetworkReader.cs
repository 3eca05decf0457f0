using System.Globalization;
using CsvHelper;
using Lumen.Topology.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>
/// A deliberately small reader of the Lumen network folder (docs/formats.md), written straight from the format
/// document with CsvHelper, so that <c>LumenCsvWriter</c> is tested against the documented format rather than against
/// its own assumptions. Columns it does not know are ignored; malformed values throw.
/// </summary>
internal static class CsvNetworkReader
{
    public static NetworkBuilder Read(string folder)
    {
        var builder = new NetworkBuilder();
        ForEachRow(Path.Combine(folder, "buses.csv"), csv =>
        {
            string kind = csv.GetString("kind");
            builder.AddBus(new BusSpec(csv.GetString("bus_id"), kind == "source" ? NodeKind.Source : NodeKind.Bus, SourceLocation.None)
            {
                NominalKv = Double(csv, "nominal_kv", double.NaN),
                X = Double(csv, "x", double.NaN),
                Y = Double(csv, "y", double.NaN),
            });
        });
        ForEachRow(Path.Combine(folder, "branches.csv"), csv =>
        {
            Assert(KindExtensions.TryParseBranchKind(csv.GetString("type"), out BranchKind kind));
            builder.AddBranch(new BranchSpec(csv.GetString("branch_id"), csv.GetString("from_bus"), csv.GetString("to_bus"), kind, SourceLocation.None)
            {
                LengthKm = Double(csv, "length_km", 0),
                FailureRatePerYear = Double(csv, "failure_rate_per_year", 0),
                RepairHours = Double(csv, "repair_hours", 0),
                ReplacementHours = Double(csv, "replacement_hours", double.NaN),
                NormallyOpen = Bool(csv, "normally_open"),
                Feeder = Text(csv, "feeder"),
                ROhm = Double(csv, "r_ohm", 0),
                XOhm = Double(csv, "x_ohm", 0),
                Rating = Double(csv, "rating", double.NaN),
                TapPu = Double(csv, "tap_pu", 1.0),
                Asset = Asset(csv),
            });
        });
        ForEachRow(Path.Combine(folder, "devices.csv"), csv =>
        {
            Assert(KindExtensions.TryParseDeviceKind(csv.GetString("type"), out DeviceKind kind));
            builder.AddDevice(new DeviceSpec(csv.GetString("device_id"), csv.GetString("branch_id"), csv.GetString("at_bus"), kind, SourceLocation.None)
            {
                NormallyOpen = Bool(csv, "normally_open"),
                Automated = Bool(csv, "automated"),
                OperatingTimeHours = Double(csv, "operating_time_hours", double.NaN),
                OperatingProbability = Double(csv, "operating_probability", 1.0),
                Asset = Asset(csv),
            });
        });
        ForEachRow(Path.Combine(folder, "load_points.csv"), csv =>
        {
            string? customers = Text(csv, "customers");
            builder.AddLoadPoint(new LoadPointSpec(csv.GetString("load_point_id"), csv.GetString("bus_id"), SourceLocation.None)
            {
                Customers = customers is null ? 0 : int.Parse(customers, CultureInfo.InvariantCulture),
                AverageKw = Double(csv, "average_load_kw", 0),
                PeakKw = Double(csv, "peak_load_kw", 0),
                PeakKvar = Double(csv, "peak_load_kvar", 0),
                CustomerClass = Text(csv, "customer_type"),
            });
        });
        return builder;
    }

    private static void ForEachRow(string path, Action<CsvReader> row)
    {
        using CsvReader csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',' });
        while (csv.Read())
        {
            row(csv);
        }
    }

    private static string? Text(CsvReader csv, string column)
    {
        string value = csv.GetString(column);
        return value.Length == 0 ? null : value;
    }

    private static double Double(CsvReader csv, string column, double empty)
    {
        string? value = Text(csv, column);
        return value is null ? empty : double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static bool Bool(CsvReader csv, string column) => Text(csv, column) is "true" or "1" or "yes";

    private static AssetInfo Asset(CsvReader csv)
    {
        string? year = Text(csv, "install_year");
        return new AssetInfo(Text(csv, "asset_id"), Text(csv, "asset_class"), year is null ? 0 : int.Parse(year, CultureInfo.InvariantCulture));
    }

    private static void Assert(bool condition)
    {
        if (!condition)
        {
            throw new FormatException("unknown type");
        }
    }
}
