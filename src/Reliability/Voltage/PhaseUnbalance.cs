using System.Numerics;
using Lumen.Reliability.Voltage.PowerFlow.ThreePhase;
using Lumen.Topology.Phases;

namespace Lumen.Reliability.Voltage;

/// <summary>
/// Three-phase current unbalance of a distribution transformer (配变三相负荷不平衡度) and the transformer that supplies
/// each customer of a phase model.
/// </summary>
/// <remarks>
/// <para>Formula: ε = (I<sub>max</sub> − I<sub>min</sub>) / I<sub>max</sub> × 100 % over the three phase currents of
/// the transformer's low-voltage side. Default limit 15 %, the figure State Grid operating practice applies to Yyn0
/// distribution transformers (Q/GDW 1519-2014 《配电网运维规程》, carried over from SD 292-1988 《架空配电线路及设备运行规程》;
/// Dyn11 units are allowed 25 %). The formula and the 15 % figure are as quoted by secondary sources; the standards'
/// own text could not be checked here, so the limit is a parameter.</para>
/// <para>Stateless and thread-safe.</para>
/// </remarks>
public static class PhaseUnbalance
{
    /// <summary>Default limit of the current unbalance, % (Yyn0; see the type remarks).</summary>
    public const double DefaultLimitPercent = 15;

    /// <summary>(I<sub>max</sub> − I<sub>min</sub>) / I<sub>max</sub> × 100 of three phase currents; 0 when all are zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A current is negative or not finite.</exception>
    public static double CurrentUnbalancePercent(double ia, double ib, double ic)
    {
        foreach (double i in (ReadOnlySpan<double>)[ia, ib, ic])
        {
            if (!(i >= 0) || !double.IsFinite(i))
            {
                throw new ArgumentOutOfRangeException(nameof(ia), i, "phase currents must be non-negative numbers");
            }
        }

        double max = Math.Max(ia, Math.Max(ib, ic));
        double min = Math.Min(ia, Math.Min(ib, ic));
        return max > 0 ? 100 * (max - min) / max : 0;
    }

    /// <summary>
    /// The three-phase transformers whose low-voltage winding feeds a four-wire (wye) side: the distribution
    /// transformers whose unbalance is judged. Index into <see cref="PhaseNetwork.Transformers"/>.
    /// </summary>
    public static IReadOnlyList<int> DistributionTransformers(PhaseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var list = new List<int>();
        for (int t = 0; t < network.Transformers.Count; t++)
        {
            PhaseTransformer transformer = network.Transformers[t];
            PhaseWinding low = transformer.Windings[^1];
            if (transformer.Phases == 3 && low.Connection == PhaseConnection.Wye && low.Kv < 1)
            {
                list.Add(t);
            }
        }

        return list;
    }

    /// <summary>
    /// For each bus, the distribution transformer (index into <see cref="PhaseNetwork.Transformers"/>) whose
    /// low-voltage side reaches it through lines alone; -1 when none does. O(buses + lines).
    /// </summary>
    public static int[] SupplyingTransformer(PhaseNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int n = network.BusCount;
        var start = new int[n + 1];
        foreach (PhaseLine line in network.Lines)
        {
            start[line.FromBus + 1]++;
            start[line.ToBus + 1]++;
        }

        for (int i = 0; i < n; i++)
        {
            start[i + 1] += start[i];
        }

        var fill = (int[])start.Clone();
        var neighbour = new int[start[n]];
        foreach (PhaseLine line in network.Lines)
        {
            neighbour[fill[line.FromBus]++] = line.ToBus;
            neighbour[fill[line.ToBus]++] = line.FromBus;
        }

        var owner = new int[n];
        Array.Fill(owner, -1);
        var queue = new Queue<int>();
        foreach (int t in DistributionTransformers(network))
        {
            int bus = network.Transformers[t].Windings[^1].Bus;
            if (owner[bus] < 0)
            {
                owner[bus] = t;
                queue.Enqueue(bus);
            }
        }

        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            for (int k = start[v]; k < start[v + 1]; k++)
            {
                int w = neighbour[k];
                if (owner[w] < 0)
                {
                    owner[w] = owner[v];
                    queue.Enqueue(w);
                }
            }
        }

        return owner;
    }

    /// <summary>
    /// Phase current magnitudes (A) and loading (% of rated kVA) of the low-voltage side of <paramref name="transformer"/>
    /// in the solver's current state.
    /// </summary>
    public static (double Ia, double Ib, double Ic, double LoadingPercent) LowSide(ThreePhasePowerFlow solver, int transformer)
    {
        ArgumentNullException.ThrowIfNull(solver);
        PhaseTransformer t = solver.Network.Transformers[transformer];
        int winding = t.Windings.Count - 1;
        Span<Complex> currents = stackalloc Complex[3];
        solver.WindingCurrents(transformer, winding, currents);
        PhaseWinding low = t.Windings[winding];
        double kva = 0;
        for (int p = 0; p < t.Phases; p++)
        {
            Complex v = Node(solver, low.Bus, low.Nodes[p]) - Node(solver, low.Bus, low.Nodes[t.Phases]);
            kva += v.Magnitude * currents[p].Magnitude / 1000;
        }

        return (currents[0].Magnitude, currents[1].Magnitude, currents[2].Magnitude, 100 * kva / low.Kva);
    }

    private static Complex Node(ThreePhasePowerFlow solver, int bus, int node) => node is >= 1 and <= 3 ? solver.Voltage(bus, node - 1) : Complex.Zero;
}
