using System.Globalization;
using Lumen.Reliability.Predictive;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Terminal rendering of a reliability assessment report: tables plus a bar chart of the worst feeders.</summary>
internal static class ReliabilityView
{
    public static void WriteSystem(IAnsiConsole console, ReliabilityAssessmentReport report)
    {
        IndicesReport s = report.System;
        MonteCarloReport? mc = report.MonteCarlo;
        bool customers = report.Users == "customers";
        string per = customers ? "customer" : "transformer";
        var table = new Table().Title("System indices (predicted, per year)").AddColumn("Index").AddColumn(new TableColumn("Analytical").RightAligned());
        if (mc is not null)
        {
            table.AddColumn(new TableColumn($"Monte Carlo mean ± CI ({mc.Years:N0} yr)").RightAligned()).AddColumn(new TableColumn("P5 / P50 / P95").RightAligned());
        }

        void Row(string name, double value, DistributionReport? d, string format)
        {
            var cells = new List<string> { name, F(value, format) };
            if (mc is not null)
            {
                cells.Add(d is null ? string.Empty : $"{F(d.Mean, format)} ± {F(d.CiHalfWidth, format)}");
                cells.Add(d is null ? string.Empty : $"{F(d.P5, format)} / {F(d.P50, format)} / {F(d.P95, format)}");
            }

            table.AddRow(cells.ToArray());
        }

        Row($"SAIFI (interruptions/{per}) = AITC-1", s.Saifi, mc?.Saifi, "F4");
        Row($"SAIDI (h/{per}) = AIHC-1", s.Saidi, mc?.Saidi, "F4");
        Row("CAIDI (h/interruption)", s.Caidi, null, "F3");
        Row("ASAI", s.Asai, null, "F6");
        Row("RS-1 (%)", s.Rs1, null, "F4");
        Row("ENS (MWh)", s.EnsMwh, mc?.EnsMwh, "F3");
        Row($"AENS (MWh/{per})", s.AensMwh, null, "F6");
        Row(customers ? "customers" : "users (transformer areas)", s.Customers, null, "N0");
        console.Write(table);
    }

    public static void WriteWorstFeeders(IAnsiConsole console, ReliabilityAssessmentReport report, int top)
    {
        var worst = report.Feeders.Where(f => !double.IsNaN(f.Indices.Saidi)).OrderByDescending(f => f.Indices.Saidi).ThenBy(f => f.Id, StringComparer.Ordinal).Take(top).ToList();
        if (worst.Count == 0)
        {
            return;
        }

        var chart = new BarChart().Label($"Worst {worst.Count} feeders by SAIDI (h/yr)").Width(100);
        foreach (FeederIndicesReport f in worst)
        {
            chart.AddItem(f.Id, Math.Round(f.Indices.Saidi, 3), Color.Orange1);
        }

        console.Write(chart);
        var table = new Table().AddColumns("Feeder", "Customers", "SAIFI", "SAIDI (h)", "CAIDI (h)", "ENS (MWh)");
        foreach (FeederIndicesReport f in worst)
        {
            table.AddRow(Markup.Escape(f.Id), F(f.Indices.Customers, "N0"), F(f.Indices.Saifi, "F3"), F(f.Indices.Saidi, "F3"), F(f.Indices.Caidi, "F2"), F(f.Indices.EnsMwh, "F2"));
        }

        console.Write(table);
    }

    public static void WriteWorstLoadPoints(IAnsiConsole console, ReliabilityAssessmentReport report, int top)
    {
        var worst = report.LoadPoints.OrderByDescending(l => l.UHours).ThenBy(l => l.Id, StringComparer.Ordinal).Take(top).ToList();
        var table = new Table().Title($"Worst {worst.Count} load points by U").AddColumns("Load point", "Feeder", "Customers", "λ (f/yr)", "r (h)", "U (h/yr)", "ENS (MWh/yr)");
        foreach (LoadPointReport l in worst)
        {
            table.AddRow(Markup.Escape(l.Id), Markup.Escape(l.Feeder ?? "-"), F(l.Customers, "N0"), F(l.Lambda, "F4"), F(l.RHours, "F2"), F(l.UHours, "F4"), F(l.EnsMwh, "F3"));
        }

        console.Write(table);
    }

    public static void WriteExplanation(IAnsiConsole console, LoadPointExplanation explanation)
    {
        var table = new Table().Title($"Why {Markup.Escape(explanation.LoadPoint.Id)}: failures that interrupt it").AddColumns("Failed component", "λ (f/yr)", "Outage (h)", "U (h/yr)");
        foreach (ContributionReport c in explanation.Contributions)
        {
            table.AddRow(Markup.Escape(c.Component), F(c.Lambda, "F5"), F(c.OutageHours, "F2"), F(c.UHours, "F5"));
        }

        table.AddRow("[bold]total[/]", F(explanation.Lambda, "F5"), string.Empty, F(explanation.UHours, "F5"));
        console.Write(table);
    }

    private static string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
