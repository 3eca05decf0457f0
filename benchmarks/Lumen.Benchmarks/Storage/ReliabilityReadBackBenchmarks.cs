using System.Data.Common;
using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Benchmarks.Storage;

/// <summary>
/// Whether the service should read stored reliability results back on restart or recompute them: the analytical
/// assessment of a province network (1M buses) against reading its three stored result tables into arrays (the
/// lower bound of a read-back, which would still lack the failure plan that <see cref="ReliabilityResult.Explain"/> needs).
/// </summary>
[MemoryDiagnoser]
public class ReliabilityReadBackBenchmarks
{
    private string _root = null!;
    private DuckDbStore _store = null!;
    private Network _network = null!;

    /// <summary>Stores the results of the province network once, as version 1 (seeded).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("lumen-bench-readback-").FullName;
        _network = DemoGrid.Generate(DemoScale.Province, 1).Build().Network!;
        _store = new DuckDbStore(Path.Combine(_root, "lumen.duckdb"));
        new NetworkRepository(_store, TimeProvider.System).SaveReliability(1, _network, StudyCase.Default, ReliabilityAssessor.Assess(_network, StudyCase.Default));
    }

    /// <summary>Deletes the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>What the service does on restart: assess the loaded network again.</summary>
    [Benchmark(Baseline = true)]
    public ReliabilityResult Recompute() => ReliabilityAssessor.Assess(_network, StudyCase.Default);

    /// <summary>Reading the stored system, feeder and load-point rows of the version into arrays.</summary>
    [Benchmark]
    public int ReadStoredTables()
    {
        using DuckDBConnection connection = _store.Open();
        int rows = 0;
        foreach (string sql in (string[])[
            "SELECT saifi, saidi, caidi, asai, rs_1, ens_mwh, customers FROM reliability_system WHERE version = 1",
            "SELECT feeder, saifi, saidi, caidi, asai, ens_mwh, customers FROM reliability_feeders WHERE version = 1",
            "SELECT id, feeder, customers, \"lambda\", r_hours, u_hours, ens_mwh FROM reliability_load_points WHERE version = 1"])
        {
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = sql;
            using DbDataReader reader = command.ExecuteReader();
            var text = new List<string?>();
            var numbers = new List<double>();
            while (reader.Read())
            {
                for (int c = 0; c < reader.FieldCount; c++)
                {
                    if (reader.IsDBNull(c))
                    {
                        numbers.Add(double.NaN);
                    }
                    else if (reader.GetFieldType(c) == typeof(string))
                    {
                        text.Add(reader.GetString(c));
                    }
                    else
                    {
                        numbers.Add(reader.GetDouble(c));
                    }
                }

                rows++;
            }
        }

        return rows;
    }
}
