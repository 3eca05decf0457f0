using System.ComponentModel;
using System.Globalization;
using Lumen.Forecast.Data;
using Lumen.Host.Documents;
using Lumen.Host.Services;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Complaints;
using Lumen.Reliability.History;
using Lumen.Reliability.Investment;
using Lumen.Reliability.Voltage.PowerFlow;
using Lumen.Reliability.Voltage;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Spectre.Console.Cli;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>How <c>plan invest</c> prints its result.</summary>
internal enum InvestOutputFormat
{
    /// <summary>Tables for a person at a terminal.</summary>
    Table,

    /// <summary>The report as JSON.</summary>
    Json,

    /// <summary>One CSV row per project.</summary>
    Csv,
}

/// <summary><c>lumen plan invest</c>: one budgeted multi-year project list across every lever (docs/investment.md).</summary>
internal sealed class PlanInvestCommand(IAnsiConsole console) : Command<PlanInvestCommand.Settings>
{
    /// <summary>Options of <c>plan invest</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("Network: a Lumen CSV folder, a power-flow case folder or an OpenDSS master .dss file.")]
        public string Path { get; init; } = string.Empty;

        [CommandOption("--case <ID>")]
        [Description("Study case from the folder's case.json.")]
        public string? Case { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("table (default), json or csv (one row per project).")]
        [DefaultValue(InvestOutputFormat.Table)]
        public InvestOutputFormat Format { get; init; } = InvestOutputFormat.Table;

        [CommandOption("--xlsx <FILE>")]
        [Description("Also write the plan as an Excel workbook (sheets projects, years with and without the plan, constraints, growth per feeder).")]
        public string? Xlsx { get; init; }

        [CommandOption("--compare-levers")]
        [Description("Instead of one plan: the combined plan against each single-lever plan at the same budget, each checked by Monte Carlo simulation of the network with the plan built (docs/investment.md §7).")]
        public bool CompareLevers { get; init; }

        [CommandOption("--mc-years <N>")]
        [Description("Simulated years per plan for --compare-levers, 100-100000 (default 2000).")]
        [DefaultValue(2000)]
        public int MonteCarloYears { get; init; } = 2000;

        [CommandOption("--load <PATH>")]
        [Description("Load series (as plan diagnose): load levels of the restoration and loading; a series named after a feeder also gives its growth (its peak outlook, as forecast peaks); a feeder without one grows as the sum of its transformers' series (by branch or load-point id).")]
        public string? Load { get; init; }

        [CommandOption("--history <DIR>")]
        [Description("Outage history folder (outages.csv, optional restoration_steps.csv, momentary.csv and complaints.csv): historical reliability, and the fitted complaint-rate model when complaints.csv is there.")]
        public string? History { get; init; }

        [CommandOption("--register <FILE>")]
        [Description("Asset register (docs/assets.md §1): replacement candidates from the CNAIM risk.")]
        public string? Register { get; init; }

        [CommandOption("--projects <FILE>")]
        [Description("The planner's own projects (projects.csv, docs/investment.md §4).")]
        public string? Projects { get; init; }

        [CommandOption("--costs <FILE>")]
        [Description("Unit costs and values (JSON, docs/investment.md §3); what is left out keeps its default.")]
        public string? Costs { get; init; }

        [CommandOption("--zones <FILE>")]
        [Description("Supply zones (id,zone), as plan diagnose: where N-1 is required.")]
        public string? Zones { get; init; }

        [CommandOption("--rules <FILE>")]
        [Description("Diagnosis rule table (JSON, as plan diagnose): which zones require N-1 and their RS-1 targets.")]
        public string? Rules { get; init; }

        [CommandOption("--constraints <LIST>")]
        [Description("Hard constraints: none, all, or some of overloads (every overload fixed), n1 (N-1 where the zone requires it), zone_targets (each feeder reaches its zone's RS-1 target); default overloads,n1.")]
        public string? Constraints { get; init; }

        [CommandOption("--budget-per-year <AMOUNT>")]
        [Description("Budget per year (default 5,000,000).")]
        [DefaultValue(5_000_000d)]
        public double BudgetPerYear { get; init; } = 5_000_000;

        [CommandOption("--years <N>")]
        [Description("Plan years, 1-30 (default 5).")]
        [DefaultValue(5)]
        public int Years { get; init; } = 5;

