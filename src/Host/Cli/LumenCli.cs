using Lumen.Host.Cli;
using Lumen.Host.Cli.Commands;
using Lumen.Host.Storage.DuckDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Lumen.Host;

/// <summary>
/// The <c>lumen</c> command line: verbs, strict parsing and documented exit codes. The composition root of the CLI, like
/// Program of the process: it knows every command, and the commands know only the CLI's shared parts (Lumen.Host.Cli).
/// </summary>
internal static class LumenCli
{
    /// <summary>Runs the command line and returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        app.Configure(config => Configure(config, console ?? CliConsole.Create(Console.IsOutputRedirected)));
        int code = app.Run(args);

        // Spectre returns -1 for parse errors; map them to the documented usage exit code.
        return code < 0 ? ExitCodes.Usage : code;
    }

    internal static void Configure(IConfigurator config, IAnsiConsole? console)
    {
        config.SetApplicationName("lumen");
        config.UseStrictParsing();
        config.SetExceptionHandler((exception, _) =>
        {
            IAnsiConsole output = console ?? AnsiConsole.Console;
            if (DuckDbStore.UnavailableReason(exception) is { } reason)
            {
                output.MarkupLine($"[red]error: {Markup.Escape(reason)}[/]");
                return ExitCodes.StoreUnavailable;
            }

            // As Spectre reports them itself; -1 becomes the usage exit code.
            if (exception is CommandAppException { Pretty: { } pretty })
            {
                output.Write(pretty);
            }
            else
            {
                output.WriteException(exception, ExceptionFormats.ShortenEverything);
            }

            return -1;
        });
        if (console is not null)
        {
            config.ConfigureConsole(console);
        }

        config.AddBranch("assets", assets =>
        {
            assets.SetDescription("Aging equipment: health, probability of failure, consequence, risk ranking and replacement plans.");
            assets.AddCommand<AssetsHealthCommand>("health")
                .WithDescription("CNAIM (spec or R-package mode) or Weibull health and PoF of every asset; also reads the CNAIM package layout.")
                .WithExample("assets", "health", "--register", "lumen-data/demo/assets.csv", "--method", "cnaim", "--format", "table");
            assets.AddCommand<AssetsRankCommand>("rank")
                .WithDescription("Assets by risk removed per yuan (default) or by risk = PoF × consequence from the network model, with reasons.")
                .WithExample("assets", "rank", "--network", "lumen-data/demo", "--register", "lumen-data/demo/assets.csv", "--top", "20");
            assets.AddCommand<AssetsPlanCommand>("plan")
                .WithDescription("Budget-limited multi-year replacement plan: cost, benefit, B/C and NPV, and its effect on SAIFI, SAIDI, ENS and complaints.")
                .WithExample("assets", "plan", "--network", "lumen-data/demo", "--register", "lumen-data/demo/assets.csv", "--budget-per-year", "5000000", "--years", "5");
            assets.AddCommand<AssetsBacktestCommand>("backtest")
                .WithDescription("Ranking backtest on generated demo counties: PoF judged on failures, risk on customer-hours and outage cost (docs/assets.md §6).")
                .WithExample("assets", "backtest", "--format", "markdown");
        });

        config.AddBranch("demo", demo =>
        {
            demo.SetDescription("Generate Lumen's own demo data.");
            demo.AddCommand<DemoRunCommand>("run")
                .WithDescription("The batch report: generate the demo county, import it back, and report on it.")
                .WithExample("demo", "run");
            demo.AddCommand<DemoGenerateCommand>("generate")
                .WithDescription("Write a synthetic county distribution network in Lumen's CSV format.")
                .WithExample("demo", "generate", "--scale", "county", "--seed", "42", "--out", "lumen-data/demo");
        });

        config.AddBranch("import", import =>
        {
            import.SetDescription("Import data into the embedded store (lumen-data/lumen.duckdb).");
            import.AddCommand<ImportNetworkCommand>("network")
                .WithDescription("Validate a network and store it as a new version (all or nothing; re-importing the same files is detected).")
                .WithExample("import", "network", "lumen-data/demo", "--data", "lumen-data");
            import.AddCommand<ImportAssetsCommand>("assets")
                .WithDescription("Validate an asset register and store it as the new current revision (all or nothing; re-importing the current file is detected).")
                .WithExample("import", "assets", "lumen-data/demo/assets/assets.csv", "--data", "lumen-data");
            import.AddCommand<ImportOutagesCommand>("outages")
                .WithDescription("Validate outage records against the store's newest network and store them as the new outage dataset (all or nothing; the same files again are detected).")
                .WithExample("import", "outages", "--history", "lumen-data/demo/history", "--data", "lumen-data");
            import.AddCommand<ImportComplaintsCommand>("complaints")
                .WithDescription("Validate 95598 complaints against the store's newest network and store them as the new complaint dataset.")
                .WithExample("import", "complaints", "lumen-data/demo/history/complaints.csv", "--data", "lumen-data");
            import.AddCommand<ImportLoadCommand>("load").WithDescription("Validate load series (one CSV per series) and store them as one batch; re-importing the same files is detected.").WithExample("import", "load", "lumen-data/demo/load", "--data", "lumen-data");
            import.AddCommand<ImportRepairsCommand>("repairs").WithDescription("Validate repair work orders with their crew register and store them as one batch (all or nothing; the same files again are detected).").WithExample("import", "repairs", "lumen-data/demo/repair", "--data", "lumen-data");
            import.AddCommand<ImportVoltageCommand>("voltage").WithDescription("Validate voltage readings and store them as one batch; re-importing the same file is detected.").WithExample("import", "voltage", "lumen-data/demo/voltage/readings.csv", "--data", "lumen-data");
        });

        config.AddBranch("plan", plan =>
        {
            plan.SetDescription("Planning: the diagnosis of the present grid (N-1, interconnection, loading, supply radius, zone targets) and the budgeted investment plan across every lever.");
            plan.AddCommand<PlanDiagnoseCommand>("diagnose")
                .WithDescription("Indicators per feeder, substation, supply zone and system, and the problems found feeder by feeder, most severe first.")
                .WithExample("plan", "diagnose", "lumen-data/demo", "--load", "lumen-data/demo/load", "--history", "lumen-data/demo/history");
            plan.AddCommand<PlanInvestCommand>("invest")
                .WithDescription("One budgeted multi-year project list across replacement, switches, ties, voltage fixes and reinforcement, by complaints avoided per yuan (docs/investment.md).")
                .WithExample("plan", "invest", "lumen-data/demo/network", "--load", "lumen-data/demo/load", "--history", "lumen-data/demo/history", "--register", "lumen-data/demo/assets/assets.csv", "--budget-per-year", "5000000", "--years", "5");
        });

        config.AddBranch("network", network =>
        {
            network.SetDescription("Versions of the stored network.");
            network.AddCommand<NetworkCurrentCommand>("current")
                .WithDescription("Make a stored version current again (recorded in the store), or list the changes of the current version.")
                .WithExample("network", "current", "2", "--data", "lumen-data");
        });

        config.AddCommand<ServeCommand>("serve")
            .WithDescription("The main job: run the HTTP service: API under /api/, dashboard at /, OpenAPI at /openapi/v1.json (seeds the demo county on first start).")
            .WithExample("serve", "--port", "5080");

        config.AddBranch("reliability", reliability =>
        {
            reliability.SetDescription("Predicted reliability from component data.");
            reliability.AddCommand<ReliabilityAssessCommand>("assess")
                .WithDescription("Load-point and system indices (SAIFI, SAIDI, CAIDI, ASAI, ENS, AITC-1/AIHC-1/RS-1), analytical and optionally Monte Carlo.")
                .WithExample("reliability", "assess", "../shared/data/reliability/rbts-bus2", "--case", "A", "--explain", "LP1");
            reliability.AddCommand<ReliabilityPlacementCommand>("placement")
                .WithDescription("The k best branches on a feeder for a new sectionaliser or recloser, ranked by ΔSAIDI.")
                .WithExample("reliability", "placement", "../shared/data/reliability/rbts-bus2", "--case", "A", "--feeder", "F1", "--device", "sectionaliser", "--count", "3");
            reliability.AddCommand<ReliabilityWhatIfCommand>("whatif")
                .WithDescription("The effect of added, removed or automated devices, ties and changed failure rates on the predicted indices (the changes of POST /api/reliability/what-if).")
                .WithExample("reliability", "whatif", "../shared/data/reliability/rbts-bus2", "--case", "A", "--changes", "changes.json");
            reliability.AddCommand<ReliabilityDiagramCommand>("diagram")
                .WithDescription("One feeder as a tree of buses with its devices, transformer areas (U, λ) and ties: the document of GET /api/feeders/{name}/diagram.")
                .WithExample("reliability", "diagram", "../shared/data/reliability/rbts-bus2", "--feeder", "F1", "--format", "json");
        });

        config.AddBranch("topology", topology =>
        {
            topology.SetDescription("Inspect and trace a network.");
            topology.AddCommand<TopologySummaryCommand>("summary")
                .WithDescription("Counts and every validation error of a network; exit code 0 only when it is valid.")
                .WithExample("topology", "summary", "../shared/data/reliability/rbts-bus2", "--case", "A");
            topology.AddCommand<TopologyTraceCommand>("trace")
                .WithDescription("Upstream path, protective device, isolation segment and alternate supply of one bus.")
                .WithExample("topology", "trace", "../shared/data/reliability/rbts-bus2", "--node", "LP1");
        });

        config.AddBranch("forecast", ForecastCli.Configure);

        config.AddBranch("voltage", voltage =>
        {
            voltage.SetDescription("Voltage compliance from meter readings, and radial power flow predicting low voltage.");
            voltage.AddCommand<VoltageStatsCommand>("stats")
                .WithDescription("Compliance rate, missing time, low-voltage customers and episodes per area, feeder or month.")
                .WithExample("voltage", "stats", "--readings", "voltage.csv", "--profile", "sgcc-low-voltage", "--by", "feeder");
            voltage.AddCommand<VoltagePowerFlowCommand>("powerflow")
                .WithDescription("Radial power flow of a load scenario: voltages, currents, losses, low-voltage customers, overloads.")
                .WithExample("voltage", "powerflow", "../shared/data/powerflow/ieee33", "--load-scale", "1.1");
            voltage.AddCommand<VoltageDayCommand>("day")
                .WithDescription("A day of an OpenDSS feeder's load shapes, three-phase: minutes below the limit per customer with the cause, transformer unbalance.")
                .WithExample("voltage", "day", "../shared/data/feeders/european_lv/Master.dss", "--load-scale", "3");
            voltage.AddCommand<VoltageRebalanceCommand>("rebalance")
                .WithDescription("Phase rebalancing (换相): customers to move between phases, and the day before and after.")
                .WithExample("voltage", "rebalance", "../shared/data/feeders/european_lv/Master.dss", "--load-scale", "3", "--max-moves", "10");
        });

        config.AddBranch("outages", outages =>
        {
            outages.SetDescription("Outage history: IEEE 1366 and DL/T 836 indices, major event days, splits.");
            outages.AddCommand<OutageStatsCommand>("stats")
                .WithDescription("System indices (with and without major event days), splits and worst-served lists for a period.")
                .WithExample("outages", "stats", "--network", "demo/network", "--outages", "demo/history/outages.csv", "--steps", "demo/history/restoration_steps.csv", "--momentary", "demo/history/momentary.csv", "--from", "2024-01-01", "--to", "2025-01-01", "--by", "feeder", "--format", "json");
        });

        config.AddBranch("repair", repair =>
        {
            repair.SetDescription("Repair response: from the customer's call to restoration, late arrivals, and where to station crews.");
            repair.AddCommand<RepairStatsCommand>("stats")
                .WithDescription("Call-to-dispatch, dispatch-to-arrival, arrival-to-restoration and call-to-restoration (median, P90, P95), late share against the commitments, worst feeders, complaint model with repair delay.")
                .WithExample("repair", "stats", "--network", "demo/network", "--orders", "demo/repair/work_orders.csv", "--crews", "demo/repair/crews.csv", "--outages", "demo/history/outages.csv", "--complaints", "demo/history/complaints.csv", "--by", "feeder");
            repair.AddCommand<RepairPlacementCommand>("placement")
                .WithDescription("The best K additional crew bases (exact on small cases, greedy-interchange with a bound beyond) and their effect on late arrivals, SAIDI and complaints.")
                .WithExample("repair", "placement", "--network", "demo/network", "--orders", "demo/repair/work_orders.csv", "--crews", "demo/repair/crews.csv", "--outages", "demo/history/outages.csv", "--count", "2");
        });

        config.AddBranch("complaints", complaints =>
        {
            complaints.SetDescription("95598 complaints linked to outages and other supply episodes.");
            complaints.AddCommand<ComplaintLinkCommand>("link")
                .WithDescription("Link each complaint to the outage or episode that most plausibly caused it.")
                .WithExample("complaints", "link", "--network", "demo/network", "--outages", "demo/history/outages.csv", "--complaints", "demo/history/complaints.csv", "--out", "links.csv");
            complaints.AddCommand<ComplaintSummaryCommand>("summary")
                .WithDescription("What the complaints were linked to (outages, low voltage, other episodes), by category, month and feeder.")
                .WithExample("complaints", "summary", "--network", "demo/network", "--outages", "demo/history/outages.csv", "--complaints", "demo/history/complaints.csv", "--low-voltage-at-peak");
            complaints.AddCommand<ComplaintRatesCommand>("rates")
                .WithDescription("Complaints per 1,000 customer interruptions by duration and repetition, and the fitted complaint-rate model.")
                .WithExample("complaints", "rates", "--network", "demo/network", "--outages", "demo/history/outages.csv", "--steps", "demo/history/restoration_steps.csv", "--complaints", "demo/history/complaints.csv");
        });
    }
}
