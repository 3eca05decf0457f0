using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Investment;

public sealed class EditedNetworkTests
{
    // A part is built straight from the network's arrays; oracle: the same part through NetworkBuilder, every column of
    // every element equal (or both refusing the edits), on random demo networks, random parts, random projects of every
    // kind (with some broken ones a planner could write) in a random aged and grown year.
    [Property(MaxTest = 8)]
    public Property DirectPart_RandomDemoNetworksAndEdits_IsTheNetworkBuildersPart(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        (Network network, AssetRiskResult assets, IReadOnlyList<Candidate> candidates) = RandomDemoPlan.Of(rng, seed.Get, 300, 900, 100);
        PlanYear? year = rng.Next(3) == 0 ? null : PlanYear.Of(network, rng.Next(1, 5), new Dictionary<string, FeederGrowth>(), rng.Next(3) * 10, assets);
        var index = new FeederElements(network);
        int feeders = network.Normal.FeederNames.Length;
        int built = 0;
        int refused = 0;
        for (int trial = 0; trial < 30; trial++)
        {
            List<ProjectEdit> edits = [.. candidates.Where(_ => rng.NextDouble() < 0.08).SelectMany(c => c.Edits)];
            if (rng.Next(4) == 0)
            {
                edits.Add(Broken(network, rng));
            }

            int[] part = [.. Enumerable.Range(0, feeders).Where(_ => rng.NextDouble() < 0.5).DefaultIfEmpty(0)];
            (EditedNetwork? direct, string? directError) = Build(() => EditedNetwork.Build(network, part, edits, index, year));
            (EditedNetwork? builder, string? builderError) = Build(() => EditedNetwork.Build(network, part, edits, index, year, direct: false));
            if (builder is null || direct is null)
            {
                if (builderError != directError)
                {
                    return false.Label($"trial {trial}: builder {builderError ?? "built"}, direct {directError ?? "built"}");
                }

                refused++;
                continue;
            }

            built++;
            if (Difference(builder, direct) is string difference)
            {
                return false.Label($"trial {trial}: {difference}");
            }
        }

        return (built > 0).Label($"{built} parts built, {refused} refused");
    }

    private static (EditedNetwork? Network, string? Error) Build(Func<EditedNetwork> build)
    {
        try
        {
            return (build(), null);
        }
        catch (InvalidOperationException e)
        {
            return (null, e.Message);
        }
    }

    // An edit the builder refuses: a tie from a bus to itself, a tap out of range, a device at a bus off its branch, a
    // reconductoring with an implausible resistance, a tie or device with the id of a branch or device of the part.
    private static ProjectEdit Broken(Network network, Random rng)
    {
        int e = rng.Next(network.EdgeCount);
        string bus = network.NodeIds[network.EdgeFrom[e]];
        var conductor = new ConductorType("X", BranchKind.OverheadLine, 1e7, 0.3, 400, 0.05, 4);
        return rng.Next(6) switch
        {
            0 => new NewTie("T-self", bus, bus, 1, conductor with { ROhmPerKm = 0.2 }, false),
            1 => new SetTap(network.EdgeIds[e], 1.5),
            2 => new NewDevice("D-off", network.EdgeIds[e], network.NodeIds[(network.EdgeTo[e] + 1) % network.NodeCount], DeviceKind.Disconnector, false),
            3 => new NewTie(network.EdgeIds[e], bus, network.NodeIds[network.EdgeTo[e]], 1, conductor with { ROhmPerKm = 0.2 }, false),
            4 when network.DeviceCount > 0 => new NewDevice(network.DeviceIds[rng.Next(network.DeviceCount)], network.EdgeIds[e], bus, DeviceKind.Disconnector, false),
            _ => new NewConductor(network.EdgeIds[e], conductor),
        };
    }

