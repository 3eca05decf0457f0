using Lumen.Reliability.Aging;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
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

    /// <summary>
    /// Low-voltage complaints per low-voltage customer and year (<see cref="LowVoltageComplaintRate"/>): fitted from the
    /// complaint log, else the documented default 0.02.
    /// </summary>
    public double LowVoltageComplaintsPerCustomerYear { get; init; } = LowVoltageComplaintRate.Default;

    /// <summary>Where <see cref="LowVoltageComplaintsPerCustomerYear"/> comes from: <c>fitted</c> or <c>default</c>.</summary>
    public string LowVoltageComplaintRateSource { get; init; } = "default";

    /// <summary>The first problem with the request, or null.</summary>
    public string? Problem() =>
        MonteCarloYears is < 100 or > 100_000 ? "monte_carlo_years must lie in 100..100000"
        : !(LowVoltageComplaintsPerCustomerYear is >= 0 and <= 100) ? "low_voltage_complaints_per_customer_year must lie in 0..100"
        : Plan.Problem();
}

/// <summary>One plan of the comparison and what the simulation finds with it built.</summary>
/// <param name="Plan"><c>none</c> (the network as it is), <c>combined</c> (every lever) or the one lever allowed.</param>
/// <param name="Projects">Projects in the plan.</param>
/// <param name="Spent">What the plan spends over its years.</param>
/// <param name="EstimatedComplaintsAvoided">
/// Expected complaints a year the plan's own (analytical) engines find removed on the network the simulation runs on
/// (today's, with the plan built): outage complaints, plus the change of low-voltage customers × the low-voltage rate.
/// With load growth or ageing this is not the plan's baseline less its final state, which also holds the horizon's growth and ageing.
/// </param>
/// <param name="EstimatedCustomerHoursAvoided">Customer-hours a year the plan's own engines find removed on that network.</param>
/// <param name="SimulatedComplaints">Expected complaints a year with the plan built: <see cref="SimulatedOutageComplaints"/> + <see cref="LowVoltageComplaints"/>.</param>
/// <param name="SimulatedComplaintsAvoided">Complaints of <c>none</c> minus this plan's.</param>
/// <param name="SimulatedOutageComplaints">Outage complaints a year by Monte Carlo: Σ customers × λ × complaints per interruption of the mean duration, per load point.</param>
/// <param name="SimulatedOutageComplaintsAvoided">Simulated outage complaints of <c>none</c> minus this plan's.</param>
/// <param name="LowVoltageCustomers">Customers of the areas below the voltage limit at peak (power flow of the network with the plan built, as the plan's own estimate).</param>
/// <param name="LowVoltageComplaints">Low-voltage complaints a year: <see cref="LowVoltageCustomers"/> × the low-voltage rate.</param>
/// <param name="LowVoltageComplaintsAvoided">Low-voltage complaints of <c>none</c> minus this plan's.</param>
/// <param name="SimulatedCustomerHours">Customer-hours a year by Monte Carlo.</param>
/// <param name="SimulatedCustomerHoursAvoided">Simulated customer-hours of <c>none</c> minus this plan's.</param>
/// <param name="SimulatedSaidi">Mean SAIDI of the simulated years, hours.</param>
/// <param name="SimulatedSaidiHalfWidth">Half-width of its 95 % confidence interval; null for one year.</param>
/// <param name="SimulatedEnsMwh">Mean ENS of the simulated years, MWh.</param>
public sealed record LeverPlanOutcome(
    string Plan, int Projects, double Spent, double EstimatedComplaintsAvoided, double EstimatedCustomerHoursAvoided,
    double SimulatedComplaints, double SimulatedComplaintsAvoided, double SimulatedOutageComplaints, double SimulatedOutageComplaintsAvoided,
    int LowVoltageCustomers, double LowVoltageComplaints, double LowVoltageComplaintsAvoided,
    double SimulatedCustomerHours, double SimulatedCustomerHoursAvoided,
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
/// <param name="LowVoltageComplaintsPerCustomerYear">Low-voltage complaints per low-voltage customer and year.</param>
/// <param name="LowVoltageComplaintRateSource"><c>fitted</c> (from the complaint log) or <c>default</c>.</param>
/// <param name="Plans"><c>none</c>, <c>combined</c>, then one row per lever.</param>
public sealed record LeverComparisonReport(
    string Network, string Case, string Currency, double BudgetPerYear, int Years, bool Constraints, int MonteCarloYears, int Seed,
    double LowVoltageComplaintsPerCustomerYear, string LowVoltageComplaintRateSource, IReadOnlyList<LeverPlanOutcome> Plans);

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
        double rate = request.LowVoltageComplaintsPerCustomerYear;
        (double Complaints, double CustomerHours, int LowVoltage) none = default;
        var evaluator = new FeederEvaluator(basis.Network, basis.Study, limits, basis.ComplaintModel, basis.VoltageProfile);
        FeederMetrics today = default;
        for (int i = 0; i < plans.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = plans[i];
            InvestmentPlanReport? plan = null;
            EditedNetwork built = new(basis.Network, new Dictionary<int, double>());
            List<ProjectEdit> edits = [];
            if (name != "none")
            {
                InvestmentPlanRequest leverRequest = basis with { Levers = name == "combined" ? Levers.All : [name] };
                plan = InvestmentPlanQuery.Run(leverRequest, (f, s) => progress?.Invoke((i + (0.8 * f)) * step, $"{name}: {s}"), cancellationToken);
                edits = InvestmentPlanQuery.PlanEdits(leverRequest, plan);
                built = EditedNetwork.Build(basis.Network, null, edits);
            }

            // The plan's own engines on today's network with the plan built: what the simulation checks.
            FeederMetrics estimate = Sum(evaluator.EvaluateAll(edits).Values);
            if (name == "none")
            {
                today = estimate;
            }

            progress?.Invoke((i + 0.8) * step, $"{name}: Monte Carlo");
            Net network = built.Network;
            MonteCarloResult simulated = MonteCarloSimulator.Run(network, basis.Study, monteCarlo, reliability);
            (double complaints, double customerHours) = Simulated(network, simulated, basis.ComplaintModel);
            int lowVoltage = LowVoltageCustomers(built, limits, basis.VoltageProfile);
            if (name == "none")
            {
                none = (complaints, customerHours, lowVoltage);
            }

            double estimated = today.Complaints - estimate.Complaints + ((today.LowVoltageCustomers - estimate.LowVoltageCustomers) * rate);
            rows.Add(new LeverPlanOutcome(
                name, plan?.Projects.Count ?? 0, plan?.Spent ?? 0, estimated, today.CustomerHours - estimate.CustomerHours,
                complaints + (lowVoltage * rate), none.Complaints - complaints + ((none.LowVoltage - lowVoltage) * rate), complaints, none.Complaints - complaints,
                lowVoltage, lowVoltage * rate, (none.LowVoltage - lowVoltage) * rate,
                customerHours, none.CustomerHours - customerHours,
                simulated.Saidi.Mean, double.IsFinite(simulated.Saidi.ConfidenceHalfWidth) ? simulated.Saidi.ConfidenceHalfWidth : null, simulated.EnsMwhPerYear.Mean));
        }

        progress?.Invoke(1, "done");
        return new LeverComparisonReport(
            basis.NetworkName, basis.Study.Id, basis.Currency, basis.BudgetPerYear, basis.Years, basis.FixOverloads || basis.RequireN1, request.MonteCarloYears, request.Seed,
            rate, request.LowVoltageComplaintRateSource, rows);
    }

    private static FeederMetrics Sum(IEnumerable<FeederMetrics> metrics) => metrics.Aggregate(default(FeederMetrics), (a, b) => a + b);

    // Customers of the areas below the limit at peak with the plan built (its capacitors included), as the plan's own estimate counts them.
    private static int LowVoltageCustomers(EditedNetwork built, RestorationLimits limits, VoltageProfile profile)
    {
        var scenario = new PowerFlowScenario { SourceVoltagePu = limits.SourceVoltagePu, CapacitorKvar = built.CapacitorKvar };
        LowVoltageReport peak = LowVoltagePrediction.Predict(built.Network, scenario, profile);
        int customers = 0;
        foreach (LowVoltageArea area in peak.LowAreas)
        {
            customers += area.Customers;
        }

        return customers;
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
