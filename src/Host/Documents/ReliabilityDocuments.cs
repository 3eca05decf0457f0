using System.Text.Json.Serialization;
using Lumen.Reliability.Predictive;

namespace Lumen.Host.Documents;

/// <summary>JSON shape of system or feeder reliability indices (stable snake_case names; hours and MWh per year).</summary>
internal sealed record IndicesDocument(
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
    public static IndicesDocument Of(ReliabilityIndices i) =>
        new(i.Saifi, i.Saidi, i.Caidi, i.Asai, i.Asui, i.EnsMwhPerYear, i.AensMwhPerUserYear, i.Users, i.Aitc1, i.Aihc1, i.Rs1Percent);
}

/// <summary>JSON shape of one feeder's indices and the part of its SAIDI that capacity-limited restoration causes.</summary>
internal sealed record FeederDocument(string Id, IndicesDocument Indices, double? CapacityLimitedSaidi);

/// <summary>JSON shape of one load point; <c>capacity_limited_u_hours</c> is the part of U that capacity-limited restoration causes.</summary>
internal sealed record LoadPointDocument(string Id, string? Feeder, double Customers, double Lambda, double RHours, double UHours, double EnsMwh, double CapacityLimitedUHours);

/// <summary>JSON shape of one load level of the load duration curve.</summary>
internal sealed record LoadLevelDocument(double FractionOfPeak, double Hours)
{
    public static IReadOnlyList<LoadLevelDocument> Of(ReliabilityResult result) =>
        result.LoadLevels.Select(l => new LoadLevelDocument(l.FractionOfPeak, l.Hours)).ToList();
}

/// <summary>JSON shape of one contributing failure in an explanation.</summary>
internal sealed record ContributionDocument(string Component, double Lambda, double OutageHours, double UHours);

/// <summary>JSON shape of a Monte Carlo distribution.</summary>
internal sealed record DistributionDocument(double Mean, double StdDev, double CiHalfWidth, double P5, double P50, double P95, double YearsForPrecision)
{
    public static DistributionDocument Of(IndexDistribution d) =>
        new(d.Mean, d.StandardDeviation, d.ConfidenceHalfWidth, d.P5, d.P50, d.P95, d.YearsForPrecision);
}

/// <summary>JSON shape of a Monte Carlo run.</summary>
internal sealed record MonteCarloDocument(int Years, int Workers, int Seed, DistributionDocument Saifi, DistributionDocument Saidi, DistributionDocument EnsMwh);

/// <summary>JSON shape of <c>reliability assess</c>.</summary>
internal sealed record AssessmentDocument(
    string Network,
    string Case,
    string Users,
    IndicesDocument System,
    bool CapacityLimits,
    IReadOnlyList<LoadLevelDocument> LoadLevels,
    double? CapacityLimitedSaidi,
    IReadOnlyList<FeederDocument> Feeders,
    IReadOnlyList<LoadPointDocument> LoadPoints,
    IReadOnlyList<ContributionDocument>? Explanation,
    MonteCarloDocument? MonteCarlo);

/// <summary>JSON shape of one placement candidate.</summary>
internal sealed record PlacementDocument(int Rank, string Branch, double DeltaSaifi, double DeltaSaidi, double DeltaEnsMwh, long CustomersAffected);
