using Lumen.Reliability.Aging;

namespace Lumen.Host.Services;

/// <summary>
/// Where the assets slice gets its complaint-rate model (complaints per customer interruption by duration). The
/// outage-history slice fits one from the stored complaint records (<see cref="ComplaintModelProvider"/>); without one,
/// the library's documented default (<see cref="LogisticComplaintRateModel.Default"/>) is used.
/// </summary>
internal interface IComplaintModelSource
{
    /// <summary>
    /// The fitted model for the network of <paramref name="snapshot"/>, or null to use the library default. Return the
    /// same instance while the fit is unchanged: the assets slice recomputes when the instance changes.
    /// </summary>
    IComplaintRateModel? ModelFor(NetworkSnapshot snapshot);
}
