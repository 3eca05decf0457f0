using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>Voltage limits for points of one nominal voltage.</summary>
/// <param name="NominalV">Nominal voltage in volts (220, 380, 10000); line to line for three-phase points.</param>
/// <param name="LowerV">Lower limit in volts: below it is low voltage (counts against compliance and forms episodes).</param>
/// <param name="UpperV">Upper limit in volts: above it is over-voltage (counts against compliance).</param>
public readonly record struct VoltageLimit(double NominalV, double LowerV, double UpperV);

/// <summary>
/// A named set of voltage limits by nominal voltage plus the minimum continuous duration that makes time below the
/// lower limit a low-voltage episode (and the point a low-voltage customer, 低电压用户).
/// </summary>
/// <remarks>
/// Immutable record. Built-in profiles: <see cref="GbT12325"/> and <see cref="SgccLowVoltage"/>; others come from a
/// JSON file (<see cref="VoltageProfileCatalog.Read"/>). A point uses the limit whose nominal voltage is within 1 % of its own.
/// </remarks>
public sealed record VoltageProfile
{
    /// <summary>Creates a profile.</summary>
    /// <param name="name">Name used on the command line and in reports.</param>
    /// <param name="limits">Limits by nominal voltage.</param>
    /// <param name="minimumLowDuration">An episode counts when it lasts strictly longer than this; zero counts any.</param>
    /// <exception cref="ArgumentException">The name is empty, no limit is given, or a limit is not 0 &lt; lower &lt; nominal &lt; upper.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumLowDuration"/> is negative.</exception>
    public VoltageProfile(string name, IReadOnlyList<VoltageLimit> limits, TimeSpan minimumLowDuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumLowDuration, TimeSpan.Zero);
        if (limits.Count == 0)
        {
            throw new ArgumentException("a profile needs at least one limit", nameof(limits));
        }

        foreach (VoltageLimit l in limits)
        {
            if (!(l.LowerV > 0 && l.LowerV < l.NominalV && l.NominalV < l.UpperV) || !double.IsFinite(l.UpperV))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"limit {l.LowerV}..{l.UpperV} V for {l.NominalV} V nominal must satisfy 0 < lower < nominal < upper"), nameof(limits));
            }
        }

        Name = name;
        Limits = limits;
        MinimumLowDuration = minimumLowDuration;
    }

    /// <summary>GB/T 12325-2008: 220 V +7 %/−10 % (198–235.4 V), 380 V and 10 kV ±7 %; any time below is an episode.</summary>
    public static VoltageProfile GbT12325 { get; } = new(
        "gbt12325",
        [new(220, 198, 235.4), new(380, 353.4, 406.6), new(10_000, 9_300, 10_700)],
        TimeSpan.Zero);

    /// <summary>
    /// State Grid low-voltage customer (低电压用户) as applied in 低电压治理: below 198 V (220 V), 342 V (380 V) or
    /// 9.3 kV (10 kV) continuously for more than 1 hour; upper limits as GB/T 12325. Not confirmed from the primary
    /// document, hence a named, replaceable profile.
    /// </summary>
    public static VoltageProfile SgccLowVoltage { get; } = new(
        "sgcc-low-voltage",
        [new(220, 198, 235.4), new(380, 342, 406.6), new(10_000, 9_300, 10_700)],
        TimeSpan.FromHours(1));

    /// <summary>Profile name.</summary>
    public string Name { get; }

    /// <summary>Limits by nominal voltage.</summary>
    public IReadOnlyList<VoltageLimit> Limits { get; }

    /// <summary>Time below the lower limit forms an episode when it lasts strictly longer than this.</summary>
    public TimeSpan MinimumLowDuration { get; }

    /// <summary>The limit for a point of nominal <paramref name="nominalV"/> volts (within 1 %); false when none applies.</summary>
    public bool TryGetLimit(double nominalV, out VoltageLimit limit)
    {
        foreach (VoltageLimit l in Limits)
        {
            if (Math.Abs(l.NominalV - nominalV) <= 0.01 * l.NominalV)
            {
                limit = l;
                return true;
            }
        }

        limit = default;
        return false;
    }

    /// <summary>The lower limit as a per-unit value of the nominal for <paramref name="nominalV"/>; NaN when none applies.</summary>
    public double LowerPu(double nominalV) => TryGetLimit(nominalV, out VoltageLimit l) ? l.LowerV / l.NominalV : double.NaN;
}

