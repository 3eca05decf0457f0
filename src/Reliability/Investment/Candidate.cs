namespace Lumen.Reliability.Investment;

/// <summary>Project kinds (the <c>kind</c> column of projects.csv and of the report).</summary>
public static class ProjectKinds
{
    /// <summary>Replace an aging asset.</summary>
    public const string Replacement = "replacement";

    /// <summary>A new remote-controlled sectionalising switch.</summary>
    public const string Sectionaliser = "sectionaliser";

    /// <summary>A new recloser.</summary>
    public const string Recloser = "recloser";

    /// <summary>A new fuse.</summary>
    public const string Fuse = "fuse";

    /// <summary>Automate an existing switch.</summary>
    public const string Automation = "automation";

    /// <summary>A new normally-open tie between two feeders.</summary>
    public const string Tie = "tie";

    /// <summary>Raise distribution transformers' taps.</summary>
    public const string Tap = "tap";

    /// <summary>A shunt capacitor bank.</summary>
    public const string Capacitor = "capacitor";

    /// <summary>Reconductor sections for voltage.</summary>
    public const string Reconductor = "reconductor";

    /// <summary>A new distribution transformer splitting an area.</summary>
    public const string SplitArea = "split_area";

    /// <summary>Reinforce sections (a second circuit) for overload or N-1.</summary>
    public const string Reinforcement = "reinforcement";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } = [Replacement, Sectionaliser, Recloser, Fuse, Automation, Tie, Tap, Capacitor, Reconductor, SplitArea, Reinforcement];

    /// <summary>The lever a kind belongs to: replacement, switches, ties, voltage or reinforcement.</summary>
    public static string Lever(string kind) => kind switch
    {
        Replacement => Levers.Replacement,
        Sectionaliser or Recloser or Fuse or Automation => Levers.Switches,
        Tie => Levers.Ties,
        Tap or Capacitor or Reconductor or SplitArea => Levers.Voltage,
        _ => Levers.Reinforcement,
    };
}

/// <summary>The five levers a planner pulls (used to restrict a plan to one of them).</summary>
public static class Levers
{
    /// <summary>Asset replacement.</summary>
    public const string Replacement = "replacement";

    /// <summary>Switching devices and automation.</summary>
    public const string Switches = "switches";

    /// <summary>Ties between feeders.</summary>
    public const string Ties = "ties";

    /// <summary>Voltage fixes.</summary>
    public const string Voltage = "voltage";

    /// <summary>Trunk reinforcement.</summary>
    public const string Reinforcement = "reinforcement";

    /// <summary>Every lever.</summary>
    public static IReadOnlyList<string> All { get; } = [Replacement, Switches, Ties, Voltage, Reinforcement];
}

/// <summary>A candidate project before it is valued: what it changes, what it costs, which problem it addresses.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Kind">One of <see cref="ProjectKinds"/>.</param>
/// <param name="Description">What is built, in words.</param>
/// <param name="Edits">The changes to the network.</param>
/// <param name="Cost">Capital cost.</param>
/// <param name="Touched">Base feeder indices whose own elements change (a tie: both feeders).</param>
/// <param name="Problem">What it addresses: a diagnosis rule (<c>n1</c>, <c>radial_feeder</c>, <c>feeder_overload</c>, <c>low_voltage</c>), <c>asset_risk</c> or <c>outages</c> (fault outages of a feeder).</param>
/// <param name="ProblemKey">The feeder or asset of the problem.</param>
/// <param name="X">Where it is, x (km); NaN without coordinates.</param>
/// <param name="Y">Where it is, y (km).</param>
internal sealed record Candidate(
    string Id, string Kind, string Description, IReadOnlyList<ProjectEdit> Edits, double Cost, int[] Touched, string Problem, string ProblemKey, double X, double Y)
{
    /// <summary>Years from the decision until it works (benefits start the year after).</summary>
    public int BuildYears { get; init; } = 1;

    /// <summary>True when the planner listed it as must-do.</summary>
    public bool MustDo { get; init; }

    /// <summary><c>generated</c> or <c>projects.csv</c>.</summary>
    public string Source { get; init; } = "generated";

    /// <summary>For a problem that appears only with load growth: the plan year (of the year rows) it first shows in; null: today.</summary>
    public int? AppearsInYear { get; init; }

    /// <summary>For a problem that appears only with load growth: the problem in words, as found on that year's network.</summary>
    public string? Fixes { get; init; }

    /// <summary>What it occupies (two projects sharing a key exclude each other; see <see cref="ProjectEdit.ExclusiveKey"/>).</summary>
    public IEnumerable<string> ExclusiveKeys => Edits.Select(e => e.ExclusiveKey).OfType<string>();
}