        [CommandOption("--levers <LIST>")]
        [Description("Levers allowed, comma-separated: replacement, switches, ties, voltage, reinforcement (default all).")]
        public string? Levers { get; init; }

        [CommandOption("--no-constraints")]
        [Description("No hard constraints (as --constraints none).")]
        public bool NoConstraints { get; init; }

        [CommandOption("--growth-percent <PCT>")]
        [Description("Peak growth per year of every feeder without a rate in --growth, % (-50..100): later years are valued with grown loads. Default: each feeder's growth from the peak outlook of its --load series (as forecast peaks), else 0.")]
        public double? GrowthPercent { get; init; }

        [CommandOption("--growth <FILE>")]
        [Description("Planner growth CSV as forecast peaks reads it (series_id = feeder): series_id,growth_percent_per_year,added_peak_mw,added_from_year; an empty rate takes --growth-percent, else the forecast.")]
        public string? Growth { get; init; }

        [CommandOption("--no-ageing")]
        [Description("Value every year with today's failure rates (default: the --register assets age year by year).")]
        public bool NoAgeing { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Network name in the report (default: the folder's name).")]
        public string? Name { get; init; }

        [CommandOption("--top <N>")]
        [Description("Projects shown in the table view (default 25).")]
        [DefaultValue(25)]
        public int Top { get; init; } = 25;

        public InvestConstraints ConstraintSet => NoConstraints ? new InvestConstraints(false, false, false) : InvestConstraints.Parse(Constraints, out _)!;

        public IReadOnlyList<string> LeverList => InvestInputs.LeverList(Levers);

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Path))
            {
                return ValidationResult.Error("a network path is required");
            }

            if (!(BudgetPerYear >= 0 && BudgetPerYear <= 1e12))
            {
                return ValidationResult.Error("--budget-per-year must be an amount in 0..1e12");
            }

            if (GrowthPercent is double g && !(g is >= -50 and <= 100))
            {
                return ValidationResult.Error("--growth-percent must lie in -50..100");
            }

            if (LeverList.Count == 0 || LeverList.Any(l => !Reliability.Investment.Levers.All.Contains(l)))
            {
                return ValidationResult.Error($"--levers must be some of {string.Join(", ", Reliability.Investment.Levers.All)}");
            }

            if (NoConstraints && Constraints is not null)
            {
                return ValidationResult.Error("give --constraints or --no-constraints, not both");
            }

            if (InvestConstraints.Parse(Constraints, out string? constraintsProblem) is null)
            {
                return ValidationResult.Error($"--constraints must be {constraintsProblem}");
            }

            if (CompareLevers && (Format == InvestOutputFormat.Csv || Xlsx is not null))
            {
                return ValidationResult.Error("--compare-levers writes table or json");
            }

            if (MonteCarloYears is < 100 or > 100_000)
            {
                return ValidationResult.Error("--mc-years must be 100..100000");
            }

