using Lumen.Reliability.History;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Repair;

/// <summary>One area class (城区 / 农村 / 边远): its arrival commitment, the load density that makes an area this class, and road speed.</summary>
/// <param name="AreaClass">Class name, lower-case (e.g. <c>urban</c>).</param>
/// <param name="ArrivalCommitmentMinutes">Committed call-to-arrival time, minutes (State Grid: 45 urban, 90 rural, 120 remote).</param>
/// <param name="MinimumLoadDensityMwPerKm2">An area is this class when its peak load density is at least this (the first matching class wins, densest first).</param>
/// <param name="SpeedKmPerHour">Average road speed of a crew in this class of area, km/h.</param>
public sealed record AreaClassRule(string AreaClass, double ArrivalCommitmentMinutes, double MinimumLoadDensityMwPerKm2, double SpeedKmPerHour);

/// <summary>
/// The rule table that gives every load point its area class and every class its arrival commitment and road speed.
/// Defaults (docs/repair.md §3): urban 45 min at ≥ 1 MW/km² (supply zones A+…C by the load-density bands of DOMAIN.md §8), rural 90 min at
/// ≥ 0.1 MW/km² (zone D), remote 120 min below (zone E); 25, 40 and 30 km/h; detour factor 1.3.
/// </summary>
/// <remarks>
/// Immutable. Load density is the peak load of the load points in the 3 × 3 block of <see cref="DensityCellKm"/> cells
/// around a load point, over the block's area. An area class written on a work order, then an override naming the
/// load point or its feeder, win over the density rule.
/// </remarks>
public sealed record AreaClassRules
{
    /// <summary>The default table.</summary>
    public static AreaClassRules Default { get; } = new();

    /// <summary>The classes, densest first; the last should have a minimum density of 0 so that every area has a class.</summary>
    public IReadOnlyList<AreaClassRule> Classes { get; init; } =
    [
        new("urban", 45, 1.0, 25),
        new("rural", 90, 0.1, 40),
        new("remote", 120, 0, 30),
    ];

    /// <summary>Road distance over straight-line distance.</summary>
    public double DetourFactor { get; init; } = 1.3;

    /// <summary>Side of the density cells, km.</summary>
    public double DensityCellKm { get; init; } = 1.0;

    /// <summary>Class of load points without coordinates (and so without a density).</summary>
    public string ClassWithoutCoordinates { get; init; } = "rural";

    /// <summary>Area class by load point id or feeder name (load point first), overriding the density rule.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Index of <paramref name="areaClass"/> in <see cref="Classes"/>, or -1.</summary>
    public int IndexOf(string areaClass)
    {
        for (int i = 0; i < Classes.Count; i++)
        {
            if (string.Equals(Classes[i].AreaClass, areaClass, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Problems with the table (empty when it can be used): names, commitments, speeds, densities and overrides.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Classes.Count == 0)
        {
            problems.Add("classes: at least one area class is required");
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (AreaClassRule r in Classes)
        {
            if (string.IsNullOrWhiteSpace(r.AreaClass) || !names.Add(r.AreaClass))
            {
                problems.Add($"area_class: '{r.AreaClass}' is empty or repeated");
            }

            if (!(r.ArrivalCommitmentMinutes > 0 && r.ArrivalCommitmentMinutes <= 24 * 60))
            {
                problems.Add($"arrival_commitment_minutes: {r.AreaClass}: must be in (0, 1440]");
            }

            if (!(r.SpeedKmPerHour >= 1 && r.SpeedKmPerHour <= 200))
            {
                problems.Add($"speed_km_per_hour: {r.AreaClass}: must be in [1, 200]");
            }

            if (!(r.MinimumLoadDensityMwPerKm2 >= 0 && r.MinimumLoadDensityMwPerKm2 <= 1000))
            {
                problems.Add($"minimum_load_density_mw_per_km2: {r.AreaClass}: must be in [0, 1000]");
            }
        }

        if (!(DetourFactor >= 1 && DetourFactor <= 5))
        {
            problems.Add("detour_factor: must be in [1, 5]");
        }

        if (!(DensityCellKm >= 0.05 && DensityCellKm <= 100))
        {
            problems.Add("density_cell_km: must be in [0.05, 100]");
        }

        if (IndexOf(ClassWithoutCoordinates) < 0)
        {
            problems.Add($"class_without_coordinates: '{ClassWithoutCoordinates}' is not a class of the table");
        }

        foreach (KeyValuePair<string, string> o in Overrides)
        {
            if (IndexOf(o.Value) < 0)
            {
                problems.Add($"area_class: override of '{o.Key}' names unknown class '{o.Value}'");
            }
        }

        return problems;
    }

    /// <summary>The class index of every load point (by load point index).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">The table is invalid (see <see cref="Validate"/>).</exception>
    /// <remarks>O(L): one pass to fill the density grid, one to read it.</remarks>
    public int[] Classify(Net network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }

        int count = network.LoadPointCount;
        ReadOnlySpan<int> nodes = network.LoadPointNode;
        ReadOnlySpan<double> nx = network.NodeX;
        ReadOnlySpan<double> ny = network.NodeY;
        ReadOnlySpan<double> peak = network.PeakKw;
        var cellLoad = new Dictionary<(long, long), double>();
        for (int l = 0; l < count; l++)
        {
            double x = nx[nodes[l]], y = ny[nodes[l]];
            if (double.IsFinite(x) && double.IsFinite(y))
            {
                (long, long) key = Cell(x, y);
                cellLoad[key] = cellLoad.GetValueOrDefault(key) + Math.Max(0, peak[l]);
            }
        }

        int[] feederOfLoadPoint = FeederOfLoadPoints(network);
        ReadOnlySpan<string> feederNames = network.Normal.FeederNames;
        int fallback = IndexOf(ClassWithoutCoordinates);
        double blockArea = 9 * DensityCellKm * DensityCellKm;
        var classes = new int[count];
        for (int l = 0; l < count; l++)
        {
            if (Overrides.TryGetValue(network.LoadPointIds[l], out string? named)
                || (feederOfLoadPoint[l] >= 0 && Overrides.TryGetValue(feederNames[feederOfLoadPoint[l]], out named)))
            {
                classes[l] = IndexOf(named);
                continue;
            }

            double x = nx[nodes[l]], y = ny[nodes[l]];
            if (!double.IsFinite(x) || !double.IsFinite(y))
            {
                classes[l] = fallback;
                continue;
            }

            (long cx, long cy) = Cell(x, y);
            double kw = 0;
            for (long dx = -1; dx <= 1; dx++)
            {
                for (long dy = -1; dy <= 1; dy++)
                {
                    kw += cellLoad.GetValueOrDefault((cx + dx, cy + dy));
                }
            }

            classes[l] = ClassOfDensity(kw / 1000 / blockArea);
        }

        return classes;
    }

    /// <summary>The first class (densest first) whose minimum density <paramref name="mwPerKm2"/> reaches; the last class otherwise.</summary>
    public int ClassOfDensity(double mwPerKm2)
    {
        for (int i = 0; i < Classes.Count; i++)
        {
            if (mwPerKm2 >= Classes[i].MinimumLoadDensityMwPerKm2)
            {
                return i;
            }
        }

        return Classes.Count - 1;
    }

    /// <summary>Reads a rule table: <c>area_class,arrival_commitment_minutes,minimum_load_density_mw_per_km2,speed_km_per_hour</c>, densest first.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static (AreaClassRules? Rules, IReadOnlyList<Diagnostic> Diagnostics) Read(string path, AreaClassRules? basis = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        List<AreaClassRule> rows = HistoryCsv.Read(path, ["area_class", "arrival_commitment_minutes", "minimum_load_density_mw_per_km2", "speed_km_per_hour"], [], diagnostics, [], c =>
        {
            string name = c.Required("area_class").ToLowerInvariant();
            double? commitment = c.OptionalDouble("arrival_commitment_minutes", 1, 1440);
            double? density = c.OptionalDouble("minimum_load_density_mw_per_km2", 0, 1000);
            double? speed = c.OptionalDouble("speed_km_per_hour", 1, 200);
            foreach ((string column, double? value) in new[] { ("arrival_commitment_minutes", commitment), ("minimum_load_density_mw_per_km2", density), ("speed_km_per_hour", speed) })
            {
                if (value is null && !c.HasErrors)
                {
                    c.Error(column, "value is required");
                }
            }

            return c.HasErrors ? null : new AreaClassRule(name, commitment!.Value, density!.Value, speed!.Value);
        });
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return (null, diagnostics);
        }

