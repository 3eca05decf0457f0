using BenchmarkDotNet.Attributes;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using QuikGraph.Algorithms.ConnectedComponents;
using QuikGraph;

namespace Lumen.Benchmarks.Topology;

/// <summary>
/// Build + validate + trace a generated county-style network (everything <see cref="NetworkBuilder.Build"/> does:
/// id indexing, reference and range checks, CSR adjacency, radial trace with protection, segments and ties), against
/// QuikGraph building the same graph and finding its components as the baseline.
/// </summary>
[MemoryDiagnoser]
public class NetworkBuildBenchmarks
{
    private NetworkBuilder _builder = null!;
    private Network _network = null!;

    /// <summary>Bus count of the generated network.</summary>
    [Params(10_000, 100_000, 1_000_000)]
    public int Nodes { get; set; }

    /// <summary>Generates the network once (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _builder = DemoGrid.Generate(Nodes, seed: 7).Builder;
        _network = _builder.Build().Network ?? throw new InvalidOperationException("generated network is invalid");
    }

    /// <summary>QuikGraph: build an undirected graph of the closed branches and compute connected components.</summary>
    [Benchmark(Baseline = true)]
    public int QuikGraphBuildAndComponents()
    {
        var graph = new UndirectedGraph<int, SEdge<int>>(true);
        for (int v = 0; v < _network.NodeCount; v++)
        {
            graph.AddVertex(v);
        }

        ReadOnlySpan<bool> closed = _network.NormalState.EdgeClosed;
        for (int e = 0; e < _network.EdgeCount; e++)
        {
            if (closed[e])
            {
                graph.AddEdge(new SEdge<int>(_network.EdgeFrom[e], _network.EdgeTo[e]));
            }
        }

        var components = new ConnectedComponentsAlgorithm<int, SEdge<int>>(graph);
        components.Compute();
        return components.ComponentCount;
    }

    /// <summary>Lumen: build, validate and fully trace from the builder's specs.</summary>
    [Benchmark]
    public Network? BuildValidateTrace() => _builder.Build().Network;

    /// <summary>Lumen: re-trace an already built network (what a reconfiguration costs).</summary>
    [Benchmark]
    public RadialTrace Retrace() => RadialTrace.Compute(_network, _network.NormalState);
}
