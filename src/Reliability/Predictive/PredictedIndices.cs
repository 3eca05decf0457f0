namespace Lumen.Reliability.Predictive;

/// <summary>
/// Predicted customer-weighted reliability indices of a system or a feeder, per year (IEEE 1366 names and DL/T 836
/// names); the measured indices of an outage history are <see cref="History.HistoricalIndices"/>, whose shared fields
/// have the same names.
/// </summary>
/// <param name="Saifi">System average interruption frequency, interruptions per user per year; NaN when no user is served.</param>
/// <param name="Saidi">System average interruption duration, hours per user per year; NaN when no user is served.</param>
/// <param name="Caidi">Customer average interruption duration, SAIDI / SAIFI in hours; NaN when SAIFI is 0 or NaN.</param>
/// <param name="Asai">Average service availability, 1 − SAIDI / hours per year (per unit); NaN when no user is served.</param>
/// <param name="Asui">Average service unavailability, SAIDI / hours per year (per unit); NaN when no user is served.</param>
/// <param name="EnsMwhPerYear">Energy not supplied, Σ average load × U, in MWh per year; 0 when there is no load point.</param>
/// <param name="AensMwhPerUserYear">Average energy not supplied, ENS / users, MWh per user per year; NaN when no user is served.</param>
/// <param name="Users">Users served (customers, or load points when each distribution transformer is one user).</param>
/// <remarks>Immutable.</remarks>
public sealed record PredictedIndices(
    double Saifi,
    double Saidi,
    double Caidi,
    double Asai,
    double Asui,
    double EnsMwhPerYear,
    double AensMwhPerUserYear,
    double Users)
{
    /// <summary>DL/T 836 AITC-1, average interruption times of users (same value as <see cref="Saifi"/>), per year.</summary>
    public double Aitc1 => Saifi;

    /// <summary>DL/T 836 AIHC-1, average interruption hours of users (same value as <see cref="Saidi"/>), hours per year.</summary>
    public double Aihc1 => Saidi;

    /// <summary>DL/T 836 RS-1, supply reliability in percent: (1 − AIHC-1 / hours per year) × 100 = ASAI × 100.</summary>
    public double Rs1 => Asai * 100;

    /// <summary>Forms the indices from per-load-point λ and U.</summary>
    /// <param name="users">Users per load point.</param>
    /// <param name="averageKw">Average demand per load point, kW.</param>
    /// <param name="failuresPerYear">λ per load point, interruptions per year.</param>
    /// <param name="unavailabilityHoursPerYear">U per load point, hours per year.</param>
    /// <param name="hoursPerYear">Hours in a year (8760).</param>
    /// <param name="selected">Load points to include (e.g. one feeder's); null for all.</param>
    /// <returns>The indices; see the parameter docs for what an empty selection gives.</returns>
    /// <remarks>O(L).</remarks>
    public static PredictedIndices Compute(
        ReadOnlySpan<double> users,
        ReadOnlySpan<double> averageKw,
        ReadOnlySpan<double> failuresPerYear,
        ReadOnlySpan<double> unavailabilityHoursPerYear,
        double hoursPerYear,
        ReadOnlySpan<bool> selected = default)
    {
        double totalUsers = 0;
        double frequency = 0;
        double duration = 0;
        double energyKwh = 0;
        bool all = selected.IsEmpty;
        for (int l = 0; l < users.Length; l++)
        {
            if (!all && !selected[l])
            {
                continue;
            }

            totalUsers += users[l];
            frequency += users[l] * failuresPerYear[l];
            duration += users[l] * unavailabilityHoursPerYear[l];
            energyKwh += averageKw[l] * unavailabilityHoursPerYear[l];
        }

        double saifi = totalUsers > 0 ? frequency / totalUsers : double.NaN;
        double saidi = totalUsers > 0 ? duration / totalUsers : double.NaN;
        double caidi = saifi > 0 ? saidi / saifi : double.NaN;
        double asui = saidi / hoursPerYear;
        double ens = energyKwh / 1000;
        return new PredictedIndices(saifi, saidi, caidi, 1 - asui, asui, ens, totalUsers > 0 ? ens / totalUsers : double.NaN, totalUsers);
    }
}
