using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Voltage.Demo;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Demo;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Tests.Investment;

/// <summary>The inputs of the investment properties: a random demo network, its assets' risk and the generated candidates.</summary>
/// <param name="Network">A demo network.</param>
/// <param name="Assets">The risk of its demo asset register (CNAIM, specification mode).</param>
/// <param name="Candidates">Every kind of candidate the generator finds from the network's diagnosis and its peak voltages.</param>
internal sealed record RandomDemoPlan(Network Network, AssetRiskResult Assets, IReadOnlyList<Candidate> Candidates)
{
    /// <summary>A demo network of <paramref name="minBuses"/> to <paramref name="maxBuses"/> buses (one draw of <paramref name="rng"/>) and its candidates.</summary>
    public static RandomDemoPlan Of(Random rng, int seed, int minBuses, int maxBuses, int replacements)
    {
        Network network = DemoGrid.Generate(rng.Next(minBuses, maxBuses), seed).Builder.Build().Network!;
        AssetRegister register = Lumen.Reliability.Aging.Demo.DemoAssetGenerator.Generate(network, seed).Register;
        AssetRiskResult assets = AssetRiskAnalysis.Evaluate(register, network, new AssetRiskOptions { Year = register.LatestRecordedYear(), Method = PofMethod.Cnaim, Mode = CnaimMode.Spec }).Result!;
        DiagnosisReport diagnosis = DiagnosisQuery.Run(new DiagnosisRequest(network, "demo", StudyCase.Default));
        LowVoltageReport peak = LowVoltagePrediction.Predict(network, new PowerFlowScenario { SourceVoltagePu = 1.05 }, VoltageProfile.GbT12325);
        return new RandomDemoPlan(network, assets, new CandidateGenerator(network, InvestmentCosts.Default).Generate(diagnosis, peak, assets, replacements, 3));
    }
}
