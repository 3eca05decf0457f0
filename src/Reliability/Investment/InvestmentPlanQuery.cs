using Lumen.Reliability.Aging;
using Lumen.Reliability.Planning;
using Lumen.Reliability.Predictive;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Network;
using Lumen.Topology.PowerFlow;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Investment;

/// <summary>
/// The one entry point of the question "which projects, across replacement, switches, ties, voltage fixes and
/// reinforcement, remove the most complaints per yuan within these budgets?" (docs/investment.md). The CLI
/// (<c>lumen plan invest</c>) and the API (<c>/api/plan/invest</c>) only gather its inputs and render its report.
/// </summary>
public static class InvestmentPlanQuery
{
    /// <summary>Plans the investments of <paramref name="request"/>.</summary>
    /// <param name="request">Network, inputs, budgets and rules.</param>
    /// <param name="progress">Receives (fraction done, step); may be null.</param>
    /// <param name="cancellationToken">Stops between evaluations.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is out of range (<see cref="InvestmentPlanRequest.Problem"/>).</exception>
    public static InvestmentPlanReport Run(InvestmentPlanRequest request, Action<double, string>? progress = null, CancellationToken cancellationToken = default) =>
        Run(request, progress, cancellationToken, keepsLoadFigures: true);

    /// <summary><see cref="Run(InvestmentPlanRequest, Action{double, string}?, CancellationToken)"/>; <paramref name="keepsLoadFigures"/> false runs N-1 and the power flow at every valuation (the oracle of tests).</summary>
    internal static InvestmentPlanReport Run(InvestmentPlanRequest request, Action<double, string>? progress, CancellationToken cancellationToken, bool keepsLoadFigures)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Network);
        if (request.Problem() is string problem)
        {
            throw new ArgumentException(problem, nameof(request));
        }

        Net network = request.Network;
        progress?.Invoke(0, "diagnosis");
        RestorationLimits limits = LimitsOf(request);

        // Today's figures of every feeder and today's peak power flow need neither the diagnosis nor the candidates:
        // worked out on the other core meanwhile.
        var evaluator = new FeederEvaluator(network, request.Study, limits, request.ComplaintModel, request.VoltageProfile);
        Task<Dictionary<int, FeederMetrics>> today = Task.Run(() => evaluator.EvaluateAll([]), cancellationToken);
        Task<LowVoltageReport> peak = Task.Run(() => PeakOf(request, limits), cancellationToken);
        DiagnosisReport diagnosis = DiagnosisQuery.Run(new DiagnosisRequest(network, request.NetworkName, request.Study)
        {
            Load = request.Load,
            History = request.History,
            Zones = request.Zones,
            Rules = request.Rules,
            Limits = request.Limits,
        });
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Invoke(0.05, "candidates");
        List<Candidate> candidates = Candidates(network, request, Generate(request, diagnosis, limits, peak.GetAwaiter().GetResult()));
        InvestmentPlanReport report = new PortfolioPlanner(evaluator, today.GetAwaiter().GetResult(), candidates, request, diagnosis, progress, cancellationToken) { KeepsLoadFigures = keepsLoadFigures }.Run();

        // A project for a problem that appears only with growth says so, with the problem as found on that year's network.
        Dictionary<string, Candidate> byId = candidates.ToDictionary(c => c.Id, StringComparer.Ordinal);
        return report with
        {
            Projects = [.. report.Projects.Select(p => byId.GetValueOrDefault(p.Id) is { AppearsInYear: int year, Fixes: string fixes } ? p with { AppearsInYear = year, Fixes = fixes } : p)],
            Ageing = request.Ageing && request.Assets is not null,
            Growth = InvestmentGrowth.Rows(request),
        };
    }

    // The generated candidates of today's problems and, with load growth, of those that appear in a later year.
    private static IReadOnlyList<Candidate> Generate(InvestmentPlanRequest request, DiagnosisReport diagnosis, RestorationLimits limits, LowVoltageReport peak)
    {
        return new CandidateGenerator(request.Network, request.Costs).Generate(
            diagnosis, peak, request.Assets, request.MaxReplacementCandidates ?? ReplacementCandidates(request), request.MaxTieKm, GrownYear.Of(request, diagnosis, limits));
    }

    // Today's peak power flow, from which the voltage and overload candidates come.
    private static LowVoltageReport PeakOf(InvestmentPlanRequest request, RestorationLimits limits) =>
        LowVoltagePrediction.Predict(request.Network, new PowerFlowScenario { SourceVoltagePu = limits.SourceVoltagePu }, request.VoltageProfile);

    /// <summary>The request's transfer limits at its load levels (from <see cref="InvestmentPlanRequest.Load"/>, else the default curve).</summary>
    internal static RestorationLimits LimitsOf(InvestmentPlanRequest request) =>
        request.Limits with { Levels = PlanningLoad.Levels(request.Load) ?? LoadLevels.Default(ReliabilityModel.LoadFactor(request.Network)) };

    /// <summary>
    /// The network with the projects of <paramref name="report"/> built (the whole plan, or those paid for by
    /// <paramref name="throughYear"/>), for evaluating a plan with another engine (the Monte Carlo simulation).
    /// </summary>
    /// <exception cref="ArgumentException">A project of the report is not among the request's candidates.</exception>
    public static Net Apply(InvestmentPlanRequest request, InvestmentPlanReport report, int? throughYear = null) => Built(request, report, throughYear).Network;

    /// <summary>As <see cref="Apply"/>, with the new capacitor banks (which live in the power flow's scenario, not in the network).</summary>
    internal static EditedNetwork Built(InvestmentPlanRequest request, InvestmentPlanReport report, int? throughYear = null) =>
        EditedNetwork.Build(request.Network, null, PlanEdits(request, report, throughYear));

    /// <summary>The edits of the projects of <paramref name="report"/> (those paid for by <paramref name="throughYear"/>), in the plan's order.</summary>
    /// <exception cref="ArgumentException">A project of the report is not among the request's candidates.</exception>
    internal static List<ProjectEdit> PlanEdits(InvestmentPlanRequest request, InvestmentPlanReport report, int? throughYear = null) =>
        [.. EditsByProject(request, report, throughYear).SelectMany(edits => edits)];

    /// <summary>The edits of each project of <paramref name="report"/> (those paid for by <paramref name="throughYear"/>), in the plan's order.</summary>
    /// <exception cref="ArgumentException">A project of the report is not among the request's candidates.</exception>
    internal static List<IReadOnlyList<ProjectEdit>> EditsByProject(InvestmentPlanRequest request, InvestmentPlanReport report, int? throughYear = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        Net network = request.Network;
        DiagnosisReport diagnosis = DiagnosisQuery.Run(new DiagnosisRequest(network, request.NetworkName, request.Study)
        {
            Load = request.Load,
            Zones = request.Zones,
            Rules = request.Rules,
            Limits = request.Limits,
        });
        Dictionary<string, Candidate> byId = Candidates(network, request with { Levers = Levers.All }, Generate(request, diagnosis, LimitsOf(request), PeakOf(request, LimitsOf(request)))).ToDictionary(c => c.Id, StringComparer.Ordinal);
        var edits = new List<IReadOnlyList<ProjectEdit>>();
        foreach (InvestmentProject p in report.Projects)
        {
            if (throughYear is int y && p.PlanYear > y)
            {
                continue;
            }

            if (!byId.TryGetValue(p.Id, out Candidate? c))
            {
                throw new ArgumentException($"project '{p.Id}' is not a candidate of this request", nameof(report));
            }

            edits.Add(c.Edits);
        }

        return edits;
    }

    /// <summary>
    /// How many replacement candidates the plan takes by default: in the generator's order (risk removed per cost, assets
    /// on a feeder whose replacement lowers the probability of failure), as many as cost twice the plan's whole budget
    /// (budget per year × years), so that the engine's valuation, which turns some of them down, still leaves enough to spend it.
    /// </summary>
    public static int ReplacementCandidates(InvestmentPlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Assets is not AssetRiskResult assets)
        {
            return 0;
        }

        ReadOnlySpan<int> feederOfEdge = request.Network.Normal.FeederOfEdge;
        var order = new List<int>();
        for (int i = 0; i < assets.Register.Count; i++)
        {
            int e = assets.EdgeOf[i];
            if (e >= 0 && feederOfEdge[e] >= 0 && assets.PofPerYear[i] > assets.NewPofPerYear[i] && assets.ReplacementCost[i] > 0)
            {
                order.Add(i);
            }
        }

        order.Sort((a, b) => assets.RiskRemovedPerCost[b].CompareTo(assets.RiskRemovedPerCost[a]));
        double room = 2 * request.BudgetPerYear * request.Years;
        int count = 0;
        for (double cost = 0; count < order.Count && cost < room; count++)
        {
            cost += assets.ReplacementCost[order[count]];
        }

        return count;
    }

    private static List<Candidate> Candidates(Net network, InvestmentPlanRequest request, IReadOnlyList<Candidate> generated)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var list = new List<Candidate>();
        ReadOnlySpan<int> feederOf = network.Normal.FeederOf;
        foreach (PlannerProject p in request.Projects)
        {
            var touched = new List<int>();
            double x = double.NaN;
            double y = double.NaN;
            foreach (string bus in p.Buses)
            {
                if (network.TryGetNode(bus, out NodeIndex n))
                {
                    if (double.IsNaN(x))
                    {
                        (x, y) = (network.NodeX[n.Value], network.NodeY[n.Value]);
                    }

                    if (feederOf[n.Value] >= 0 && !touched.Contains(feederOf[n.Value]))
                    {
                        touched.Add(feederOf[n.Value]);
                    }
                }
            }

            if (touched.Count > 0 && request.Levers.Contains(ProjectKinds.Lever(p.Kind)) && ids.Add(p.Id))
            {
                list.Add(new Candidate(p.Id, p.Kind, p.Description, p.Edits, p.Cost, [.. touched], "planner", p.Id, x, y) { MustDo = p.MustDo, BuildYears = p.BuildYears, Source = "projects.csv" });
            }
        }

        foreach (Candidate c in generated)
        {
            if (request.Levers.Contains(ProjectKinds.Lever(c.Kind)) && ids.Add(c.Id))
            {
                list.Add(c);
            }
        }

        return list;
    }
}
