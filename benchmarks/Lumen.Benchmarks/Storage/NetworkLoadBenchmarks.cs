using BenchmarkDotNet.Attributes;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.Storage;

/// <summary>
/// Getting a province-sized network (1M buses, seed 1) into memory: importing its CSV folder (parse, validate, build,
/// trace), loading a stored version from the store (its binary image file beside the DuckDB database), and reading the
/// image alone.
/// </summary>
[MemoryDiagnoser]
public class NetworkLoadBenchmarks
{
    private string _root = null!;
    private string _folder = null!;
    private DuckDbStore _store = null!;
    private NetworkRepository _repository = null!;
    private NetworkVersionInfo _stored = null!;
    private byte[] _image = null!;

    /// <summary>Writes the network's CSV folder and stores it once (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("lumen-bench-load-").FullName;
        _folder = Path.Combine(_root, "network");
        Network network = DemoGrid.Generate(DemoScale.Province, 1).Build().Network!;
        LumenCsvWriter.Write(network, _folder);
        _store = new DuckDbStore(Path.Combine(_root, "lumen.duckdb"));
        _repository = new NetworkRepository(_store, TimeProvider.System);
        _stored = _repository.Import(_folder, "province", null).Version!;
        using var image = new MemoryStream();
        new NetworkImage(network, StudyCase.Default).Write(image);
        _image = image.ToArray();
    }

    /// <summary>Deletes the folder and the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>The CSV folder through the strict importer (what <c>lumen topology summary</c> does first).</summary>
    [Benchmark(Baseline = true)]
    public Network ImportCsvFolder() => LumenCsvImporter.Import(_folder).Network!;

    /// <summary>A stored version from the store (what the service does on start and on a version switch).</summary>
    [Benchmark]
    public Network LoadStored() => _repository.Load(_stored).Network!;

    /// <summary>The binary image alone, from memory: reading, checking and the network's trace.</summary>
    [Benchmark]
    public Network ReadImage() => NetworkImage.Read(new MemoryStream(_image)).Network;
}
