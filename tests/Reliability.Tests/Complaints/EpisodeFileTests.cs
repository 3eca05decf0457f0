using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Complaints;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Complaints;

/// <summary>The episodes file <see cref="EpisodeWriter"/> writes reads back through <see cref="EpisodeImporter"/> unchanged.</summary>
public sealed class EpisodeFileTests
{
    // Characters that need quoting, a leading spreadsheet-formula sign, CJK: ids must come back exactly as written.
    private const string IdChars = "AZaz09,\"=-+@;'区线变";

    [Property(MaxTest = 200)]
    public Property WrittenEpisodes_ReadBack_AreTheSame(PositiveInt seed, byte count)
    {
        var random = new Random(seed.Get);
        string Id() => new([.. Enumerable.Range(0, 1 + random.Next(6)).Select(_ => IdChars[random.Next(IdChars.Length)])]);
        var base0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        Episode[] episodes = [.. Enumerable.Range(0, count % 20).Select(_ =>
        {
            DateTimeOffset start = base0.AddSeconds(random.Next(0, 30_000_000)).ToOffset(TimeSpan.FromMinutes(15 * random.Next(-48, 57)));
            return new Episode(Id(), random.Next(2) == 0 ? "low_voltage" : "outage", Id(), start, start.AddSeconds(random.Next(0, 400_000)));
        })];
        string path = Path.Combine(Path.GetTempPath(), $"lumen-episodes-{Guid.NewGuid():N}.csv");
        try
        {
            EpisodeWriter.Write(path, episodes);
            (IReadOnlyList<Episode> read, IReadOnlyList<Diagnostic> diagnostics) = EpisodeImporter.Import(path);
            return (diagnostics.Count == 0 && read.SequenceEqual(episodes, EpisodeComparer.Instance)).ToProperty()
                .Label(string.Join(" | ", diagnostics.Select(d => d.ToString())));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // DateTimeOffset's equality ignores the offset; the file keeps it, so the comparison does too.
    private sealed class EpisodeComparer : IEqualityComparer<Episode>
    {
        public static readonly EpisodeComparer Instance = new();

        public bool Equals(Episode? a, Episode? b) => a is not null && b is not null && a.Id == b.Id && a.Kind == b.Kind
            && a.AreaId == b.AreaId && a.Start.EqualsExact(b.Start) && a.End.EqualsExact(b.End);

        public int GetHashCode(Episode e) => e.Id.GetHashCode(StringComparison.Ordinal);
    }
}
