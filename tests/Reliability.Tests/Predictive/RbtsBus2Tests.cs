using System.Text.Json;
using Lumen.Reliability.Predictive;
using Lumen.TestSupport;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Predictive;

public sealed class RbtsBus2Tests
{
    private const double RelativeTolerance = 1e-6;

    public static TheoryData<string> Cases => new(Rbts.CaseIds);

    [SharedDataTheory(Rbts.Folder)]
    [MemberData(nameof(Cases))]
    public void Assess_Case_ReproducesPublishedSystemIndices(string caseId)
    {
        (Network network, StudyCase study) = Rbts.Load(caseId);
        PredictedIndices system = ReliabilityAssessor.Assess(network, study).System;
        JsonElement published = Rbts.Expected(caseId).GetProperty("published");
        if (published.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        JsonElement values = published.GetProperty("values");
        JsonElement tolerance = published.GetProperty("abs_tolerance");
        foreach (JsonProperty p in values.EnumerateObject())
        {
            double actual = SystemValue(system, p.Name);
            double expected = p.Value.GetDouble();
            double tol = tolerance.GetProperty(p.Name).GetDouble();
            Assert.True(Math.Abs(actual - expected) <= tol, $"case {caseId} {p.Name}: {actual} vs published {expected} ± {tol}");
        }
    }

    [SharedDataTheory(Rbts.Folder)]
    [MemberData(nameof(Cases))]
    public void Assess_Case_ReproducesLoadPointsAndSystemIndices(string caseId)
    {
        (Network network, StudyCase study) = Rbts.Load(caseId);
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
        JsonElement reproduced = Rbts.Expected(caseId).GetProperty("reproduced");
        foreach (JsonProperty p in reproduced.GetProperty("system_indices").EnumerateObject())
        {
            double expected = p.Value.GetDouble();
            double actual = p.Name == "customers" ? result.System.Users : SystemValue(result.System, p.Name);
            AssertRelative(expected, actual, $"case {caseId} {p.Name}");
        }

        int checkedPoints = 0;
        foreach (JsonElement lp in reproduced.GetProperty("load_points").EnumerateArray())
        {
            Assert.True(network.TryGetLoadPoint(lp.GetProperty("load_point").GetString()!, out int l));
            string what = $"case {caseId} {lp.GetProperty("load_point").GetString()}";
            AssertRelative(lp.GetProperty("lambda_per_year").GetDouble(), result.LoadPoints.FailureRatePerYear[l], what + " lambda");
            AssertRelative(lp.GetProperty("r_hours").GetDouble(), result.LoadPoints.AverageOutageHours[l], what + " r");
            AssertRelative(lp.GetProperty("U_hours_per_year").GetDouble(), result.LoadPoints.UnavailabilityHoursPerYear[l], what + " U");
            AssertRelative(lp.GetProperty("ens_mwh_per_year").GetDouble(), result.LoadPoints.EnsMwhPerYear[l], what + " ENS");
            checkedPoints++;
        }

        Assert.Equal(22, checkedPoints);
    }

    [SharedDataFact(Rbts.Folder)]
    public void Assess_CaseA_Lp1MatchesHandCheck()
    {
        (Network network, StudyCase study) = Rbts.Load("A");
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
        Assert.True(network.TryGetLoadPoint("LP1", out int lp1));
        Assert.Equal(0.23925, result.LoadPoints.FailureRatePerYear[lp1], 1e-12);
        Assert.Equal(3.57525, result.LoadPoints.UnavailabilityHoursPerYear[lp1], 1e-12);
        Assert.Equal(14.943573668, result.LoadPoints.AverageOutageHours[lp1], 1e-8);

        // README §9: six failures, with the outage time of each.
        IReadOnlyList<FailureContribution> rows = result.Explain(lp1);
        var byId = rows.ToDictionary(r => r.ComponentId);
        Assert.Equal(6, rows.Count);
        Assert.Equal(5.0, byId["S1"].OutageHours, 1e-12);
        Assert.Equal(1.0, byId["S4"].OutageHours, 1e-12);
        Assert.Equal(1.0, byId["S7"].OutageHours, 1e-12);
        Assert.Equal(1.0, byId["S10"].OutageHours, 1e-12);
        Assert.Equal(5.0, byId["S2"].OutageHours, 1e-12);
        Assert.Equal(200.0, byId["TX_LP1"].OutageHours, 1e-12);
        Assert.Equal(3.0, byId["TX_LP1"].UnavailabilityHoursPerYear, 1e-12);
        Assert.Equal(3.57525, rows.Sum(r => r.UnavailabilityHoursPerYear), 1e-12);
    }

    [SharedDataFact(Rbts.Folder)]
    public void Assess_CaseE_Lp1UsesTransformerReplacement()
    {
        (Network network, StudyCase study) = Rbts.Load("E");
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
        Assert.True(network.TryGetLoadPoint("LP1", out int lp1));
        Assert.Equal(0.72525, result.LoadPoints.UnavailabilityHoursPerYear[lp1], 1e-12);
    }

    [SharedDataFact(Rbts.Folder)]
    public void Assess_CaseD_Lp1WaitsForNeighbourTransformerRepair()
    {
        (Network network, StudyCase study) = Rbts.Load("D");
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
        Assert.True(network.TryGetLoadPoint("LP1", out int lp1));
        FailureContribution tx2 = result.Explain(lp1).Single(r => r.ComponentId == "TX_LP2");
        Assert.Equal(200.0, tx2.OutageHours, 1e-12);
    }

    [SharedDataFact(Rbts.Folder)]
    public void Assess_CaseA_FeederIndicesAggregateToSystem()
    {
        (Network network, StudyCase study) = Rbts.Load("A");
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study);
        Assert.Equal(4, result.Feeders.Count);
        double users = result.Feeders.Sum(f => f.Indices.Users);
        double saidi = result.Feeders.Sum(f => f.Indices.Saidi * f.Indices.Users) / users;
        Assert.Equal(1908, users);
        Assert.Equal(result.System.Saidi, saidi, 1e-12);
        Assert.Equal(result.System.EnsMwhPerYear, result.Feeders.Sum(f => f.Indices.EnsMwhPerYear), 1e-9);
    }

    [SharedDataFact(Rbts.Folder)]
    public void Assess_TransformersAsUsers_CountsLoadPoints()
    {
        (Network network, StudyCase study) = Rbts.Load("A");
        ReliabilityResult result = ReliabilityAssessor.Assess(network, study, new ReliabilityOptions { Users = UserCounting.DistributionTransformers });
        Assert.Equal(22, result.System.Users);
        Assert.Equal(result.LoadPoints.FailureRatePerYear.Average(), result.System.Aitc1, 1e-12);
        Assert.Equal((1 - (result.System.Aihc1 / 8760)) * 100, result.System.Rs1, 1e-12);
    }

    private static double SystemValue(PredictedIndices s, string name) => name switch
    {
        "SAIFI" => s.Saifi,
        "SAIDI" => s.Saidi,
        "CAIDI" => s.Caidi,
        "ASAI" => s.Asai,
        "ASUI" => s.Asui,
        "ENS_MWh_per_year" => s.EnsMwhPerYear,
        "AENS_MWh_per_customer_year" => s.AensMwhPerUserYear,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown index"),
    };

    private static void AssertRelative(double expected, double actual, string what)
    {
        // expected.json prints 9 decimals: allow that rounding as well as the 1e-6 relative tolerance.
        double tol = Math.Max(RelativeTolerance * Math.Abs(expected), 5e-9);
        Assert.True(Math.Abs(actual - expected) <= tol, $"{what}: {actual} vs {expected}");
    }
}
