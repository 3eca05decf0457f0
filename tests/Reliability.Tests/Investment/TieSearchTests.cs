using FsCheck.Fluent;
using FsCheck.Xunit;
using FsCheck;
using Lumen.Reliability.Investment;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Investment;

public class TieSearchTests
{
    // Oracle: the search the candidate generator had before it was made near-linear, which scanned every bus pair of
    // the 3 × 3 cells of the maximum tie length around each bus of the feeder's far half. The same pairs, in the same
    // order, for every feeder (not only those that need a tie), on random demo networks, tie lengths and route factors.
    [Property(MaxTest = 12)]
    public Property Nearest_RandomDemoNetworks_IsTheScanOfEveryBusPair(PositiveInt seed)
    {
        var rng = new Random(seed.Get);
        Network network = DemoGrid.Generate(rng.Next(300, 4000), seed.Get).Builder.Build().Network!;
        double maxKm = Math.Round(0.2 + (rng.NextDouble() * 4.8), 2);
        double routeFactor = rng.Next(3) == 0 ? 1 : Math.Round(1 + rng.NextDouble(), 2);
        var search = new TieSearch(network, maxKm, routeFactor);
        var scan = new PairScan(network, maxKm, routeFactor);
        int feeders = network.Normal.FeederNames.Length;
        int found = 0;
        for (int f = 0; f < feeders; f++)
        {
            List<TieReach> fast = search.Nearest(f);
            List<TieReach> expected = scan.Nearest(f);
            found += expected.Count;
            if (!fast.SequenceEqual(expected))
            {
                return false.Label($"{network.NodeCount} buses, max {maxKm} km × {routeFactor}, feeder {f}: [{string.Join(", ", fast)}] instead of [{string.Join(", ", expected)}]");
            }
        }

        return true.Label($"{network.NodeCount} buses, {found} pairs");
    }

    // The generator's tie candidates are those of the scan: same ids, ends, lengths and order.
    [Fact]
    public void Generate_DemoNetwork_TieCandidatesAreThoseOfTheScan()
    {
        Network network = DemoGrid.Generate(3000, 7).Builder.Build().Network!;
        DiagnosisReport diagnosis = DiagnosisQuery.Run(new DiagnosisRequest(network, "demo", StudyCase.Default));
        LowVoltageReport peak = LowVoltagePrediction.Predict(network, new PowerFlowScenario { SourceVoltagePu = 1.05 }, VoltageProfile.GbT12325);
        string[] ties = [.. new CandidateGenerator(network, InvestmentCosts.Default).Generate(diagnosis, peak, null, 0, 3)
            .Where(c => c.Kind == ProjectKinds.Tie).SelectMany(c => c.Edits.OfType<NewTie>()).Select(t => $"{t.Id} {t.BusA} {t.BusB} {t.LengthKm}")];

        var scan = new PairScan(network, 3, InvestmentCosts.Default.RouteFactor);
        var pairs = new HashSet<(int, int)>();
        var expected = new List<string>();
        RadialTrace trace = network.Normal;
        for (int f = 0; f < trace.FeederNames.Length; f++)
        {
            if (diagnosis.Feeders[f] is { Interconnected: true, N1Passes: true })
            {
                continue;
            }

            foreach (TieReach r in scan.Nearest(f))
            {
                if (pairs.Add((Math.Min(f, r.Feeder), Math.Max(f, r.Feeder))))
                {
                    expected.Add($"TIE-{trace.FeederNames[f]}-{trace.FeederNames[r.Feeder]} {network.NodeIds[r.From]} {network.NodeIds[r.To]} {Math.Round(r.Km, 3)}");
                }
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ties);
    }

    // The previous search, verbatim but for returning its pairs.
    private sealed class PairScan
    {
        private readonly Network _network;
        private readonly RadialTrace _trace;
        private readonly double _maxKm;
        private readonly double _routeFactor;
        private readonly double[] _distanceKm;
        private readonly Dictionary<(int, int), List<int>> _grid = [];
        private readonly double[] _radius;
        private readonly List<int>[] _nodesOf;

        public PairScan(Network network, double maxKm, double routeFactor)
        {
            (_network, _trace, _maxKm, _routeFactor) = (network, network.Normal, maxKm, routeFactor);
            _distanceKm = new double[network.NodeCount];
            foreach (int v in _trace.Order)
            {
                int p = _trace.Parent[v];
                _distanceKm[v] = p < 0 ? 0 : _distanceKm[p] + Math.Max(0, network.LengthKm[_trace.ParentEdge[v]]);
            }

            int feeders = _trace.FeederNames.Length;
            _radius = new double[feeders];
            for (int v = 0; v < _network.NodeCount; v++)
            {
                int f = _trace.FeederOf[v];
                if (f >= 0)
                {
                    _radius[f] = Math.Max(_radius[f], _distanceKm[v]);
                }

                if (f < 0 || !(_network.NominalKv[v] >= 1) || double.IsNaN(_network.NodeX[v]) || double.IsNaN(_network.NodeY[v]))
                {
                    continue;
                }

                (int, int) cell = Cell(v);
                if (!_grid.TryGetValue(cell, out List<int>? list))
                {
                    _grid[cell] = list = [];
                }

                list.Add(v);
            }

            _nodesOf = new List<int>[feeders];
            for (int f = 0; f < feeders; f++)
            {
                _nodesOf[f] = [];
            }

            for (int v = 0; v < _network.NodeCount; v++)
            {
                if (_trace.FeederOf[v] >= 0)
                {
                    _nodesOf[_trace.FeederOf[v]].Add(v);
                }
            }
        }

        public List<TieReach> Nearest(int f)
        {
            var bestByFeeder = new Dictionary<int, (int From, int To, double Km)>();
            foreach (int v in _nodesOf[f])
            {
                if (!(_network.NominalKv[v] >= 1) || double.IsNaN(_network.NodeX[v]) || _distanceKm[v] < _radius[f] / 2)
                {
                    continue;
                }

                (int cx, int cy) = Cell(v);
                for (int dx = -1; dx <= 1; dx++)
                {
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        if (!_grid.TryGetValue((cx + dx, cy + dy), out List<int>? near))
                        {
                            continue;
                        }

                        foreach (int u in near)
                        {
                            int g = _trace.FeederOf[u];
                            if (g == f)
                            {
                                continue;
                            }

                            double km = Math.Sqrt(Square(_network.NodeX[u] - _network.NodeX[v]) + Square(_network.NodeY[u] - _network.NodeY[v])) * _routeFactor;
                            if (km <= _maxKm && km > 0 && (!bestByFeeder.TryGetValue(g, out var b) || Math.Round(km, 2) < Math.Round(b.Km, 2)
                                || (Math.Round(km, 2) == Math.Round(b.Km, 2) && _distanceKm[v] > _distanceKm[b.From])))
                            {
                                bestByFeeder[g] = (v, u, km);
                            }
                        }
                    }
                }
            }

            return [.. bestByFeeder.OrderBy(p => p.Value.Km).ThenBy(p => p.Key).Take(2).Select(p => new TieReach(p.Key, p.Value.From, p.Value.To, p.Value.Km))];
        }

        private (int, int) Cell(int v) => ((int)Math.Floor(_network.NodeX[v] / _maxKm), (int)Math.Floor(_network.NodeY[v] / _maxKm));

        private static double Square(double x) => x * x;
    }
}
