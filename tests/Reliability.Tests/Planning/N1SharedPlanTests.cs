using FsCheck.Xunit;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Tests.Predictive;
using Lumen.Topology.Network;
using Xunit;

namespace Lumen.Reliability.Tests.Planning;

/// <summary>N-1 on the failure plan and transfer network of a reliability assessment (the investment planner's valuation) against N-1 on its own.</summary>
public sealed class N1SharedPlanTests
{
    [Property(MaxTest = 1500, Arbitrary = [typeof(RandomTiedNetworkArbitraries)])]
    public void Run_OnAnAssessmentsPlan_IsN1OnItsOwnPlan(RandomTiedNetworkCase randomCase)
    {
        (Network network, StudyCase study, ReliabilityOptions options) = randomCase.Build();
        var rng = new Random(randomCase.Seed);

        // What N-1 does not read may differ from its own plan's: device reliabilities, transformer outages, load levels.
        study = study with
        {
            SwitchingTimeHours = StudyCase.Default.SwitchingTimeHours,
            FuseReliability = 0.5 + (0.5 * rng.NextDouble()),
            BreakerReliability = 0.5 + (0.5 * rng.NextDouble()),
            TransformerOutage = rng.NextDouble() < 0.5 ? TransformerOutageMode.Repair : TransformerOutageMode.Replacement,
        };
        RestorationLimits limits = options.Restoration;
        LoadLevels levels = limits.Levels!;
        var only = new bool[network.Normal.FeederNames.Length];
        for (int f = 0; f < only.Length; f++)
        {
            only[f] = rng.NextDouble() < 0.7;
        }

        var model = ReliabilityModel.Create(network, study, options);
        Assert.True(N1Analysis.SharesPlanOf(model));
        var grid = new TransferNetwork(network, model.Trace, limits);
        var plan = new FailurePlan(model, capacityFeeders: only, grid: grid);
        _ = ReliabilityAssessor.AssessPlan(plan, options);

        AssertSame(N1Analysis.Run(network, limits, levels, only), N1Analysis.Run(plan, grid, limits, levels, only));
    }

    [Fact]
    public void SharesPlanOf_OtherSwitchingTimeOrNoTies_IsFalse()
    {
        (Network network, StudyCase study, ReliabilityOptions options) = new RandomTiedNetworkCase(7, 20, 2, 3, 80, 1).Build();
        Assert.True(N1Analysis.SharesPlanOf(ReliabilityModel.Create(network, StudyCase.Default, options)));
        Assert.False(N1Analysis.SharesPlanOf(ReliabilityModel.Create(network, study with { SwitchingTimeHours = 1.5 }, options)));
        Assert.False(N1Analysis.SharesPlanOf(ReliabilityModel.Create(network, StudyCase.Default with { AlternateSupply = false }, options)));
        Assert.False(N1Analysis.SharesPlanOf(ReliabilityModel.Create(network, StudyCase.Default, options with { AutomatedSwitchingTime = TimeSpan.FromMinutes(5) })));
    }

    private static void AssertSame(IReadOnlyList<FeederN1> expected, IReadOnlyList<FeederN1> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int f = 0; f < expected.Count; f++)
        {
            Assert.Equal((expected[f].Feeder, expected[f].Contingencies, expected[f].Sections, expected[f].Tied), (actual[f].Feeder, actual[f].Contingencies, actual[f].Sections, actual[f].Tied));
            Assert.Equal(expected[f].PassesByLevel, actual[f].PassesByLevel);
            Assert.Equal(expected[f].Failures, actual[f].Failures);
        }
    }
}
