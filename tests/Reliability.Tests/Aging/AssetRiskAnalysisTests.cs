using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class AssetRiskAnalysisTests
{
    private static readonly Lazy<(Network Network, DemoAssets Demo)> s_demo = new(() =>
    {
        Network network = DemoNetworkGenerator.Generate(3_000, 5).Build().Network!;
        return (network, DemoAssetGenerator.Generate(network, 5));
    });

    [Fact]
    public void Evaluate_Demo_RiskIsPofTimesConsequenceAndRankingIsDeterministic()
    {
        (Network network, DemoAssets demo) = s_demo.Value;
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        for (int i = 0; i < r.Register.Count; i++)
        {
            Assert.Equal(r.PofPerYear[i] * r.ConsequencePerFailure[i], r.RiskPerYear[i], 9);
            Assert.InRange(r.PofPerYear[i], 0, 1);
        }

        for (int j = 1; j < r.ByRisk.Length; j++)
        {
            int a = r.ByRisk[j - 1];
            int b = r.ByRisk[j];
            Assert.True(r.RiskPerYear[a] > r.RiskPerYear[b]
                || (r.RiskPerYear[a] == r.RiskPerYear[b] && (r.PofPerYear[a] > r.PofPerYear[b]
                    || (r.PofPerYear[a] == r.PofPerYear[b] && string.CompareOrdinal(r.Register.Ids[a], r.Register.Ids[b]) < 0))));
        }

        AssetRiskResult again = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        Assert.Equal(r.ByRisk, again.ByRisk);
        IReadOnlyList<AssetReason> reasons = r.Reasons(r.ByRisk[0]);
        foreach (string kind in (string[])["age", "condition", "failures", "customers", "alternate_supply", "complaints"])
        {
            Assert.Contains(reasons, x => x.Kind == kind);
        }
    }

    [Fact]
    public void Evaluate_ConsequenceMatchesPredictiveEngine()
    {
        (Network network, DemoAssets demo) = s_demo.Value;
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        FailureConsequences fc = FailureConsequences.Compute(network, StudyCase.Default);
        for (int i = 0; i < r.Register.Count; i++)
        {
            Assert.Equal(fc.CustomerHours[r.EdgeOf[i]], r.CustomerHoursPerFailure[i], 9);
        }
    }

    [Fact]
    public void Evaluate_UnknownComponent_IsDiagnosed()
    {
        (Network network, _) = s_demo.Value;
        var b = new AssetRegisterBuilder();
        b.TryAdd(new AssetRecord("X1", AssetClass.DistributionTransformer, 2000) { ComponentId = "NOPE" });
        AssetRiskOutcome o = AssetRiskAnalysis.Evaluate(b.Build(), network, new AssetRiskOptions { Year = 2025 });
        Assert.Null(o.Result);
        Assert.Contains(o.Diagnostics, d => d.Field == "component_id" && d.Message.Contains("NOPE", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WithoutNetwork_HealthOnly()
    {
        (_, DemoAssets demo) = s_demo.Value;
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(demo.Register, null, new AssetRiskOptions { Year = 2025, Method = PofMethod.Weibull }).Result!;
        Assert.All(r.Method, m => Assert.Equal(PofMethod.Weibull, m));
        Assert.True(double.IsNaN(r.RiskPerYear[0]));
        Assert.True(r.PofPerYear.All(p => p >= 0 && p <= 1));
    }

    [Fact]
    public void ComplaintModel_DefaultLogistic_RisesWithDuration()
    {
        var m = LogisticComplaintRateModel.Default;
        Assert.True(m.ComplaintsPerCustomerInterruption(0.5) < m.ComplaintsPerCustomerInterruption(4));
        Assert.Equal((0.0005 + 0.02) / 2, m.ComplaintsPerCustomerInterruption(4), 12);
    }
}

public sealed class FittedComplaintRateModelTests
{
    [Fact]
    public void ComplaintsPerCustomerInterruption_DelegatesToFittedModel()
    {
        var fitted = new Lumen.Reliability.Complaints.ComplaintRateModel(Lumen.Reliability.Complaints.ComplaintModelKind.Poisson, -6, 0.3, 0.2);
        var adapter = new FittedComplaintRateModel(fitted);
        Assert.Equal(fitted.ComplaintsPerCustomer(3, 1), adapter.ComplaintsPerCustomerInterruption(3), 12);
    }
}
