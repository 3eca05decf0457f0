using System.Globalization;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow;

/// <summary>
/// Random radial networks for power-flow properties: 1–2 sources at 10 kV, random trees of lines and cables, 10/0.4 kV
/// transformers (some written from their LV end, so their impedance is referred to the downstream side), bus-ties,
/// and a scenario with ZIP loads, capacitors and off-nominal taps.
/// </summary>
internal static class RandomFeeders
{
    public static (Net Network, PowerFlowScenario Scenario) Create(int seed, int size)
    {
        var rng = new Random(seed);
        int sources = 1 + rng.Next(2);
        int n = Math.Max(size, sources + 1);
        var builder = new NetworkBuilder();
        var kv = new double[n];
        var parent = new int[n];
        for (int i = 0; i < sources; i++)
        {
            kv[i] = 10;
            builder.AddBus(new BusSpec(Id("N", i), NodeKind.Source, SourceLocation.None) { NominalKv = 10 });
        }

        var transformerEdges = new List<int>();
        int edge = 0;
        for (int i = sources; i < n; i++)
        {
            // Parents at 10 kV only, so LV buses are leaves (with an occasional LV cable below them).
            int p;
            do
            {
                p = rng.NextDouble() < 0.6 ? i - 1 : rng.Next(i);
            }
            while (kv[p] != 10 && rng.NextDouble() < 0.9);

            parent[i] = p;
            double roll = rng.NextDouble();
            bool transformer = kv[p] == 10 && roll < 0.3;
            kv[i] = transformer ? 0.4 : kv[p];
            builder.AddBus(new BusSpec(Id("N", i), NodeKind.Bus, SourceLocation.None) { NominalKv = kv[i] });
            if (transformer)
            {
                double kva = 100 + rng.Next(6) * 100;
                bool reversed = rng.Next(2) == 0;
                double sideKv = reversed ? 0.4 : 10;
                double zBase = sideKv * sideKv / (kva / 1000);
                string from = reversed ? Id("N", i) : Id("N", p);
                string to = reversed ? Id("N", p) : Id("N", i);
                builder.AddBranch(new BranchSpec(Id("E", edge), from, to, BranchKind.Transformer, SourceLocation.None)
                {
                    ROhm = 0.01 * zBase,
                    XOhm = 0.04 * zBase,
                    Rating = kva,
                });
                transformerEdges.Add(edge);
            }
            else if (roll < 0.35)
            {
                builder.AddBranch(new BranchSpec(Id("E", edge), Id("N", p), Id("N", i), BranchKind.BusTie, SourceLocation.None));
            }
            else
            {
                double km = 0.1 + rng.NextDouble();
                double scale = kv[i] == 10 ? 1 : 0.05;
                builder.AddBranch(new BranchSpec(Id("E", edge), Id("N", p), Id("N", i), rng.Next(2) == 0 ? BranchKind.OverheadLine : BranchKind.Cable, SourceLocation.None)
                {
                    LengthKm = km,
                    ROhm = (0.1 + rng.NextDouble() * 0.4) * km * scale,
                    XOhm = (0.1 + rng.NextDouble() * 0.3) * km * scale,
                    Rating = 400,
                });
            }

            edge++;
        }

        var models = new Dictionary<int, LoadModel>();
        int loadPoints = 0;
        for (int i = sources; i < n; i++)
        {
            if (rng.NextDouble() < 0.6)
            {
                double kw = kv[i] == 10 ? 20 + rng.NextDouble() * 150 : 5 + rng.NextDouble() * 60;
                builder.AddLoadPoint(new LoadPointSpec(Id("L", i), Id("N", i), SourceLocation.None)
                {
                    Customers = 1 + rng.Next(100),
                    PeakKw = kw,
                    PeakKvar = kw * (rng.NextDouble() * 0.6 - 0.1),
                });
                double z = rng.NextDouble() * 0.5;
                models[loadPoints] = new LoadModel(z, rng.NextDouble() * (1 - z));
                loadPoints++;
            }
        }

        BuildResult built = builder.Build();
        Net network = built.Network ?? throw new InvalidOperationException(string.Join("\n", built.Diagnostics));
        var scenario = new PowerFlowScenario { LoadModels = models, SourceVoltagePu = 1.0 + rng.NextDouble() * 0.05 };
        int caps = rng.Next(3);
        for (int c = 0; c < caps; c++)
        {
            scenario = scenario.WithCapacitor(new NodeIndex(rng.Next(n)), 50 + rng.Next(300));
        }

        foreach (int t in transformerEdges)
        {
            if (rng.Next(3) == 0)
            {
                scenario = scenario.WithTap(new EdgeIndex(t), 0.95 + rng.NextDouble() * 0.1);
            }
        }

        return (network, scenario);
    }

    private static string Id(string prefix, int i) => prefix + i.ToString(CultureInfo.InvariantCulture);
}
