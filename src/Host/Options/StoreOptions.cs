using System.ComponentModel.DataAnnotations;
using Lumen.Topology.Demo;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Options;

/// <summary>The embedded DuckDB store and the first-start demo data (section <c>Lumen:Store</c>).</summary>
internal sealed class StoreOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Lumen:Store";

    /// <summary>Folder of the store (<c>lumen.duckdb</c>) and of the demo files; relative paths are under the working directory.</summary>
    [Required]
    [MinLength(1)]
    public string DataDirectory { get; set; } = "lumen-data";

    /// <summary>On first start with an empty store, generate the demo county and import it.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Size of the seeded demo network.</summary>
    [EnumDataType(typeof(DemoScale))]
    public DemoScale DemoScale { get; set; } = DemoScale.County;

    /// <summary>Seed of the demo generator.</summary>
    [Range(0, int.MaxValue)]
    public int DemoSeed { get; set; } = 42;

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "lumen.duckdb");
}

/// <summary>Generated DataAnnotations validation of <see cref="StoreOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class StoreOptionsValidator : IValidateOptions<StoreOptions>;

/// <summary>Background recomputation (section <c>Lumen:Recompute</c>).</summary>
internal sealed class RecomputeOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Lumen:Recompute";

    /// <summary>How often the store is checked for a newer network version (an import through the API also wakes the service at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest Monte Carlo run a job may ask for, simulated years.</summary>
    [Range(1, 10_000_000)]
    public int MaxMonteCarloYears { get; set; } = 200_000;

    /// <summary>
    /// Coincidence factor applied to the load points' peaks for the peak-load power flow, per unit. 1 when the peaks
    /// are already coincident (as the demo generator writes them); lower it for non-coincident meter maxima.
    /// </summary>
    [Range(0.01, 2.0)]
    public double PeakCoincidenceFactor { get; set; } = 1.0;

    /// <summary>Substation bus voltage of the peak-load power flow, per unit (on-load tap changers hold about 1.05).</summary>
    [Range(0.8, 1.2)]
    public double SourceVoltagePu { get; set; } = 1.05;

    /// <summary>
    /// Whether transfers through ties are limited by branch ratings and voltage in the published assessment (at the
    /// default load levels) and in the planning diagnosis (at the levels of the stored load series, else the default);
    /// false gives the unconstrained restoration.
    /// </summary>
    public bool CapacityLimits { get; set; } = true;
}

/// <summary>Generated DataAnnotations validation of <see cref="RecomputeOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class RecomputeOptionsValidator : IValidateOptions<RecomputeOptions>;
