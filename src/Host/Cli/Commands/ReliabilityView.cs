using System.Globalization;
using Lumen.Reliability.Predictive;
using Lumen.Topology.Network;
using Spectre.Console;

namespace Lumen.Host.Cli.Commands;

/// <summary>Terminal rendering of reliability results: tables plus a bar chart of the worst feeders.</summary>
internal static class ReliabilityView
{
    public static void WriteSystem(IAnsiConsole console, ReliabilityIndices s, MonteCarloResult? mc, UserCounting users)
    {
        string per = users == UserCounting.Customers ? "customer" : "transformer";
        var table = new Table().Title("System indices (predicted, per year)").AddColumn("Index").AddColumn(new TableColumn("Analytical").RightAligned());
        if (mc is not null)
        {
            table.AddColumn(new TableColumn($"Monte Carlo mean ± CI ({mc.Years:N0} yr)").RightAligned()).AddColumn(new TableColumn("P5 / P50 / P95").RightAligned());
        }

        void Row(string name, double value, IndexDistribution? d, string format)
        {
            var cells = new List<string> { name, F(value, format) };
            if (mc is not null)
            {
                cells.Add(d is null ? string.Empty : $"{F(d.Mean, format)} ± {F(d.ConfidenceHalfWidth, format)}");
                cells.Add(d is null ? string.Empty : $"{F(d.P5, format)} / {F(d.P50, format)} / {F(d.P95, format)}");
            }

            table.AddRow(cells.ToArray());
        }

        Row($"SAIFI (interruptions/{per}) = AITC-1", s.Saifi, mc?.Saifi, "F4");
        Row($"SAIDI (h/{per}) = AIHC-1", s.Saidi, mc?.Saidi, "F4");
        Row("CAIDI (h/interruption)", s.Caidi, null, "F3");
        Row("ASAI", s.Asai, null, "F6");
        Row("RS-1 (%)", s.Rs1Percent, null, "F4");
        Row("ENS (MWh)", s.EnsMwhPerYear, mc?.EnsMwhPerYear, "F3");
        Row($"AENS (MWh/{per})", s.AensMwhPerUserYear, null, "F6");
        Row(users == UserCounting.Customers ? "customers" : "users (transformer areas)", s.Users, null, "N0");
        console.Write(table);
    }

    public static void WriteWorstFeeders(IAnsiConsole console, ReliabilityResult result, int top)
    {
        var worst = result.Feeders.Where(f => !double.IsNaN(f.Indices.Saidi)).OrderByDescending(f => f.Indices.Saidi).ThenBy(f => f.Name, StringComparer.Ordinal).Take(top).ToList();
        if (worst.Count == 0)
        {
            return;
        }

        var chart = new BarChart().Label($"Worst {worst.Count} feeders by SAIDI (h/yr)").Width(100);
        foreach (FeederReliability f in worst)
        {
            chart.AddItem(f.Name, Math.Round(f.Indices.Saidi, 3), Color.Orange1);
        }

        console.Write(chart);
        var table = new Table().AddColumns("Feeder", "Customers", "SAIFI", "SAIDI (h)", "CAIDI (h)", "ENS (MWh)");
        foreach (FeederReliability f in worst)
        {
            table.AddRow(Markup.Escape(f.Name), F(f.Indices.Users, "N0"), F(f.Indices.Saifi, "F3"), F(f.Indices.Saidi, "F3"), F(f.Indices.Caidi, "F2"), F(f.Indices.EnsMwhPerYear, "F2"));
        }

        console.Write(table);
    }

    public static void WriteWorstLoadPoints(IAnsiConsole console, Network network, ReliabilityResult result, int top)
    {
        LoadPointResults lp = result.LoadPoints;
        var order = Enumerable.Range(0, lp.Count).OrderByDescending(l => lp.UnavailabilityHoursPerYear[l]).ThenBy(l => lp.Ids[l], StringComparer.Ordinal).Take(top);
        var table = new Table().Title($"Worst {Math.Min(top, lp.Count)} load points by U").AddColumns("Load point", "Feeder", "Customers", "λ (f/yr)", "r (h)", "U (h/yr)", "ENS (MWh/yr)");
        foreach (int l in order)
        {
            string feeder = lp.Feeder[l] >= 0 ? network.Normal.FeederNames[lp.Feeder[l]] : "-";
            table.AddRow(Markup.Escape(lp.Ids[l]), Markup.Escape(feeder), F(lp.Users[l], "N0"), F(lp.FailureRatePerYear[l], "F4"), F(lp.AverageOutageHours[l], "F2"), F(lp.UnavailabilityHoursPerYear[l], "F4"), F(lp.EnsMwhPerYear[l], "F3"));
        }

        console.Write(table);
    }

    public static void WriteExplanation(IAnsiConsole console, string loadPoint, IReadOnlyList<FailureContribution> contributions)
    {
        var table = new Table().Title($"Why {Markup.Escape(loadPoint)}: failures that interrupt it").AddColumns("Failed component", "λ (f/yr)", "Outage (h)", "U (h/yr)");
        foreach (FailureContribution c in contributions.OrderByDescending(c => c.UnavailabilityHoursPerYear).ThenBy(c => c.ComponentId, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(c.ComponentId), F(c.FailureRatePerYear, "F5"), F(c.OutageHours, "F2"), F(c.UnavailabilityHoursPerYear, "F5"));
        }

        table.AddRow("[bold]total[/]", F(contributions.Sum(c => c.FailureRatePerYear), "F5"), string.Empty, F(contributions.Sum(c => c.UnavailabilityHoursPerYear), "F5"));
        console.Write(table);
    }

    private static string F(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
