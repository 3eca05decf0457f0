using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lumen.Reliability.Planning;

/// <summary>The rules of one supply zone (供电区域): how it is recognised and what it must meet.</summary>
/// <param name="Zone">Zone code: A+, A, B, C, D or E.</param>
/// <param name="MinimumLoadDensity">Lowest load density of the zone, MW/km² (the zone holds σ ≥ this and below the next denser zone's).</param>
/// <param name="SupplyRadiusKm">Longest 10 kV supply radius allowed, km; null for no limit.</param>
/// <param name="Rs1Target">Supply reliability target (RS-1, %); null when the utility's own commitment applies.</param>
/// <param name="N1Required">Whether every feeder of the zone must pass N-1.</param>
/// <param name="MinimumCableShare">Lowest cable share of feeder length (0..1); null for no rule.</param>
public sealed record ZoneRule(string Zone, double MinimumLoadDensity, double? SupplyRadiusKm, [property: JsonPropertyName("rs_1_target")] double? Rs1Target, bool N1Required, double? MinimumCableShare);

/// <summary>
/// The rule table of the planning diagnosis: zone thresholds and targets, loading thresholds, sections. The defaults and
/// their sources are listed in <c>docs/diagnosis.md</c>; a utility overrides any of them with a JSON file of the same
/// shape (<see cref="Read"/>).
/// </summary>
/// <remarks>Immutable record.</remarks>
public sealed record DiagnosisRules
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The defaults (see docs/diagnosis.md for each one's source).</summary>
    public static DiagnosisRules Default { get; } = new();

    /// <summary>Zones from densest to sparsest.</summary>
    public IReadOnlyList<ZoneRule> Zones { get; init; } =
    [
        new("A+", 30, 3, 99.999, true, null),
        new("A", 15, 3, 99.990, true, null),
        new("B", 6, 3, 99.965, true, null),
        new("C", 1, 5, 99.897, true, null),
        new("D", 0.1, 15, 99.828, false, null),
        new("E", 0, null, null, false, null),
    ];

    /// <summary>Loading (peak / rating) at or above which a feeder or transformer is heavily loaded (重载), percent.</summary>
    public double HeavyLoadPercent { get; init; } = 80;

    /// <summary>Loading above which a feeder or transformer is overloaded (过载), percent.</summary>
    public double OverloadPercent { get; init; } = 100;

    /// <summary>Shortest continuous time above a threshold that counts, hours (with load series).</summary>
    public double MinimumDurationHours { get; init; } = 1;

    /// <summary>Fewest trunk sections (分段数) a feeder should have.</summary>
    public int MinimumSections { get; init; } = 3;

    /// <summary>The rule of <paramref name="zone"/>; null for an unknown code.</summary>
    public ZoneRule? Zone(string? zone) => zone is null ? null : Zones.FirstOrDefault(z => z.Zone == zone);

    /// <summary>The zone a load density falls in (densest zone whose minimum it reaches).</summary>
    public string ZoneOfDensity(double mwPerKm2)
    {
        foreach (ZoneRule z in Zones)
        {
            if (mwPerKm2 >= z.MinimumLoadDensity)
            {
                return z.Zone;
            }
        }

        return Zones[^1].Zone;
    }

    /// <summary>Checks the values; null when valid, else the problem.</summary>
    public string? Problem()
    {
        if (Zones.Count == 0)
        {
            return "zones: at least one zone is needed";
        }

        for (int i = 0; i < Zones.Count; i++)
        {
            ZoneRule z = Zones[i];
            if (string.IsNullOrWhiteSpace(z.Zone) || !(z.MinimumLoadDensity >= 0) || (i > 0 && z.MinimumLoadDensity >= Zones[i - 1].MinimumLoadDensity))
            {
                return $"zones[{i}]: a code and a minimum load density ≥ 0, decreasing from zone to zone, are needed";
            }

            if (z.SupplyRadiusKm is <= 0 || z.Rs1Target is <= 0 or > 100 || z.MinimumCableShare is < 0 or > 1)
            {
                return $"zones[{i}] ({z.Zone}): radius > 0, RS-1 in (0, 100] and cable share in [0, 1] when given";
            }
        }

        if (!(HeavyLoadPercent > 0 && OverloadPercent >= HeavyLoadPercent && OverloadPercent < 1000))
        {
            return "heavy_load_percent and overload_percent: 0 < heavy ≤ overload < 1000";
        }

        return !(MinimumDurationHours >= 0 && MinimumDurationHours <= 8760) || MinimumSections < 0
            ? "minimum_duration_hours in 0..8760 and minimum_sections ≥ 0"
            : null;
    }

    /// <summary>Reads a rule file: JSON with these properties in snake_case; those left out keep their defaults.</summary>
    /// <returns>The rules, or the problem (file, position and reason).</returns>
    public static (DiagnosisRules? Rules, string? Problem) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            DiagnosisRules? rules = JsonSerializer.Deserialize<DiagnosisRules>(File.ReadAllText(path), s_json);
            if (rules is null)
            {
                return (null, $"{path}: empty rule file");
            }

            string? problem = rules.Problem();
            return problem is null ? (rules, null) : (null, $"{path}: {problem}");
        }
        catch (JsonException ex)
        {
            return (null, $"{path}: line {(ex.LineNumber ?? 0) + 1}: {ex.Message}");
        }
        catch (IOException ex)
        {
            return (null, $"{path}: {ex.Message}");
        }
    }
}
