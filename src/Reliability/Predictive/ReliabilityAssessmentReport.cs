using System.Text.Json.Serialization;

namespace Lumen.Reliability.Predictive;

/// <summary>System or feeder indices as a user reads them: per year, hours and MWh; IEEE 1366 and DL/T 836 names.</summary>
/// <param name="Saifi">Interruptions per user per year (= AITC-1).</param>
/// <param name="Saidi">Hours off supply per user per year (= AIHC-1).</param>
/// <param name="Caidi">Hours per interruption.</param>
/// <param name="Asai">Average service availability, per unit.</param>
/// <param name="Asui">Average service unavailability, per unit.</param>
/// <param name="EnsMwh">Energy not supplied, MWh per year.</param>
/// <param name="AensMwh">ENS per user, MWh per user per year.</param>
/// <param name="Customers">Users served (customers, or transformer areas under DL/T 836 counting).</param>
/// <param name="Aitc1">DL/T 836 AITC-1 (same value as SAIFI).</param>
/// <param name="Aihc1">DL/T 836 AIHC-1 (same value as SAIDI).</param>
/// <param name="Rs1">DL/T 836 RS-1 supply reliability, per cent (ASAI × 100).</param>
/// <remarks>An index that is undefined (no users served) is NaN here and null in JSON.</remarks>
public sealed record IndicesReport(
    double Saifi,
    double Saidi,
    double Caidi,
    double Asai,
    double Asui,
    double EnsMwh,
    double AensMwh,
    double Customers,
    [property: JsonPropertyName("aitc_1")] double Aitc1,
    [property: JsonPropertyName("aihc_1")] double Aihc1,
    [property: JsonPropertyName("rs_1")] double Rs1)
{
    /// <summary>The report of computed indices.</summary>
    public static IndicesReport Of(PredictedIndices i)
    {
        ArgumentNullException.ThrowIfNull(i);
        return new(i.Saifi, i.Saidi, i.Caidi, i.Asai, i.Asui, i.EnsMwhPerYear, i.AensMwhPerUserYear, i.Users, i.Aitc1, i.Aihc1, i.Rs1);
    }
}

/// <summary>One feeder's indices and the part of its SAIDI that capacity-limited restoration causes.</summary>
public sealed record FeederIndicesReport(string Id, IndicesReport Indices, double? CapacityLimitedSaidi);

/// <summary>One load point (transformer area); <c>capacity_limited_u_hours</c> is the part of U that capacity-limited restoration causes.</summary>
/// <param name="Id">Load point id.</param>
/// <param name="Feeder">Its feeder in normal operation, or null when de-energised.</param>
/// <param name="Customers">Customers.</param>
/// <param name="Lambda">λ, interruptions per year.</param>
/// <param name="RHours">r, average hours per interruption.</param>
/// <param name="UHours">U, hours off supply per year.</param>
/// <param name="EnsMwh">Energy not supplied, MWh per year.</param>
/// <param name="CapacityLimitedUHours">The part of U that capacity-limited restoration causes, hours per year.</param>
public sealed record LoadPointReport(string Id, string? Feeder, double Customers, double Lambda, double RHours, double UHours, double EnsMwh, double CapacityLimitedUHours)
{
    /// <summary>The report of load point <paramref name="l"/> of <paramref name="result"/>.</summary>
    public static LoadPointReport Of(ReliabilityResult result, ReadOnlySpan<string> feederNames, int l)
    {
        ArgumentNullException.ThrowIfNull(result);
        LoadPointResults lp = result.LoadPoints;
        return new LoadPointReport(lp.Ids[l], lp.Feeder[l] >= 0 ? feederNames[lp.Feeder[l]] : null, lp.Users[l], lp.FailureRatePerYear[l],
            lp.AverageOutageHours[l], lp.UnavailabilityHoursPerYear[l], lp.EnsMwhPerYear[l], lp.CapacityLimitedUnavailabilityHoursPerYear[l]);
    }
}

/// <summary>One failure that interrupts a load point: its rate, the outage it causes there and their product.</summary>
public sealed record ContributionReport(string Component, double Lambda, double OutageHours, double UHours);

