using System.Collections.Frozen;
using Lumen.Reliability.Aging.Demo;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class AssetRiskAnalysisTests
{
    private static readonly Lazy<(Network Network, DemoAssets Demo)> s_demo = new(() =>
    {
        Network network = DemoGrid.Generate(3_000, 5).Build().Network!;
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

        // The health list's order: PoF descending, ties by id, against a comparison sort.
        int[] byPof = Enumerable.Range(0, r.Register.Count).ToArray();
        double[] pof = r.PofPerYear.ToArray();
        string[] ids = r.Register.Ids.ToArray();
        Array.Sort(byPof, (a, b) => pof[b] != pof[a] ? pof[b].CompareTo(pof[a]) : string.CompareOrdinal(ids[a], ids[b]));
        Assert.Equal(byPof, r.ByPof.ToArray());

        AssetRiskResult again = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        Assert.Equal(r.ByRisk, again.ByRisk);
        IReadOnlyList<AssetReason> reasons = r.Reasons(r.ByRisk[0]);
        foreach (string kind in (string[])["age", "condition", "failures", "customers", "alternate_supply", "complaints"])
        {
            Assert.Contains(reasons, x => x.Kind == kind);
        }
    }

    // Lines, cables and transformers take their branch's consequence (its own outage time); devices take the consequence
    // of their branch failing for their class's repair time, computed here with one duration for every edge per class.
    [Fact]
    public void Evaluate_ConsequenceMatchesPredictiveEngine()
    {
        (Network network, DemoAssets demo) = s_demo.Value;
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(demo.Register, network, new AssetRiskOptions { Year = 2025 }).Result!;
        FailureConsequences own = FailureConsequences.Compute(network, StudyCase.Default);
        var byClass = new Dictionary<AssetClass, FailureConsequences>();
        int devices = 0;
        for (int i = 0; i < r.Register.Count; i++)
        {
            int e = r.EdgeOf[i];
            AssetClass c = r.Register.Classes[i];
            FailureConsequences expected = own;
            if (!AssetOutageOptions.IsBranchComponent(c, network.EdgeKinds[e]))
            {
                devices++;
                if (!byClass.TryGetValue(c, out expected!))
                {
                    double hours = AssetOutageOptions.Default.RepairHours[c];
                    var all = new double[network.EdgeCount];
                    Array.Fill(all, hours);
                    expected = FailureConsequences.ComputeForDurations(network, StudyCase.Default, new EdgeDurations(EdgeDurations.Own(network.EdgeCount).Start, all));
                    byClass.Add(c, expected);
                }
            }

            Assert.Equal(expected.CustomerHours[e], r.CustomerHoursPerFailure[i], 9);
            Assert.Equal(expected.EnergyNotSuppliedKwh[e], r.EnergyKwhPerFailure[i], 9);
            Assert.Equal(expected.CustomersInterrupted[e], r.CustomersPerFailure[i], 9);
        }

        Assert.True(devices > 0 && devices < r.Register.Count);
    }

    // S —L1 (line, λ 0.1, repair 4 h; breaker CB at S)— B1 (LP 50 customers) —T1 (transformer, repair 100 h, replacement
    // 8 h; drop-out fuse FU at B1)— B2 (LP 100 customers). A failure of the fuse is a fault on T1 cleared by the fuse's
    // own zone (T1's customers) and lasts the fuse's repair time; the transformer's lasts its repair (or, in the
    // replacement study, its replacement) time; the breaker's and the pole's interrupt the whole feeder.
    [Theory]
    [InlineData(TransformerOutageMode.Repair, 100.0)]
    [InlineData(TransformerOutageMode.Replacement, 8.0)]
    public void Evaluate_DeviceOnTransformerBranch_TakesItsOwnRepairTime(TransformerOutageMode mode, double transformerHours)
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None));
        b.AddBus(new BusSpec("B1", NodeKind.Bus, SourceLocation.None));
        b.AddBus(new BusSpec("B2", NodeKind.Bus, SourceLocation.None));
        b.AddBranch(new BranchSpec("L1", "S", "B1", BranchKind.OverheadLine, SourceLocation.None) { FailureRatePerYear = 0.1, RepairHours = 4, LengthKm = 1.5 });
        b.AddBranch(new BranchSpec("T1", "B1", "B2", BranchKind.Transformer, SourceLocation.None) { FailureRatePerYear = 0.01, RepairHours = 100, ReplacementHours = 8 });
        b.AddDevice(new DeviceSpec("CB", "L1", "S", DeviceKind.Breaker, SourceLocation.None));
        b.AddDevice(new DeviceSpec("FU", "T1", "B1", DeviceKind.Fuse, SourceLocation.None));
        b.AddLoadPoint(new LoadPointSpec("LP1", "B1", SourceLocation.None) { Customers = 50, AverageKw = 40 });
        b.AddLoadPoint(new LoadPointSpec("LP2", "B2", SourceLocation.None) { Customers = 100, AverageKw = 60 });
        Network network = b.Build().Network!;
        var register = new AssetRegisterBuilder();
        register.TryAdd(new AssetRecord("TX", AssetClass.DistributionTransformer, 2000) { ComponentId = "T1" });
        register.TryAdd(new AssetRecord("FUSE", AssetClass.Fuse, 2000) { ComponentId = "FU" });
        register.TryAdd(new AssetRecord("LINE", AssetClass.OverheadLine, 2000) { ComponentId = "L1" });
        register.TryAdd(new AssetRecord("CB", AssetClass.Breaker, 2000) { ComponentId = "CB" });
        register.TryAdd(new AssetRecord("POLE", AssetClass.Pole, 2000) { ComponentId = "L1" });
        var study = StudyCase.Default with { TransformerOutage = mode };
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(register.Build(), network, new AssetRiskOptions { Year = 2025, Study = study }).Result!;

        (string Id, double Customers, double Hours)[] expected =
            [("TX", 100, transformerHours), ("FUSE", 100, 2), ("LINE", 150, 4), ("CB", 150, 6), ("POLE", 150, 8)];
        foreach ((string id, double customers, double hours) in expected)
        {
            int i = Array.IndexOf(r.Register.Ids.ToArray(), id);
            Assert.Equal(customers, r.CustomersPerFailure[i], 9);
            Assert.Equal(hours, r.OutageHoursPerFailure[i], 9);
            Assert.Equal(customers * hours, r.CustomerHoursPerFailure[i], 9);
            Assert.Equal((customers == 100 ? 60 : 100) * hours, r.EnergyKwhPerFailure[i], 9);
        }

        // Overridable per class; a class left out falls back to its branch's own outage time.
        var outage = new AssetOutageOptions { RepairHours = new Dictionary<AssetClass, double> { [AssetClass.Fuse] = 3 }.ToFrozenDictionary() };
        AssetRiskResult o = AssetRiskAnalysis.Evaluate(register.Build(), network, new AssetRiskOptions { Year = 2025, Study = study, Outage = outage }).Result!;
        Assert.Equal(300, o.CustomerHoursPerFailure[1], 9);
        Assert.Equal(150 * 4, o.CustomerHoursPerFailure[3], 9);
        Assert.Equal(150 * 4, o.CustomerHoursPerFailure[4], 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => AssetRiskAnalysis.Evaluate(
            register.Build(), network, new AssetRiskOptions { Year = 2025, Outage = new AssetOutageOptions { RepairHours = new Dictionary<AssetClass, double> { [AssetClass.Fuse] = -1 }.ToFrozenDictionary() } }));
    }

    // L1 has no length in the network (a zero-length section): no Weibull exposure, no failure of the fit.
    [Fact]
    public void Evaluate_ZeroLengthLine_IsLeftOutOfTheWeibullFit()
    {
        var b = new NetworkBuilder();
        b.AddBus(new BusSpec("S", NodeKind.Source, SourceLocation.None));
        b.AddBus(new BusSpec("B1", NodeKind.Bus, SourceLocation.None));
        b.AddBranch(new BranchSpec("L1", "S", "B1", BranchKind.OverheadLine, SourceLocation.None) { FailureRatePerYear = 0.1, RepairHours = 4 });
        b.AddLoadPoint(new LoadPointSpec("LP1", "B1", SourceLocation.None) { Customers = 50, AverageKw = 40 });
        var register = new AssetRegisterBuilder();
        register.TryAdd(new AssetRecord("LINE", AssetClass.OverheadLine, 2000) { ComponentId = "L1" });
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(register.Build(), b.Build().Network!, new AssetRiskOptions { Year = 2025 }).Result!;
        Assert.Equal(0, r.PofPerYear[0]);
        Assert.Equal(200, r.CustomerHoursPerFailure[0], 9);
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
    public void PlacementErrors_NameTheUnplacedAssetsOnly()
    {
        (Network network, DemoAssets demo) = s_demo.Value;
        Assert.Empty(AssetRiskAnalysis.PlacementErrors(demo.Register, network));
        var b = new AssetRegisterBuilder();
        b.TryAdd(new AssetRecord("X1", AssetClass.DistributionTransformer, 2000) { ComponentId = network.EdgeIds[0] });
        b.TryAdd(new AssetRecord("X2", AssetClass.DistributionTransformer, 2000) { ComponentId = "NOPE" });
        Diagnostic error = Assert.Single(AssetRiskAnalysis.PlacementErrors(b.Build(), network));
        Assert.Equal(("component_id", 3), (error.Field, error.Location.Line));
        Assert.Contains("NOPE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WithoutNetwork_HealthOnly()
    {
        (_, DemoAssets demo) = s_demo.Value;
        AssetRiskResult r = AssetRiskAnalysis.Evaluate(demo.Register, null, new AssetRiskOptions { Year = 2025, Method = PofMethod.Weibull }).Result!;
        Assert.All(r.Method.ToArray(), m => Assert.Equal(PofMethod.Weibull, m));
        Assert.True(double.IsNaN(r.RiskPerYear[0]));
        Assert.True(r.PofPerYear.ToArray().All(p => p >= 0 && p <= 1));
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
