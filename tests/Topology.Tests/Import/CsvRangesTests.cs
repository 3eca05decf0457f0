using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Lumen.Topology.Tests.Demo;
using Xunit;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Import;

/// <summary>
/// Reading a CSV file in ranges side by side (<see cref="CsvRanges"/>) must give what one parser over the whole file
/// gives: the same network, array for array and line for line, and the same diagnostics in the same order.
/// </summary>
public sealed class CsvRangesTests
{
    // Three ranges of at least one character: every file of a small network is cut twice, whatever the machine's cores.
    private static readonly CsvRanges s_split = new(3, 1);

    private static readonly string[] s_files =
        [LumenCsvImporter.BusesFile, LumenCsvImporter.BranchesFile, LumenCsvImporter.DevicesFile, LumenCsvImporter.LoadPointsFile];

    private static readonly string[] s_badValues = ["abc", "", "-5", "1e999", "no-such-bus", "2.5.1", "true"];

    [Property(MaxTest = 30)]
    public Property Import_InRanges_SameNetworkAndDiagnosticsAsOneRange(int seed, ushort extra, byte badRows, bool quoted)
    {
        Net network = DemoNetworkGenerator.Generate(DemoNetworkGenerator.MinimumNodeCount + (extra % 1_500), seed).Build().Network!;
        using var folder = new TempFolder();
        LumenCsvWriter.Write(network, folder.Path);
        Spoil(folder.Path, new Random(seed), badRows % 6, quoted);

        NetworkImportResult one = LumenCsvImporter.Import(folder.Path, null, CsvRanges.One);
        NetworkImportResult split = LumenCsvImporter.Import(folder.Path, null, s_split);

        Assert.Equal(one.Diagnostics.Select(d => d.ToString()), split.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(one.Succeeded, split.Succeeded);
        Same(one.Network, split.Network);
        Same(one.Draft, split.Draft);
        return true.ToProperty();
    }

    [Fact]
    public void Import_InRanges_ErrorsNameTheirLinesInEveryRange()
    {
        using var folder = new TempFolder();
        LumenCsvWriter.Write(DemoNetworkGenerator.Generate(DemoNetworkGenerator.MinimumNodeCount, 3).Build().Network!, folder.Path);
        string path = Path.Combine(folder.Path, LumenCsvImporter.BranchesFile);
        List<string> lines = [.. File.ReadAllLines(path)];
        int[] bad = [2, lines.Count / 2, lines.Count - 1];
        foreach (int line in bad)
        {
            string[] fields = lines[line].Split(',');
            fields[4] = "abc";
            lines[line] = string.Join(',', fields);
        }

        File.WriteAllLines(path, lines);

        NetworkImportResult split = LumenCsvImporter.Import(folder.Path, null, s_split);

        Assert.Equal(bad.Select(i => $"{LumenCsvImporter.BranchesFile}:{i + 1}"), split.Errors.Select(d => d.Location.ToString()));
        Assert.All(split.Errors, d => Assert.Equal("length_km", d.Field));
    }

    [Fact]
    public void Import_NonAsciiTextWithByteOrderMark_ReadBackExactlyInRanges()
    {
        // Feeder names of 2-, 3- and 4-byte UTF-8 characters (a surrogate pair in UTF-16) and a byte order mark: each range
        // reads its own part of the bytes, and the cells are decoded from UTF-8 as they are read.
        using var folder = new TempFolder();
        Net network = DemoNetworkGenerator.Generate(DemoNetworkGenerator.MinimumNodeCount, 4).Build().Network!;
        LumenCsvWriter.Write(network, folder.Path);
        string path = Path.Combine(folder.Path, LumenCsvImporter.BranchesFile);
        string[] lines = File.ReadAllLines(path);
        int feeder = Array.IndexOf(lines[0].Split(','), "feeder");
        const string Prefix = "é馈线𝄞𝄞𝄞";
        for (int i = 1; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            fields[feeder] = fields[feeder].Length == 0 ? string.Empty : string.Concat(Enumerable.Repeat(Prefix, i % 7)) + fields[feeder];
            lines[i] = string.Join(',', fields);
        }

        File.WriteAllText(path, string.Join('\n', lines) + "\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        NetworkImportResult one = LumenCsvImporter.Import(folder.Path, null, CsvRanges.One);
        NetworkImportResult split = LumenCsvImporter.Import(folder.Path, null, s_split);

        Assert.Empty(one.Diagnostics);
        for (int e = 0; e < network.EdgeCount; e++)
        {
            string? original = network.EdgeFeederHint[e];
            Assert.Equal(original is null ? null : string.Concat(Enumerable.Repeat(Prefix, (e + 1) % 7)) + original, one.Network!.EdgeFeederHint[e]);
        }

        Same(one.Network, split.Network);
    }

    [Theory]
    [InlineData("h\na\nb\nc\nd\n", 3, new[] { 2, 6, 8, 10 })]
    [InlineData("h\r\na\r\nb\r\nc\r\n", 2, new[] { 3, 9, 12 })]
    [InlineData("h\na\n\"b\nc\"\nd\n", 3, new[] { 2, 12 })]
    [InlineData("h\ra\rb\rc\r", 3, new[] { 2, 8 })]
    [InlineData("h\n", 3, new[] { 2, 2 })]
    public void Cut_AtLineEnds_OneRangeWhenAQuoteOrALoneCarriageReturnCouldHideALine(string text, int ranges, int[] expected)
    {
        Assert.Equal(expected, new CsvRanges(ranges, 1).Cut<char>(text, text.IndexOf('a') is int a and >= 0 ? a : text.Length));
    }

    // Bad rows of every kind the importer reports, inserted among good ones, and good rows removed (so that references
    // dangle); with quoted, a quoted value holding a line break too (which must send its file to one range).
    internal static void Spoil(string folder, Random random, int count, bool quoted)
    {
        for (int k = 0; k < count + (quoted ? 1 : 0); k++)
        {
            string path = Path.Combine(folder, s_files[random.Next(s_files.Length)]);
            List<string> lines = [.. File.ReadAllLines(path)];
            if (lines.Count < 3)
            {
                continue;
            }

            int at = random.Next(1, lines.Count);
            string[] fields = lines[random.Next(1, lines.Count)].Split(',');
            int field = random.Next(1, fields.Length);
            switch (k >= count ? -1 : random.Next(5))
            {
                case -1:
                    fields[field] = "\"two\nlines\"";
                    lines.Insert(at, string.Join(',', fields));
                    break;
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, string.Join(',', fields.Take(field)));
                    break;
                case 2:
                    lines.Insert(at, string.Empty);
                    break;
                default:
                    fields[0] = random.Next(2) == 0 ? fields[0] : $"bad-{k}";
                    fields[field] = s_badValues[random.Next(s_badValues.Length)];
                    lines.Insert(at, string.Join(',', fields));
                    break;
            }

            File.WriteAllText(path, string.Join('\n', lines) + "\n");
        }
    }

    internal static void Same(Net? one, Net? split)
    {
        Assert.Equal(one is null, split is null);
        if (one is null || split is null)
        {
            return;
        }

        NetworkAssert.Same(one, split);
        Assert.Equal(one.Data.NodeLocations, split.Data.NodeLocations);
        Assert.Equal(one.Data.EdgeLocations, split.Data.EdgeLocations);
        Assert.Equal(one.Data.NodeByName, split.Data.NodeByName);
        Assert.Equal(one.Data.EdgeByName, split.Data.EdgeByName);
        Assert.Equal(one.Data.DeviceByName, split.Data.DeviceByName);
        Assert.Equal(one.Data.LoadPointByName, split.Data.LoadPointByName);
    }
}
