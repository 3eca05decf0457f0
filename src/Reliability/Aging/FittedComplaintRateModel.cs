using Lumen.Reliability.Complaints;

namespace Lumen.Reliability.Aging;

/// <summary>
/// Adapts the complaint-rate model fitted from outage and complaint history (<see cref="ComplaintRateModel"/>) to the
/// asset consequence: complaints per customer interruption at a given duration, for a customer's first interruption
/// in twelve months (repeat index 1) unless told otherwise.
/// </summary>
/// <param name="Model">The fitted model.</param>
/// <param name="RepeatIndex">Repeat index used for every interruption, ≥ 1; default 1.</param>
public sealed record FittedComplaintRateModel(ComplaintRateModel Model, int RepeatIndex = 1) : IComplaintRateModel
{
    /// <inheritdoc/>
    public double ComplaintsPerCustomerInterruption(double durationHours) => Model.ComplaintsPerCustomer(durationHours, RepeatIndex);
}
