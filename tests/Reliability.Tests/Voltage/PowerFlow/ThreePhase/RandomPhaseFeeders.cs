using System.Numerics;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Topology.Phases;

namespace Lumen.Reliability.Tests.Voltage.PowerFlow.ThreePhase;

/// <summary>
/// Random unbalanced radial feeders at 12.47 kV for the three-phase property tests: a three-phase trunk with two- and
/// single-phase laterals (each a subset of its parent's phases), coupled R/X/C matrices, wye and delta ZIP loads on
/// random phases, and three-phase capacitor banks.
/// </summary>
internal static class RandomPhaseFeeders
{
    private const double Kv = 12.47;

    public static PhaseNetwork Create(int seed, int size)
    {
        var rng = new Random(seed);
        int n = Math.Max(2, size);
        var ids = new List<string>();
        var baseKv = new List<double>();
        var phases = new int[n][];
        var lines = new List<PhaseLine>();
        var loads = new List<PhaseLoad>();
        var capacitors = new List<PhaseCapacitor>();
        ids.Add("s");
        baseKv.Add(Kv);
        phases[0] = [1, 2, 3];
        for (int i = 1; i < n; i++)
        {
            int parent = i == 1 ? 0 : rng.NextDouble() < 0.6 ? i - 1 : 1 + rng.Next(i - 1);
            int[] available = phases[parent];
            phases[i] = available.Length == 1 || rng.NextDouble() < 0.6 ? available : Subset(rng, available);
            ids.Add("b" + i);
            baseKv.Add(Kv);
            double km = 0.2 + (rng.NextDouble() * 1.5);
            lines.Add(new PhaseLine("line.l" + i, parent, i, phases[i], phases[i], Impedance(rng, phases[i].Length, km), Shunt(rng, phases[i].Length, km)));
            foreach (int phase in phases[i])
            {
                if (rng.NextDouble() < 0.5)
                {
                    double kw = 10 + (rng.NextDouble() * 150);
                    loads.Add(new PhaseLoad($"w{i}{phase}", i, [phase, 0], PhaseConnection.Wye, 1, kw, kw * rng.NextDouble() * 0.6, Kv / Math.Sqrt(3), Zip(rng), null));
                }
            }

            if (phases[i].Length >= 2 && rng.NextDouble() < 0.4)
            {
                double kw = 20 + (rng.NextDouble() * 150);
                int[] pair = [phases[i][0], phases[i][1]];
                loads.Add(new PhaseLoad($"d{i}", i, pair, PhaseConnection.Delta, 1, kw, kw * 0.4, Kv, Zip(rng), null));
            }

            if (phases[i].Length == 3 && rng.NextDouble() < 0.25)
            {
                double kw = 50 + (rng.NextDouble() * 300);
                loads.Add(new PhaseLoad($"t{i}", i, [1, 2, 3], PhaseConnection.Delta, 3, kw, kw * 0.5, Kv, Zip(rng), null));
            }

            if (phases[i].Length == 3 && rng.NextDouble() < 0.15)
            {
                capacitors.Add(new PhaseCapacitor($"capacitor.c{i}", i, [1, 2, 3, 0], PhaseConnection.Wye, 3, 150 + rng.Next(4) * 150, Kv));
            }
        }

        var source = new PhaseSource(0, Kv, 1.0 + (rng.NextDouble() * 0.05), 0, new Complex(0.2, 1.2), new Complex(0.4, 3.0));
        return new PhaseNetwork(ids, baseKv, source, lines, [], loads, capacitors, []);
    }

    private static int[] Subset(Random rng, int[] available)
    {
        int count = 1 + rng.Next(available.Length - 1);
        return [.. available.OrderBy(_ => rng.Next()).Take(count).Order()];
    }

    private static ZipShares Zip(Random rng)
    {
        double z = rng.NextDouble() * 0.5;
        double i = rng.NextDouble() * (1 - z);
        return rng.Next(3) switch
        {
            0 => ZipShares.ConstantPower,
            1 => new ZipShares(z, i, 1 - z - i, z, i, 1 - z - i),
            _ => new ZipShares(0, 1, 0, 1, 0, 0),
        };
    }

    /// <summary>A symmetric, diagonally dominant phase impedance matrix (ohm) of an overhead line.</summary>
    private static Complex[] Impedance(Random rng, int n, double km)
    {
        var z = new Complex[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                Complex value = i == j
                    ? new Complex(0.2 + (rng.NextDouble() * 0.4), 0.6 + (rng.NextDouble() * 0.6))
                    : new Complex(0.05 + (rng.NextDouble() * 0.05), 0.2 + (rng.NextDouble() * 0.2));
                z[(i * n) + j] = value * km;
                z[(j * n) + i] = value * km;
            }
        }

        return z;
    }

    private static Complex[] Shunt(Random rng, int n, double km)
    {
        double omega = 2 * Math.PI * 60 * 1e-9;
        var y = new Complex[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double nf = i == j ? 8 + (rng.NextDouble() * 4) : -2.5;
                y[(i * n) + j] = new Complex(0, omega * nf * km);
            }
        }

        return y;
    }
}
