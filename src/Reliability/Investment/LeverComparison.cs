using Lumen.Reliability.Aging;
using Lumen.Reliability.Predictive;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>The question "does combining levers pay?": the same budget planned with every lever and with each lever alone, each plan checked by simulation.</summary>
/// <param name="Plan">The plan's request (budget, years, inputs); its <see cref="InvestmentPlanRequest.Levers"/> are replaced per plan.</param>
public sealed record LeverComparisonRequest(InvestmentPlanRequest Plan)
{
    /// <summary>Simulated years per network, 100..100,000. Default 2,000.</summary>
    public int MonteCarloYears { get; init; } = 2_000;

    /// <summary>Seed of every simulation (the same for each plan). Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first problem with the request, or null.</summary>
    public string? Problem() => MonteCarloYears is < 100 or > 100_000 ? "monte_carlo_years must lie in 100..100000" : Plan.Problem();
}

/// <summary>One plan of the comparison and what the simulation finds with it built.</summary>
/// <param name="Plan"><c>none</c> (the network as it is), <c>combined</c> (every lever) or the one lever allowed.</param>
/// <param name="Projects">Projects in the plan.</param>
/// <param name="Spent">What the plan spends over its years.</param>
/// <param name="EstimatedComplaintsAvoided">Expected complaints a year the plan's own (analytical) estimate removes.</param>
/// <param name="EstimatedCustomerHoursAvoided">Customer-hours a year the plan's own estimate removes.</param>
/// <param name="SimulatedComplaints">Expected complaints a year by Monte Carlo with the plan built: Σ customers × λ × complaints per interruption of the mean duration, per load point.</param>
/// <param name="SimulatedComplaintsAvoided">Simulated complaints of <c>none</c> minus this plan's.</param>
/// <param name="SimulatedCustomerHours">Customer-hours a year by Monte Carlo.</param>
/// <param name="SimulatedCustomerHoursAvoided">Simulated customer-hours of <c>none</c> minus this plan's.</param>
/// <param name="SimulatedSaidi">Mean SAIDI of the simulated years, hours.</param>
/// <param name="SimulatedSaidiHalfWidth">Half-width of its 95 % confidence interval; null for one year.</param>
/// <param name="SimulatedEnsMwh">Mean ENS of the simulated years, MWh.</param>
public sealed record LeverPlanOutcome(
    string Plan, int Projects, double Spent, double EstimatedComplaintsAvoided, double EstimatedCustomerHoursAvoided,
    double SimulatedComplaints, double SimulatedComplaintsAvoided, double SimulatedCustomerHours, double SimulatedCustomerHoursAvoided,
    double SimulatedSaidi, double? SimulatedSaidiHalfWidth, double SimulatedEnsMwh);

/// <summary>The combined plan against single-lever plans at the same budget (docs/investment.md §7).</summary>
/// <param name="Network">Network name.</param>
/// <param name="Case">Study case id.</param>
/// <param name="Currency">Currency.</param>
/// <param name="BudgetPerYear">Budget per year of every plan.</param>
/// <param name="Years">Plan years.</param>
/// <param name="Constraints">Whether the hard constraints were on (they can spend over budget in year 1).</param>
/// <param name="MonteCarloYears">Simulated years per network.</param>
/// <param name="Seed">Seed of every simulation.</param>
/// <param name="Plans"><c>none</c>, <c>combined</c>, then one row per lever.</param>
public sealed record LeverComparisonReport(
    string Network, string Case, string Currency, double BudgetPerYear, int Years, bool Constraints, int MonteCarloYears, int Seed, IReadOnlyList<LeverPlanOutcome> Plans);

/// <summary>The one entry point of the lever comparison (<c>lumen plan invest --compare-levers</c>).</summary>
public static class LeverComparisonQuery
{
    /// <summary>Plans <paramref name="request"/> with every lever and with each lever alone, and simulates the network with each plan built.</summary>
    /// <param name="request">The plan request and the simulation's length.</param>
    /// <param name="progress">Receives (fraction done, step); may be null.</param>
    /// <param name="cancellationToken">Stops between plans and evaluations.</param>
    /// <returns>One row per plan.</returns>
    /// <exception cref="ArgumentException">The request is out of range.</exception>
    public static LeverComparisonReport Run(LeverComparisonRequest request, Action<double, string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Problem() is string problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        InvestmentPlanRequest basis = request.Plan;
        RestorationLimits limits = InvestmentPlanQuery.LimitsOf(basis);
        var monteCarlo = new MonteCarloOptions { Years = request.MonteCarloYears, Seed = request.Seed };
        var reliability = new ReliabilityOptions { Restoration = limits };
        string[] plans = ["none", "combined", .. Levers.All];
        double step = 1.0 / plans.Length;
        var rows = new List<LeverPlanOutcome>(plans.Length);
        (double Complaints, double CustomerHours) none = default;
        for (int i = 0; i < plans.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = plans[i];
            InvestmentPlanReport? plan = null;
            Net network = basis.Network;
            if (name != "none")
            {
                InvestmentPlanRequest leverRequest = basis with { Levers = name == "combined" ? Levers.All : [name] };
                plan = InvestmentPlanQuery.Run(leverRequest, (f, s) => progress?.Invoke((i + (0.8 * f)) * step, $"{name}: {s}"), cancellationToken);
                network = InvestmentPlanQuery.Apply(leverRequest, plan);
            }

            progress?.Invoke((i + 0.8) * step, $"{name}: Monte Carlo");
            MonteCarloResult simulated = MonteCarloSimulator.Run(network, basis.Study, monteCarlo, reliability);
            (double complaints, double customerHours) = Simulated(network, simulated, basis.ComplaintModel);
            if (name == "none")
            {
                none = (complaints, customerHours);
            }

            rows.Add(new LeverPlanOutcome(
                name, plan?.Projects.Count ?? 0, plan?.Spent ?? 0,
                plan is null ? 0 : plan.Baseline.Complaints - plan.Final.Complaints, plan is null ? 0 : plan.Baseline.CustomerHours - plan.Final.CustomerHours,
                complaints, none.Complaints - complaints, customerHours, none.CustomerHours - customerHours,
                simulated.Saidi.Mean, double.IsFinite(simulated.Saidi.ConfidenceHalfWidth) ? simulated.Saidi.ConfidenceHalfWidth : null, simulated.EnsMwhPerYear.Mean));
        }

        progress?.Invoke(1, "done");
        return new LeverComparisonReport(
            basis.NetworkName, basis.Study.Id, basis.Currency, basis.BudgetPerYear, basis.Years, basis.FixOverloads || basis.RequireN1, request.MonteCarloYears, request.Seed, rows);
    }

    // The plan's complaint and customer-hour measures (FeederEvaluator) on the simulated per-load-point means.
    private static (double Complaints, double CustomerHours) Simulated(Net network, MonteCarloResult result, IComplaintRateModel model)
    {
        ReadOnlySpan<int> customers = network.Customers;
        IReadOnlyList<double> lambda = result.LoadPoints.MeanInterruptionsPerYear;
        IReadOnlyList<double> hours = result.LoadPoints.MeanUnavailabilityHoursPerYear;
        double complaints = 0;
        double customerHours = 0;
        for (int l = 0; l < customers.Length; l++)
        {
            customerHours += customers[l] * hours[l];
            if (lambda[l] > 0)
            {
                complaints += customers[l] * lambda[l] * model.ComplaintsPerCustomerInterruption(hours[l] / lambda[l]);
            }
        }

        return (complaints, customerHours);
    }
}
