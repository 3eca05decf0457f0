using Lumen.Reliability.Predictive;

namespace Lumen.Reliability.Planning;

/// <summary>Load levels from measured series.</summary>
public static class PlanningLoad
{
    /// <summary>
    /// The load duration curve of the sum of <paramref name="series"/> (samples of equal time added, the series taken
    /// in element order so that the sums do not depend on the order they come in), or null (the default curve applies)
    /// when there are too few samples.
    /// </summary>
    public static LoadLevels? Levels(IEnumerable<ElementLoadSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return LoadLevels.FromSeries(series.OrderBy(s => s.Element, StringComparer.Ordinal).SelectMany(s => s.Samples()));
    }
}
