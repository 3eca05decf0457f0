using Lumen.Reliability.Aging;
using Lumen.Reliability.Investment;
using Lumen.Topology.Network;

namespace Lumen.Host.Services;

/// <summary>The inputs of an investment plan as the CLI and the service both gather them, so that their documents agree.</summary>
internal static class InvestInputs
{
    /// <summary>The asset-risk options of the replacement candidates: CNAIM (spec mode) as of the register's latest year, as the assets slice.</summary>
    public static AssetRiskOptions AssetOptions(AssetRegister register, StudyCase study, IComplaintRateModel complaints, AssetCostOptions costs, AssetOutageOptions outage) => new()
    {
        Year = register.LatestRecordedYear(),
        Method = PofMethod.Cnaim,
        Mode = CnaimMode.Spec,
        Study = study,
        Complaints = complaints,
        Costs = costs,
        Outage = outage,
    };

    /// <summary>A request with the service's defaults (capacity limits at 1.05 pu, as the diagnosis).</summary>
    public static InvestmentPlanRequest Request(Network network, string name, StudyCase study, double budgetPerYear, int years) => new(network, name, study)
    {
        BudgetPerYear = budgetPerYear,
        Years = years,
        Limits = PlanningInputs.Limits(true, 1.05),
    };
}
