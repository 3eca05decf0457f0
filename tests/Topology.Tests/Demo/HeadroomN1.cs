using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Topology.Tests.Demo;

/// <summary>
/// A head-room N-1 check of every feeder, to see whether the demo's ties give a plausible pass rate; not Lumen's N-1
/// engine. A feeder passes when, for the outage of its head section and of every trunk section (a segment entered
/// through a sectionalising switch, or one with a tie below it), all load below the outaged section that a tie can
/// reach is handed over within the receiving feeders' head ratings: to one tie whole, or split at one switch between
/// two ties. Load below a trunk section that no tie reaches fails the feeder; branch lines behind a fuse or branch
/// breaker go with their section. Load is the load points' apparent power at peak (losses ignored); head room is the
/// head section's rating in kVA less its feeder's load. No voltage check.
/// </summary>
internal static class HeadroomN1
{
    /// <summary>Per feeder: passes N-1 by head room.</summary>
    public static bool[] Check(Net network)
    {
        RadialTrace trace = network.Normal;
        int feeders = trace.FeederNames.Length;
        int segments = trace.SegmentCount;
        var own = new double[segments];
        var feederKva = new double[feeders];
        for (int l = 0; l < network.LoadPointCount; l++)
        {
            int node = network.LoadPointNode[l];
            double kva = Math.Sqrt((network.PeakKw[l] * network.PeakKw[l]) + (network.PeakKvar[l] * network.PeakKvar[l]));
            own[trace.SegmentOfNode[node]] += kva;
            feederKva[trace.FeederOf[node]] += kva;
        }

        var children = new List<int>[segments];
        for (int s = 0; s < segments; s++)
        {
            children[s] = [];
        }

        for (int s = 0; s < segments; s++)
        {
            if (trace.SegmentParent[s] >= 0)
            {
                children[trace.SegmentParent[s]].Add(s);
            }
        }

        var below = new double[segments];
        for (int s = 0; s < segments; s++)
        {
            // Segment subtree loads: add each segment's own load to it and every ancestor.
            for (int a = s; a >= 0; a = trace.SegmentParent[a])
            {
                below[a] += own[s];
            }
        }

        var headroom = new double[feeders];
        for (int f = 0; f < feeders; f++)
        {
            headroom[f] = (Ratings.BranchKva(network, trace.FeederHeadEdge[f]) ?? double.PositiveInfinity) - feederKva[f];
        }

        var passes = new bool[feeders];
        for (int f = 0; f < feeders; f++)
        {
            passes[f] = true;
            var outages = new Stack<int>();
            outages.Push(trace.SegmentOfEdge[trace.FeederHeadEdge[f]]);
            while (outages.Count > 0 && passes[f])
            {
                int s = outages.Pop();
                double[] room = (double[])headroom.Clone();
                foreach (int c in children[s])
                {
                    bool tied = trace.RestoringTies(c).Ties.Length > 0;
                    if (!tied && !IsTrunk(c))
                    {
                        continue;
                    }

                    outages.Push(c);
                    if (!tied || !Transfer(c, f, room))
                    {
                        passes[f] = false;
                        break;
                    }
                }
            }
        }

        return passes;

        bool IsTrunk(int segment)
        {
            int entry = trace.SegmentEntryEdge[segment];
            foreach (int d in network.DevicesOn(entry))
            {
                if (network.DeviceKinds[d] is DeviceKind.LoadBreakSwitch or DeviceKind.Disconnector)
                {
                    return true;
                }
            }

            return false;
        }

        // Hands the subtree of segment c over: whole through one tie, or cut at the entry of one segment d, d's subtree
        // through a tie below d and the rest through a tie outside it.
        bool Transfer(int c, int feeder, double[] room)
        {
            (ReadOnlyMemory<int> tieMemory, ReadOnlyMemory<int> fromMemory) = trace.RestoringTies(c);
            int[] ties = tieMemory.ToArray();
            int[] from = fromMemory.ToArray();
            var end = new int[ties.Length];
            for (int i = 0; i < ties.Length; i++)
            {
                int a = network.EdgeFrom[ties[i]];
                end[i] = trace.SegmentOfNode[trace.FeederOf[a] == feeder ? a : network.EdgeTo[ties[i]]];
                if (room[from[i]] >= below[c])
                {
                    room[from[i]] -= below[c];
                    return true;
                }
            }

            for (int i = 0; i < ties.Length; i++)
            {
                for (int d = end[i]; d >= 0 && d != c; d = trace.SegmentParent[d])
                {
                    for (int j = 0; j < ties.Length; j++)
                    {
                        if (IsBelow(end[j], d))
                        {
                            continue;
                        }

                        double part = below[d];
                        double rest = below[c] - part;
                        bool fits = from[i] == from[j] ? room[from[i]] >= part + rest : room[from[i]] >= part && room[from[j]] >= rest;
                        if (fits)
                        {
                            room[from[i]] -= part;
                            room[from[j]] -= rest;
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        bool IsBelow(int segment, int top)
        {
            for (int s = segment; s >= 0; s = trace.SegmentParent[s])
            {
                if (s == top)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