        AreaClassRules rules = WithClasses(rows, basis);
        foreach (string problem in rules.Validate())
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(Path.GetFileName(path), 0), problem.Split(':')[0], problem));
        }

        return (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : rules, diagnostics);
    }

    /// <summary>
    /// <paramref name="basis"/> (default: <see cref="Default"/>) with the class table <paramref name="classes"/>
    /// (densest first); load points without coordinates fall in the last class when the basis's class is not in the table.
    /// </summary>
    /// <remarks>Not validated: call <see cref="Validate"/>.</remarks>
    public static AreaClassRules WithClasses(IReadOnlyList<AreaClassRule> classes, AreaClassRules? basis = null)
    {
        ArgumentNullException.ThrowIfNull(classes);
        AreaClassRules rules = (basis ?? Default) with { Classes = classes };
        return rules.IndexOf(rules.ClassWithoutCoordinates) < 0 && classes.Count > 0
            ? rules with { ClassWithoutCoordinates = classes[^1].AreaClass }
            : rules;
    }

    /// <summary>Reads class overrides: <c>area_id,area_class</c> (a load point id or a feeder name per row).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static (IReadOnlyDictionary<string, string>? Overrides, IReadOnlyList<Diagnostic> Diagnostics) ReadOverrides(string path, AreaClassRules rules)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rules);
        var diagnostics = new List<Diagnostic>();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        HistoryCsv.Read(path, ["area_id", "area_class"], [], diagnostics, [], c =>
        {
            string id = c.Required("area_id");
            string name = c.Required("area_class").ToLowerInvariant();
            if (c.HasErrors)
            {
                return null;
            }

            if (rules.IndexOf(name) < 0)
            {
                c.Error("area_class", $"'{name}' is not a class of the rule table ({string.Join(", ", rules.Classes.Select(r => r.AreaClass))})");
            }
            else if (!map.TryAdd(id, name))
            {
                c.Error("area_id", $"'{id}' appears twice");
            }

            return c.HasErrors ? null : id;
        });
        return (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? null : map, diagnostics);
    }

    private (long, long) Cell(double x, double y) => ((long)Math.Floor(x / DensityCellKm), (long)Math.Floor(y / DensityCellKm));

    private static int[] FeederOfLoadPoints(Net network)
    {
        ReadOnlySpan<int> nodes = network.LoadPointNode;
        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        var feeders = new int[network.LoadPointCount];
        for (int l = 0; l < feeders.Length; l++)
        {
            feeders[l] = feederOf[nodes[l]];
        }

        return feeders;
    }
}