/// <summary>The outcome of reading user profiles: the profiles, or an empty list and every error.</summary>
/// <param name="Profiles">Profiles read; empty when any error was found.</param>
/// <param name="Diagnostics">Errors naming file, line and field.</param>
public sealed record VoltageProfileReadResult(IReadOnlyList<VoltageProfile> Profiles, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no error was found.</summary>
    public bool Succeeded => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Built-in and user-defined voltage profiles by name.</summary>
/// <remarks>
/// User profiles are JSON: <c>{"profiles":[{"name":"x","minimum_duration_minutes":30,"limits":[{"nominal_v":220,
/// "lower_v":200,"upper_v":235.4}]}]}</c>. A user profile may replace a built-in one of the same name. Thread-safe (immutable).
/// </remarks>
public static class VoltageProfileCatalog
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The built-in profiles.</summary>
    public static IReadOnlyList<VoltageProfile> BuiltIn { get; } = [VoltageProfile.GbT12325, VoltageProfile.SgccLowVoltage];

    /// <summary>Finds <paramref name="name"/> among <paramref name="userProfiles"/> first, then the built-in ones.</summary>
    public static VoltageProfile? Find(string name, IReadOnlyList<VoltageProfile>? userProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (VoltageProfile p in userProfiles ?? [])
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        foreach (VoltageProfile p in BuiltIn)
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>Reads user-defined profiles from a JSON file.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public static VoltageProfileReadResult Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string file = Path.GetFileName(path);
        var diagnostics = new List<Diagnostic>();
        ProfileFile? doc;
        try
        {
            using FileStream stream = File.OpenRead(path);
            doc = JsonSerializer.Deserialize<ProfileFile>(stream, s_json);
        }
        catch (JsonException ex)
        {
            int line = (int)(ex.LineNumber ?? -1) + 1;
            diagnostics.Add(new Diagnostic(new SourceLocation(file, line), ex.Path ?? string.Empty, $"invalid profile JSON: {ex.Message.Split('.')[0]}"));
            return new VoltageProfileReadResult([], diagnostics);
        }
        catch (IOException ex)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, $"cannot read the file: {ex.Message}"));
            return new VoltageProfileReadResult([], diagnostics);
        }

        var profiles = new List<VoltageProfile>();
        if (doc?.Profiles is null || doc.Profiles.Count == 0)
        {
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), "profiles", "no profiles defined"));
            return new VoltageProfileReadResult([], diagnostics);
        }

        for (int i = 0; i < doc.Profiles.Count; i++)
        {
            ProfileDto p = doc.Profiles[i];
            string field = string.Create(CultureInfo.InvariantCulture, $"profiles[{i}]");
            if (string.IsNullOrWhiteSpace(p.Name))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), field + ".name", "a profile needs a name"));
                continue;
            }

            if (p.Limits is null || p.Limits.Count == 0 || !(p.MinimumDurationMinutes >= 0))
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), field, $"profile '{p.Name}' needs limits and a non-negative minimum_duration_minutes"));
                continue;
            }

            try
            {
                var limits = p.Limits.Select(l => new VoltageLimit(l.NominalV, l.LowerV, l.UpperV)).ToList();
                profiles.Add(new VoltageProfile(p.Name, limits, TimeSpan.FromMinutes(p.MinimumDurationMinutes)));
            }
            catch (ArgumentException ex)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), field + ".limits", $"profile '{p.Name}': {ex.Message.Split(" (Parameter")[0]}"));
            }
        }

        return diagnostics.Count > 0 ? new VoltageProfileReadResult([], diagnostics) : new VoltageProfileReadResult(profiles, diagnostics);
    }

    private sealed record ProfileFile(List<ProfileDto>? Profiles);

    private sealed record ProfileDto(string? Name, double MinimumDurationMinutes, List<LimitDto>? Limits);

    private sealed record LimitDto(double NominalV, double LowerV, double UpperV);
}
