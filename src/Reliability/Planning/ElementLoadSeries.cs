namespace Lumen.Reliability.Planning;

/// <summary>
/// Measured (or forecast) load of one network element at regular intervals: a feeder (by feeder name), a branch (e.g.
/// a distribution transformer, by branch id) or a load point (its transformer, by load-point id).
/// </summary>
/// <param name="Element">Feeder name, branch id or load-point id.</param>
/// <param name="Start">Time of the first sample.</param>
/// <param name="Step">Interval between samples.</param>
/// <param name="LoadMw">Samples, MW; NaN for a gap.</param>
public sealed record ElementLoadSeries(string Element, DateTime Start, TimeSpan Step, IReadOnlyList<double> LoadMw)
{
    /// <summary>The samples with their times, gaps left out.</summary>
    public IEnumerable<(DateTime Time, double Value)> Samples()
    {
        for (int i = 0; i < LoadMw.Count; i++)
        {
            if (double.IsFinite(LoadMw[i]))
            {
                yield return (Start + (Step * i), LoadMw[i]);
            }
        }
    }
}
