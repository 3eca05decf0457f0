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
/// The importer reads the buses (then the branches) first, indexes their ids once (<see cref="IdIndex"/>), lets the files read
/// after them name a bus (a branch) by the id's own string and hands the indices to the builder. None of that may change what
/// an import gives, whether every row shares the ids or only those read once the index is ready: the oracle is the same
/// import with every row keeping its own copies and the builder indexing the ids.
/// </summary>
public sealed class IdSharingTests
{
    private static readonly CsvRanges s_split = new(3, 1);

    [Property(MaxTest = 30)]
    public Property Import_SharingIds_SameNetworkAndDiagnosticsAsRowsOwnCopies(int seed, ushort extra, byte badRows, bool quoted)
    {
        Net network = DemoNetworkGenerator.Generate(DemoNetworkGenerator.MinimumNodeCount + (extra % 1_000), seed).Build().Network!;
        using var folder = new TempFolder();
        LumenCsvWriter.Write(network, folder.Path);
        var random = new Random(seed);
        SpoilIds(folder.Path, random, badRows % 5);
        CsvRangesTests.Spoil(folder.Path, random, badRows % 5, quoted);

        foreach (CsvRanges ranges in (CsvRanges[])[CsvRanges.One, s_split])
        {
            NetworkImportResult own = LumenCsvImporter.Import(folder.Path, null, ranges, IdSharing.Off);
            foreach (IdSharing sharing in (IdSharing[])[IdSharing.BeforeNextFile, IdSharing.BesideNextFile])
            {
                NetworkImportResult shared = LumenCsvImporter.Import(folder.Path, null, ranges, sharing);

                Assert.Equal(own.Diagnostics.Select(d => d.ToString()), shared.Diagnostics.Select(d => d.ToString()));
                Assert.Equal(own.Succeeded, shared.Succeeded);
                CsvRangesTests.Same(own.Network, shared.Network);
                CsvRangesTests.Same(own.Draft, shared.Draft);
            }
        }

        return true.ToProperty();
    }

    [Property(MaxTest = 100)]
    public Property Find_GivesTheIdsOwnStringWhenAnElementHasIt_ElseNull(int seed, byte count, byte span)
    {
        var random = new Random(seed);
        string[] names = [.. Enumerable.Range(0, 1 + (count % 40)).Select(_ => random.Next(4) == 0 ? " " : $"b{random.Next(30)}")];
        IdIndex index = IdIndex.Of<string>(names, static n => n);
        int last = random.Next(-1, names.Length + 2);
        for (int k = 0; k < 50; k++)
        {
            // A name as the characters of a row's cell, not a string.
            string name = $"b{random.Next(40)}";
            int before = last;
            string? found = index.Find(name.ToCharArray(), ref last, span % 5);

            int first = Array.IndexOf(names, name);
            if (first < 0)
            {
                Assert.Null(found);
                Assert.Equal(before, last);
            }
            else
            {
                Assert.Equal(name, found);
                Assert.Same(names[last], found);
                Assert.Equal(name, names[last]);
                Assert.Equal(first, index.ByName[name]);
            }
        }

        // Duplicates: every later position of an id, in order, with the first one's position.
        var expected = names.Select((n, i) => (n, i)).Where(p => !string.IsNullOrWhiteSpace(p.n) && Array.IndexOf(names, p.n) < p.i)
            .Select(p => (p.i, Array.IndexOf(names, p.n)));
        Assert.Equal(expected, index.Duplicates);
        return true.ToProperty();
    }

    // Bus and branch rows copied (a duplicate id, with its own values), blanked (an empty id) or renamed (so that
    // references to the old id dangle, or to a case-only variant of it).
    private static void SpoilIds(string folder, Random random, int count)
    {
        for (int k = 0; k < count; k++)
        {
            string path = Path.Combine(folder, random.Next(2) == 0 ? LumenCsvImporter.BusesFile : LumenCsvImporter.BranchesFile);
            List<string> lines = [.. File.ReadAllLines(path)];
            if (lines.Count < 3)
            {
                continue;
            }

            int at = random.Next(1, lines.Count);
            string[] fields = lines[random.Next(1, lines.Count)].Split(',');
            switch (random.Next(3))
            {
                case 0:
                    lines.Insert(at, string.Join(',', fields));
                    break;
                case 1:
                    fields[0] = string.Empty;
                    lines.Insert(at, string.Join(',', fields));
                    break;
                default:
                    string[] renamed = lines[at].Split(',');
                    renamed[0] = random.Next(2) == 0 ? renamed[0].ToUpperInvariant() : renamed[0] + "-x";
                    lines[at] = string.Join(',', renamed);
                    break;
            }

            File.WriteAllText(path, string.Join('\n', lines) + "\n");
        }
    }
}