    private static string? Difference(EditedNetwork a, EditedNetwork b)
    {
        Network x = a.Network;
        Network y = b.Network;
        var checks = new (string Name, bool Same)[]
        {
            ("node ids", x.NodeIds.SequenceEqual(y.NodeIds)), ("node kinds", x.NodeKinds.SequenceEqual(y.NodeKinds)), ("nominal kV", Same(x.NominalKv, y.NominalKv)),
            ("x", Same(x.NodeX, y.NodeX)), ("y", Same(x.NodeY, y.NodeY)), ("edge ids", x.EdgeIds.SequenceEqual(y.EdgeIds)), ("from", x.EdgeFrom.SequenceEqual(y.EdgeFrom)),
            ("to", x.EdgeTo.SequenceEqual(y.EdgeTo)), ("edge kinds", x.EdgeKinds.SequenceEqual(y.EdgeKinds)), ("length", Same(x.LengthKm, y.LengthKm)),
            ("failure rate", Same(x.FailureRatePerYear, y.FailureRatePerYear)), ("repair", Same(x.RepairHours, y.RepairHours)), ("replacement", Same(x.ReplacementHours, y.ReplacementHours)),
            ("open", x.EdgeNormallyOpen.SequenceEqual(y.EdgeNormallyOpen)), ("r", Same(x.ROhm, y.ROhm)), ("x ohm", Same(x.XOhm, y.XOhm)), ("rating", Same(x.EdgeRating, y.EdgeRating)),
            ("tap", Same(x.EdgeTapPu, y.EdgeTapPu)), ("feeder hint", x.EdgeFeederHint.SequenceEqual(y.EdgeFeederHint)), ("edge assets", x.EdgeAssets.SequenceEqual(y.EdgeAssets)),
            ("device ids", x.DeviceIds.SequenceEqual(y.DeviceIds)), ("device edge", x.DeviceEdge.SequenceEqual(y.DeviceEdge)), ("device node", x.DeviceNode.SequenceEqual(y.DeviceNode)),
            ("device kinds", x.DeviceKinds.SequenceEqual(y.DeviceKinds)), ("device open", x.DeviceNormallyOpen.SequenceEqual(y.DeviceNormallyOpen)),
            ("automated", x.DeviceAutomated.SequenceEqual(y.DeviceAutomated)), ("operating time", Same(x.DeviceOperatingTimeHours, y.DeviceOperatingTimeHours)),
            ("operating probability", Same(x.DeviceOperatingProbability, y.DeviceOperatingProbability)), ("device assets", x.DeviceAssets.SequenceEqual(y.DeviceAssets)),
            ("load ids", x.LoadPointIds.SequenceEqual(y.LoadPointIds)), ("load node", x.LoadPointNode.SequenceEqual(y.LoadPointNode)), ("customers", x.Customers.SequenceEqual(y.Customers)),
            ("average kW", Same(x.AverageKw, y.AverageKw)), ("peak kW", Same(x.PeakKw, y.PeakKw)), ("peak kvar", Same(x.PeakKvar, y.PeakKvar)), ("class", x.CustomerClass.SequenceEqual(y.CustomerClass)),
            ("sources", x.Sources.SequenceEqual(y.Sources)), ("feeders", x.Normal.FeederNames.SequenceEqual(y.Normal.FeederNames)),
            ("capacitors", a.CapacitorKvar.Count == b.CapacitorKvar.Count && a.CapacitorKvar.All(kv => b.CapacitorKvar.TryGetValue(kv.Key, out double v) && v.Equals(kv.Value))),
            ("lookups by id", FindsEveryId(x) && FindsEveryId(y)),
        };
        string[] differing = [.. checks.Where(c => !c.Same).Select(c => c.Name)];
        return differing.Length == 0 ? null : string.Join(", ", differing);

        // Each id finds its own element, and an id of no element finds nothing.
        static bool FindsEveryId(Network n)
        {
            for (int i = 0; i < n.NodeCount; i++)
            {
                if (!n.TryGetNode(n.NodeIds[i], out NodeIndex v) || v.Value != i)
                {
                    return false;
                }
            }

            for (int i = 0; i < n.EdgeCount; i++)
            {
                if (!n.TryGetEdge(n.EdgeIds[i], out EdgeIndex e) || e.Value != i)
                {
                    return false;
                }
            }

            for (int i = 0; i < n.DeviceCount; i++)
            {
                if (!n.TryGetDevice(n.DeviceIds[i], out DeviceIndex d) || d.Value != i)
                {
                    return false;
                }
            }

            for (int i = 0; i < n.LoadPointCount; i++)
            {
                if (!n.TryGetLoadPoint(n.LoadPointIds[i], out int l) || l != i)
                {
                    return false;
                }
            }

            return !n.TryGetNode("no such id", out _) && !n.TryGetEdge("no such id", out _) && !n.TryGetDevice("no such id", out _) && !n.TryGetLoadPoint("no such id", out _);
        }

        // Bit for bit, NaN equal to NaN.
        static bool Same(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
        {
            if (p.Length != q.Length)
            {
                return false;
            }

            for (int i = 0; i < p.Length; i++)
            {
                if (!p[i].Equals(q[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
