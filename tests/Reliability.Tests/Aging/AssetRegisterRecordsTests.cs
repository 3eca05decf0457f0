using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Aging;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class AssetRegisterRecordsTests
{
    private static readonly AssetClass[] s_classes = Enum.GetValues<AssetClass>();
    private static readonly string?[] s_names = [null, "ABB", "XJ", "Siemens", "TBEA"];

    // The register keeps its columns, not the records it was built from: Records rebuilds each from them. Oracle: the
    // records given, field by field, with their readings in order and their failures oldest first, on random registers.
    [Property(MaxTest = 100)]
    public Property Records_RandomRegisters_AreTheRecordsGiven(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        int n = rng.Next(0, 40);
        var given = new List<AssetRecord>();
        var builder = new AssetRegisterBuilder();
        for (int i = 0; i < n; i++)
        {
            double Maybe(double value) => rng.Next(3) == 0 ? double.NaN : value;
            var record = new AssetRecord($"A{i}", s_classes[rng.Next(s_classes.Length)], rng.Next(1960, 2025))
            {
                ComponentId = rng.Next(2) == 0 ? null : $"B{rng.Next(100)}",
                Category = rng.Next(2) == 0 ? null : (CnaimCategory)rng.Next(0, 4),
                Manufacturer = s_names[rng.Next(s_names.Length)],
                Type = rng.Next(2) == 0 ? null : $"type {rng.Next(3)}",
                Rating = Maybe(rng.Next(1, 1000)),
                LengthKm = Maybe(rng.NextDouble() * 5),
                PoleMaterial = (PoleMaterial)rng.Next(0, 3),
                Placement = (Placement)rng.Next(0, 3),
                AltitudeM = Maybe(rng.Next(0, 3000)),
                DistanceFromCoastKm = Maybe(rng.NextDouble() * 100),
                CorrosionIndex = rng.Next(0, 6),
                UtilisationPct = Maybe(rng.NextDouble() * 120),
                OperatingVoltagePct = Maybe(90 + (rng.NextDouble() * 20)),
                ReliabilityFactor = Maybe(0.6 + (rng.NextDouble() * 0.9)),
                InspectionYear = rng.Next(2) == 0 ? 0 : rng.Next(2000, 2025),
                Conditions = [.. Enumerable.Range(0, rng.Next(3)).Select(_ => new ConditionReading((ConditionInput)rng.Next(0, 3), rng.NextDouble(), rng.NextDouble(), rng.NextDouble()))],
                Failures = [.. Enumerable.Range(0, rng.Next(4)).Select(_ => new AssetFailure(new DateOnly(rng.Next(2015, 2025), rng.Next(1, 13), 1), rng.Next(2) == 0 ? "" : "bushing"))],
            };
            given.Add(record);
            Assert.True(builder.TryAdd(record));
        }

        AssetRegister register = builder.Build();
        IReadOnlyList<ConditionReading> none = [];
        IReadOnlyList<AssetFailure> noFailures = [];
        bool same = register.Records.Count == n;
        int k = 0;
        foreach (AssetRecord rebuilt in register.Records)
        {
            AssetRecord expected = given[k++];
            same &= (rebuilt with { Conditions = none, Failures = noFailures }) == (expected with { Conditions = none, Failures = noFailures })
                && rebuilt.Conditions.SequenceEqual(expected.Conditions)
                && rebuilt.Failures.Zip(rebuilt.Failures.Skip(1)).All(p => p.First.Date <= p.Second.Date)
                && rebuilt.Failures.OrderBy(f => f.Date).ThenBy(f => f.Mode, StringComparer.Ordinal).SequenceEqual(expected.Failures.OrderBy(f => f.Date).ThenBy(f => f.Mode, StringComparer.Ordinal));
        }

        return (same && k == n).Label($"{n} records");
    }
}