            return Years is < 1 or > 30 ? ValidationResult.Error("--years must be 1..30") : Top < 1 ? ValidationResult.Error("--top must be at least 1") : ValidationResult.Success();
        }
    }

    /// <summary>One project as a CSV row (the report's fields, the effect flattened).</summary>
    internal sealed record ProjectCsvRow(
        int PlanYear, int Order, string Id, string Kind, string Lever, string? Feeder, double Cost, double Benefit, double? BenefitCostRatio, double NetPresentValue,
        double AnnualBenefit, double? DeltaSaifi, double? DeltaSaidi, double DeltaCustomerHours, double DeltaEnsMwh, double DeltaComplaints, double DeltaLowVoltageCustomers, int DeltaN1Failures,
        int DeltaOverloads, string Reason, string? Constraint, string Problem, string Fixes, int? AppearsInYear, string Description, string Source, double? X, double? Y);

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        NetworkImportResult imported = NetworkImporter.Import(settings.Path, settings.Case);
        if (imported.Network is not Network network)
        {
            DiagnosticsView.Write(console, imported.Diagnostics);
            return ExitCodes.InvalidInput;
        }

        if (Gather(settings, network, imported.Case, out double? lowVoltageRate) is not InvestmentPlanRequest request)
        {
            return ExitCodes.InvalidInput;
        }

        if (settings.CompareLevers)
        {
            LeverComparisonReport comparison = WithProgress(settings.Format, "Lever comparison",
                p => LeverComparisonQuery.Run(
                    new LeverComparisonRequest(request)
                    {
                        MonteCarloYears = settings.MonteCarloYears,
                        LowVoltageComplaintsPerCustomerYear = lowVoltageRate ?? LowVoltageComplaintRate.Default,
                        LowVoltageComplaintRateSource = lowVoltageRate is null ? "default" : "fitted",
                    },
                    p,
                    cancellationToken));
            if (settings.Format == InvestOutputFormat.Json)
            {
                LumenJson.Write(console, comparison);
            }
            else
            {
                WriteComparison(console, comparison);
            }

            return ExitCodes.Ok;
        }

        InvestmentPlanReport report = WithProgress(settings.Format, "Investment plan", p => InvestmentPlanQuery.Run(request, p, cancellationToken));
        switch (settings.Format)
        {
            case InvestOutputFormat.Json:
                LumenJson.Write(console, report);
                break;
            case InvestOutputFormat.Csv:
                AssetLoading.WriteCsv(console, ProjectRows(report));
                break;
            default:
                Write(console, report, settings.Top);
                break;
        }

        return settings.Xlsx is null ? ExitCodes.Ok : WriteWorkbook(console, settings, report, cancellationToken);
    }

    private static int WriteWorkbook(IAnsiConsole console, Settings settings, InvestmentPlanReport report, CancellationToken cancellationToken)
    {
        try
        {
            using (FileStream file = File.Create(settings.Xlsx!))
            {
                InvestmentWorkbook.WriteAsync(file, report, cancellationToken).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error: --xlsx {Markup.Escape(settings.Xlsx!)}: {Markup.Escape(e.Message)}[/]");
            return ExitCodes.InvalidInput;
        }

        if (settings.Format == InvestOutputFormat.Table)
        {
            console.MarkupLine($"wrote [bold]{Markup.Escape(settings.Xlsx!)}[/]");
        }

        return ExitCodes.Ok;
    }

    // A progress bar on a terminal (table output); otherwise one line per step on standard error, so that standard output stays the document.
    private T WithProgress<T>(InvestOutputFormat format, string title, Func<Action<double, string>, T> work)
    {
        if (format == InvestOutputFormat.Table && console.Profile.Capabilities.Interactive && console.Profile.Out.IsTerminal)
        {
            T result = default!;
            console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask task = ctx.AddTask(title, maxValue: 1);
                    result = work((fraction, step) =>
                    {
                        task.Description = Markup.Escape($"{title}: {step}");
                        task.Value = fraction;
                    });
                    task.Value = 1;
                });
            return result;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        string last = string.Empty;
        return work((fraction, step) =>
        {
            if (step != last)
            {
                last = step;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{fraction * 100:0}%] {title}: {step} ({watch.Elapsed.TotalSeconds:0.0} s)"));
            }
        });
    }

    private static IEnumerable<ProjectCsvRow> ProjectRows(InvestmentPlanReport report) => report.Projects.Select(p => new ProjectCsvRow(
        p.PlanYear, p.Order, p.Id, p.Kind, p.Lever, p.Feeder, p.Cost, p.Benefit, p.BenefitCostRatio, p.NetPresentValue, p.Effect.AnnualBenefit,
        p.Effect.DeltaSaifi, p.Effect.DeltaSaidi, p.Effect.DeltaCustomerHours, p.Effect.DeltaEnsMwh, p.Effect.DeltaComplaints, p.Effect.DeltaLowVoltageCustomers,
        p.Effect.DeltaN1Failures, p.Effect.DeltaOverloads, p.Reason, p.Constraint, p.Problem, p.Fixes, p.AppearsInYear, p.Description, p.Source, p.X, p.Y));

    // Reads every optional input; null after printing the first file's errors. lowVoltageRate: low-voltage complaints
    // per low-voltage customer-year fitted from --history's complaints.csv, when there is one.
    private InvestmentPlanRequest? Gather(Settings settings, Network network, StudyCase study, out double? lowVoltageRate)
    {
        lowVoltageRate = null;
        (InvestPlannerInputs? planner, IReadOnlyList<Diagnostic> fileDiagnostics) = InvestInputs.ReadFiles(network, new InvestFiles(settings.Projects, settings.Costs, settings.Zones, settings.Rules));
        WriteDiagnostics(settings.Format, fileDiagnostics);
        if (planner is null)
        {
            return null;
        }

        IReadOnlyList<LoadSeries> load = [];
        if (settings.Load is not null)
        {
            if (LoadSeriesInput.ReadSeries(console, settings.Load, settings.Format != InvestOutputFormat.Table) is not { } series)
            {
                return null;
            }

            load = series;
        }

        HistoryReport? history = null;
        IComplaintRateModel complaints = LogisticComplaintRateModel.Default;
        if (settings.History is not null)
        {
            HistoryImportResult read = OutageHistoryImporter.Import(network, PlanDiagnoseCommand.HistoryFiles(settings.History));
            if (read.History is not OutageHistory outages)
            {
                DiagnosticsView.Write(console, read.Diagnostics);
                return null;
            }

            history = HistoryStatistics.Compute(outages, PlanningInputs.HistoryQuery);
            string complaintFile = System.IO.Path.Combine(settings.History, "complaints.csv");
            if (File.Exists(complaintFile))
            {
                ComplaintImportResult log = ComplaintImporter.Import(network, complaintFile);
                if (!log.Succeeded)
                {
                    DiagnosticsView.Write(console, log.Diagnostics);
                    return null;
                }

                // Linked as the service links them: the areas below the limit at peak are standing low-voltage episodes.
                LowVoltageReport peak = LowVoltagePrediction.Predict(network, PowerFlowScenario.Base with { SourceVoltagePu = 1.05 }, VoltageProfile.GbT12325);
                IReadOnlyList<Episode> episodes = peak.PowerFlow.Converged ? ComplaintSummaries.StandingLowVoltageEpisodes(peak.LowAreas.Select(a => a.LoadPointId), log.Complaints) : [];
                ComplaintLinkResult links = ComplaintLinker.Link(outages, episodes, log.Complaints, null, out _);
                ComplaintRateReport rates = ComplaintRates.Compute(outages, links);
                lowVoltageRate = peak.PowerFlow.Converged ? LowVoltageComplaintRate.Fit(links, peak.LowAreas.Sum(a => a.Customers)) : null;
                if ((rates.Logistic ?? rates.Poisson) is ComplaintRateModel model)
                {
                    complaints = new FittedComplaintRateModel(model);
                }
            }
        }

        AssetRiskResult? assets = null;
        if (settings.Register is not null)
        {
            AssetRegisterResult read = AssetRegisterReader.Read(settings.Register);
            if (read.Register is not AssetRegister register)
            {
                DiagnosticsView.Write(console, read.Diagnostics);
                return null;
            }

            AssetRiskOutcome outcome = AssetRiskAnalysis.Evaluate(register, network, InvestInputs.AssetOptions(register, study, complaints, AssetCostOptions.Default, AssetOutageOptions.Default));
            if (outcome.Result is null)
            {
                DiagnosticsView.Write(console, outcome.Diagnostics);
                return null;
            }

            assets = outcome.Result;
        }

        (InvestmentGrowthResult? growth, IReadOnlyList<Diagnostic> growthDiagnostics) = InvestInputs.ReadGrowth(network, settings.Growth, settings.GrowthPercent, load);
        WriteDiagnostics(settings.Format, growthDiagnostics);
        if (growth is null)
        {
            return null;
        }

        string name = settings.Name ?? System.IO.Path.GetFileName(System.IO.Path.GetFullPath(settings.Path).TrimEnd(System.IO.Path.DirectorySeparatorChar));
        return InvestInputs.Request(network, name, study, settings.BudgetPerYear, settings.Years, planner, settings.LeverList, settings.ConstraintSet) with
        {
            Load = [.. load.Select(PlanningInputs.Of)],
            History = history,
            Assets = assets,
            ComplaintModel = complaints,
            GrowthPercentPerYear = growth.GrowthPercentPerYear,
            Growth = growth.Growth,
            Ageing = !settings.NoAgeing,
        };
    }

    // Errors on the console (there is no document then); warnings beside a JSON or CSV document go to standard error.
    private void WriteDiagnostics(InvestOutputFormat format, IReadOnlyList<Diagnostic> diagnostics)
    {
        DiagnosticsView.Write(console, [.. diagnostics.Where(d => format == InvestOutputFormat.Table || d.Severity == DiagnosticSeverity.Error)]);
        foreach (Diagnostic d in diagnostics.Where(d => format != InvestOutputFormat.Table && d.Severity != DiagnosticSeverity.Error))
        {
            Console.Error.WriteLine(d.ToString());
        }
    }

    private static void Write(IAnsiConsole console, InvestmentPlanReport r, int top)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        console.MarkupLine(Markup.Escape(
            $"Investment plan for {r.Network} ({r.Currency}): {r.Projects.Count} projects of {r.Candidates} candidates, spends {r.Spent.ToString("N0", ci)}, "
            + $"benefit {r.Benefit.ToString("N0", ci)} (present values at {(r.DiscountRate * 100).ToString("0.##", ci)} %/yr over {r.AppraisalYears} years), "
            + $"B/C {F(r.BenefitCostRatio, "0.00")}, NPV {r.NetPresentValue.ToString("N0", ci)}; annual benefit {r.AnnualBenefit.ToString("N0", ci)} of at most "
            + $"{r.UpperBoundAnnualBenefit.ToString("N0", ci)} (gap ≤ {F(r.OptimalityGap * 100, "0.0")} %); {r.Evaluations} engine evaluations"));
        console.MarkupLine(Markup.Escape(GrowthLine(r)));
        var years = new Table().Title("Per year: without the plan → with the projects working by then")
            .AddColumns("year", "budget", "spent", "projects", "SAIDI h", "SAIFI", "ENS MWh", "complaints", "low-voltage customers", "N-1 failing feeders", "N-1 failing sections", "overloads");
        foreach (InvestmentYear y in r.YearRows)
        {
            years.AddRow(
                y.PlanYear.ToString(ci), y.Budget.ToString("N0", ci), y.Spent.ToString("N0", ci), y.Projects.ToString(ci),
                Pair(y.WithoutPlan.Saidi, y.WithPlan.Saidi, "0.000"), Pair(y.WithoutPlan.Saifi, y.WithPlan.Saifi, "0.000"), Pair(y.WithoutPlan.EnsMwh, y.WithPlan.EnsMwh, "N1"),
                Pair(y.WithoutPlan.Complaints, y.WithPlan.Complaints, "N1"), Pair(y.WithoutPlan.LowVoltageCustomers, y.WithPlan.LowVoltageCustomers, "N0"),
                Pair(y.WithoutPlan.N1FailingFeeders, y.WithPlan.N1FailingFeeders, "N0"), Pair(y.WithoutPlan.N1Failures, y.WithPlan.N1Failures, "N0"), Pair(y.WithoutPlan.Overloads, y.WithPlan.Overloads, "N0"));
        }

        years.AddRow("final", string.Empty, r.Spent.ToString("N0", ci), r.Projects.Count.ToString(ci),
            Pair(r.Baseline.Saidi, r.Final.Saidi, "0.000"), Pair(r.Baseline.Saifi, r.Final.Saifi, "0.000"), Pair(r.Baseline.EnsMwh, r.Final.EnsMwh, "N1"),
            Pair(r.Baseline.Complaints, r.Final.Complaints, "N1"), Pair(r.Baseline.LowVoltageCustomers, r.Final.LowVoltageCustomers, "N0"),
            Pair(r.Baseline.N1FailingFeeders, r.Final.N1FailingFeeders, "N0"), Pair(r.Baseline.N1Failures, r.Final.N1Failures, "N0"), Pair(r.Baseline.Overloads, r.Final.Overloads, "N0"));
        console.Write(years);

        var chart = new BarChart().Width(Math.Min(100, console.Profile.Width)).Label("Expected complaints a year: without the plan, and with the projects working by each year");
        chart.AddItem("without", r.Baseline.Complaints, Color.Grey);
        foreach (InvestmentYear y in r.YearRows)
        {
            chart.AddItem($"year {y.PlanYear}", y.WithPlan.Complaints, Color.Green);
        }

        chart.AddItem("all built", r.Final.Complaints, Color.Green);
        console.Write(chart);

        var projects = new Table().Title($"Projects ({r.Projects.Count}) in order of choice; first {top}")
            .AddColumns("year", "id", "kind", "feeder", "cost", "B/C", "Δcomplaints", "ΔSAIDI h", "ΔLV cust.", "reason", "what it fixes");
        foreach (InvestmentProject p in r.Projects.Take(top))
        {
            projects.AddRow(
                p.PlanYear.ToString(ci), Markup.Escape(p.Id), p.Kind, Markup.Escape(p.Feeder ?? "—"), p.Cost.ToString("N0", ci), F(p.BenefitCostRatio, "0.00"),
                p.Effect.DeltaComplaints.ToString("0.00", ci), F(p.Effect.DeltaSaidi, "0.0000"), p.Effect.DeltaLowVoltageCustomers.ToString("N0", ci),
                Markup.Escape(p.Constraint is null ? p.Reason : $"{p.Reason}: {p.Constraint}"), Markup.Escape(p.Fixes));
        }

        console.Write(projects);
        if (r.Constraints.Count > 0)
        {
            var constraints = new Table().Title("Hard constraints").AddColumns("rule", "feeder / project", "met", "by", "detail");
            foreach (InvestmentConstraint c in r.Constraints)
            {
                constraints.AddRow(c.Rule, Markup.Escape(c.Feeder), c.Met ? "yes" : "[red]no[/]", Markup.Escape(c.Project ?? "—"), Markup.Escape(c.Detail));
            }

            console.Write(constraints);
        }

        console.MarkupLine(Markup.Escape(r.ComplaintModel.Describe()));
    }

    private static void WriteComparison(IAnsiConsole console, LeverComparisonReport r)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        var table = new Table().Title(Markup.Escape(
                $"{r.Network}: every plan at {r.BudgetPerYear.ToString("N0", ci)} {r.Currency} a year for {r.Years} years, constraints {(r.Constraints ? "on" : "off")}; each checked by {r.MonteCarloYears.ToString("N0", ci)} simulated years (seed {r.Seed})"))
            .AddColumns("plan", "projects", "spent", "est. Δcomplaints", "complaints", "Δcomplaints", "sim. Δoutage compl.", "LV customers", "ΔLV compl.", "est. Δcust-h", "sim. cust-h", "sim. Δcust-h", "sim. SAIDI h (±95 %)", "sim. ENS MWh");
        foreach (LeverPlanOutcome p in r.Plans)
        {
            table.AddRow(
                p.Plan, p.Projects.ToString(ci), p.Spent.ToString("N0", ci), p.EstimatedComplaintsAvoided.ToString("N1", ci), p.SimulatedComplaints.ToString("N1", ci),
                p.SimulatedComplaintsAvoided.ToString("N1", ci), p.SimulatedOutageComplaintsAvoided.ToString("N1", ci), p.LowVoltageCustomers.ToString("N0", ci),
                p.LowVoltageComplaintsAvoided.ToString("N1", ci), p.EstimatedCustomerHoursAvoided.ToString("N0", ci), p.SimulatedCustomerHours.ToString("N0", ci),
                p.SimulatedCustomerHoursAvoided.ToString("N0", ci), $"{p.SimulatedSaidi.ToString("0.000", ci)} ± {F(p.SimulatedSaidiHalfWidth, "0.000")}", p.SimulatedEnsMwh.ToString("N1", ci));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(string.Create(ci,
            $"Complaints = outage complaints simulated by Monte Carlo + low-voltage customers at peak (power flow) × {r.LowVoltageComplaintsPerCustomerYear:0.####} complaints per low-voltage customer-year ({r.LowVoltageComplaintRateSource}).")));
        var chart = new BarChart().Width(Math.Min(100, console.Profile.Width)).Label("Expected complaints a year removed (outage simulated + low voltage)");
        foreach (LeverPlanOutcome p in r.Plans.Where(p => p.Plan != "none"))
        {
            chart.AddItem(p.Plan, Math.Round(p.SimulatedComplaintsAvoided, 1), p.Plan == "combined" ? Color.Green : Color.Grey);
        }

        console.Write(chart);
    }

    // Per source, how many feeders and their range of growth; and whether the assets age.
    private static string GrowthLine(InvestmentPlanReport r)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        IEnumerable<string> parts = r.Growth.GroupBy(g => g.Source).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            double low = g.Min(x => x.GrowthPercentPerYear);
            double high = g.Max(x => x.GrowthPercentPerYear);
            string range = low == high ? low.ToString("0.##", ci) : $"{low.ToString("0.##", ci)} to {high.ToString("0.##", ci)}";
            return $"{g.Count().ToString(ci)} feeders {range} %/yr ({g.Key})";
        });
        return $"Load growth: {string.Join("; ", parts)}. Assets ageing: {(r.Ageing ? "on" : "off")}.";
    }

    private static string Pair(double? without, double? with, string format) => $"{F(without, format)} → {F(with, format)}";

    private static string F(double? x, string format) => x is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";
}
