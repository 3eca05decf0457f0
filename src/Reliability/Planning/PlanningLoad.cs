using Lumen.Reliability.Predictive;

namespace Lumen.Reliability.Planning;

/// <summary>Load levels from measured series.</summary>
public static class PlanningLoad
{
    /// <summary>
    /// The load duration curve of the sum of <paramref name="series"/> (samples of equal time added), or null (the
    /// default curve applies) when there are too few samples.
    /// </summary>
    public static LoadLevels? Levels(IEnumerable<ElementLoadSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return LoadLevels.FromSeries(series.SelectMany(s => s.Samples()));
    }
}