/// <summary>Why a load point is interrupted: the failures that make up its λ and U, largest U first, and their totals.</summary>
/// <param name="LoadPoint">The load point.</param>
/// <param name="Contributions">The failures, largest U first (ties by component id).</param>
/// <param name="Lambda">Σ λ of the contributions, interruptions per year.</param>
/// <param name="UHours">Σ U of the contributions, hours per year.</param>
public sealed record LoadPointExplanation(LoadPointReport LoadPoint, IReadOnlyList<ContributionReport> Contributions, double Lambda, double UHours)
{
    /// <summary>The explanation of load point <paramref name="l"/> of <paramref name="result"/>.</summary>
    public static LoadPointExplanation Of(ReliabilityResult result, ReadOnlySpan<string> feederNames, int l)
    {
        ArgumentNullException.ThrowIfNull(result);
        var contributions = new List<ContributionReport>();
        double lambda = 0;
        double u = 0;
        foreach (FailureContribution c in result.Explain(l))
        {
            contributions.Add(new ContributionReport(c.ComponentId, c.FailureRatePerYear, c.OutageHours, c.UnavailabilityHoursPerYear));
            lambda += c.FailureRatePerYear;
            u += c.UnavailabilityHoursPerYear;
        }

        contributions.Sort((a, b) => b.UHours.CompareTo(a.UHours) is int byU and not 0 ? byU : string.CompareOrdinal(a.Component, b.Component));
        return new LoadPointExplanation(LoadPointReport.Of(result, feederNames, l), contributions, lambda, u);
    }
}

/// <summary>An index over the simulated years of a Monte Carlo run.</summary>
public sealed record DistributionReport(double Mean, double StdDev, double CiHalfWidth, double P5, double P50, double P95, double YearsForPrecision)
{
    /// <summary>The report of a distribution.</summary>
    public static DistributionReport Of(IndexDistribution d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Mean, d.StandardDeviation, d.ConfidenceHalfWidth, d.P5, d.P50, d.P95, d.YearsForPrecision);
    }
}

/// <summary>A sequential Monte Carlo run: SAIFI, SAIDI and ENS over the simulated years.</summary>
public sealed record MonteCarloReport(int Years, int Workers, int Seed, DistributionReport Saifi, DistributionReport Saidi, DistributionReport EnsMwh)
{
    /// <summary>The report of a run.</summary>
    public static MonteCarloReport Of(MonteCarloResult mc)
    {
        ArgumentNullException.ThrowIfNull(mc);
        return new(mc.Years, mc.Workers, mc.Seed, DistributionReport.Of(mc.Saifi), DistributionReport.Of(mc.Saidi), DistributionReport.Of(mc.EnsMwhPerYear));
    }
}

/// <summary>
/// The answer of <see cref="ReliabilityAssessment.Run"/>: predicted system, feeder and load-point indices, the load
/// levels capacity-limited restoration was weighted over, an optional explanation of one load point and an optional
/// Monte Carlo run. The document of <c>lumen reliability assess --format json</c> and <c>GET /api/reliability/assessment</c>.
/// </summary>
/// <param name="Case">The study case.</param>
/// <param name="Users"><c>customers</c> (IEEE 1366) or <c>transformers</c> (DL/T 836).</param>
/// <param name="System">System indices.</param>
/// <param name="CapacityLimits">Whether restoration respected tie capacities and voltage limits.</param>
/// <param name="LoadLevels">The load levels of the duration curve (empty without capacity limits).</param>
/// <param name="CapacityLimitedSaidi">The part of SAIDI that capacity-limited restoration causes; null without limits.</param>
/// <param name="Feeders">Feeders in network order.</param>
/// <param name="LoadPoints">Load points in network order.</param>
/// <param name="Explanation">The requested load point's explanation, or null.</param>
/// <param name="MonteCarlo">The Monte Carlo run, or null when not requested.</param>
public sealed record ReliabilityAssessmentReport(
    string Case,
    string Users,
    IndicesReport System,
    bool CapacityLimits,
    IReadOnlyList<LoadLevel> LoadLevels,
    double? CapacityLimitedSaidi,
    IReadOnlyList<FeederIndicesReport> Feeders,
    IReadOnlyList<LoadPointReport> LoadPoints,
    LoadPointExplanation? Explanation,
    MonteCarloReport? MonteCarlo);
