using MathNet.Numerics.LinearAlgebra;

namespace Lumen.Reliability.Complaints;

/// <summary>One repair work order as complaint data: customers exposed, how late the crew came, how long the repair took, and the complaints.</summary>
/// <param name="Customers">Customers exposed (those interrupted by the order's outage, else its area's), &gt; 0.</param>
/// <param name="ArrivalHours">Call-to-arrival time, hours.</param>
/// <param name="RepairHours">Arrival-to-restoration time, hours.</param>
/// <param name="Complaints">Complaints linked to the order.</param>
public readonly record struct RepairComplaintCell(double Customers, double ArrivalHours, double RepairHours, double Complaints);

/// <summary>
/// The complaint-rate model with repair delay as a covariate: complaints per work order are Poisson with mean
/// customers · exp(b0 + b1 · arrival hours + b2 · repair hours), fitted by iteratively reweighted least squares (MathNet).
/// A minute of faster arrival shortens both the wait for the crew and the outage, so its effect on a work order is
/// b1 / 60 of the order's expected complaints.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. It sits beside <see cref="ComplaintRateModel"/> (complaints per customer interruption
/// by duration and repetition) and answers the repair question: how many complaints a faster arrival removes. Arrival
/// is capped at <see cref="MaximumArrivalHours"/> and repair at <see cref="MaximumRepairHours"/> so that a few
/// extreme orders do not dominate.
/// </remarks>
public sealed class RepairDelayComplaintModel
{
    /// <summary>Arrival covariate cap, hours.</summary>
    public const double MaximumArrivalHours = 24;

    /// <summary>Repair covariate cap, hours.</summary>
    public const double MaximumRepairHours = 48;

    /// <summary>Creates a model from known coefficients (a planning assumption, or a simulation's truth).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is not finite.</exception>
    public RepairDelayComplaintModel(double intercept, double perArrivalHour, double perRepairHour)
    {
        if (!double.IsFinite(intercept) || !double.IsFinite(perArrivalHour) || !double.IsFinite(perRepairHour))
        {
            throw new ArgumentOutOfRangeException(nameof(intercept), "coefficients must be finite");
        }

        Intercept = intercept;
        PerArrivalHour = perArrivalHour;
        PerRepairHour = perRepairHour;
    }

    /// <summary>b0: log complaints per customer of an order with instant arrival and repair.</summary>
    public double Intercept { get; }

    /// <summary>b1: effect of one hour of call-to-arrival time on the log rate.</summary>
    public double PerArrivalHour { get; }

    /// <summary>b2: effect of one hour of arrival-to-restoration time on the log rate.</summary>
    public double PerRepairHour { get; }

    /// <summary>Standard errors of (b0, b1, b2) from the inverse Fisher information; null when not fitted.</summary>
    public IReadOnlyList<double>? StandardErrors { get; private init; }

    /// <summary>Work orders the model was fitted on (0 when built from coefficients).</summary>
    public int Orders { get; private init; }

    /// <summary>Complaints in those orders.</summary>
    public double Complaints { get; private init; }

    /// <summary>IRLS iterations used.</summary>
    public int Iterations { get; private init; }

    /// <summary>Expected complaints of an order exposing <paramref name="customers"/>, with the crew arriving after <paramref name="arrivalHours"/> and restoring <paramref name="repairHours"/> later.</summary>
    public double ExpectedComplaints(double customers, double arrivalHours, double repairHours) =>
        customers * Math.Exp(Intercept + (PerArrivalHour * Math.Clamp(arrivalHours, 0, MaximumArrivalHours)) + (PerRepairHour * Math.Clamp(repairHours, 0, MaximumRepairHours)));

    /// <summary>Complaints removed from such an order by arriving one minute sooner (the local slope; 0 beyond the cap).</summary>
    public double ComplaintsPerMinuteFaster(double customers, double arrivalHours, double repairHours) =>
        arrivalHours <= 0 || arrivalHours >= MaximumArrivalHours ? 0 : ExpectedComplaints(customers, arrivalHours, repairHours) * PerArrivalHour / 60;

    /// <summary>
    /// Fits the model. Null when it cannot be fitted: no orders, no complaints, or a singular information matrix
    /// (e.g. every order has the same arrival and repair time).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/> is null.</exception>
    /// <remarks>O(orders × iterations); at most 200 damped Newton (IRLS) steps, converged when no coefficient moves by more than 1e-9.</remarks>
    public static RepairDelayComplaintModel? Fit(IReadOnlyList<RepairComplaintCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        double totalY = 0, totalN = 0;
        int used = 0;
        foreach (RepairComplaintCell c in cells)
        {
            if (c.Customers > 0 && double.IsFinite(c.ArrivalHours) && double.IsFinite(c.RepairHours) && c.Complaints >= 0)
            {
                totalY += c.Complaints;
                totalN += c.Customers;
                used++;
            }
        }

        if (used == 0 || totalY <= 0)
        {
            return null;
        }

        Vector<double> beta = Vector<double>.Build.Dense([Math.Log(totalY / totalN), 0, 0]);
        Matrix<double> info = Matrix<double>.Build.Dense(3, 3);
        Span<double> x = stackalloc double[3];
        int iteration = 0;
        while (iteration++ < 200)
        {
            info.Clear();
            Vector<double> score = Vector<double>.Build.Dense(3);
            foreach (RepairComplaintCell c in cells)
            {
                if (!(c.Customers > 0 && double.IsFinite(c.ArrivalHours) && double.IsFinite(c.RepairHours) && c.Complaints >= 0))
                {
                    continue;
                }

                x[0] = 1;
                x[1] = Math.Clamp(c.ArrivalHours, 0, MaximumArrivalHours);
                x[2] = Math.Clamp(c.RepairHours, 0, MaximumRepairHours);
                double mean = c.Customers * Math.Exp((beta[0] * x[0]) + (beta[1] * x[1]) + (beta[2] * x[2]));
                for (int i = 0; i < 3; i++)
                {
                    score[i] += x[i] * (c.Complaints - mean);
                    for (int j = 0; j < 3; j++)
                    {
                        info[i, j] += x[i] * mean * x[j];
                    }
                }
            }

            if (Math.Abs(info.Determinant()) < 1e-300)
            {
                return null;
            }

            Vector<double> step = info.Solve(score);
            if (!double.IsFinite(step.L2Norm()))
            {
                return null;
            }

            // Damped Newton: no coefficient moves more than 0.5 at once, so exp(η) cannot overflow from a poor start.
            double largest = step.AbsoluteMaximum();
            if (largest > 0.5)
            {
                step *= 0.5 / largest;
            }

            beta += step;
            if (largest < 1e-9)
            {
                break;
            }
        }

        Matrix<double> covariance = info.Inverse();
        double[] se = [Math.Sqrt(covariance[0, 0]), Math.Sqrt(covariance[1, 1]), Math.Sqrt(covariance[2, 2])];
        if (!beta.All(double.IsFinite) || !se.All(double.IsFinite))
        {
            return null;
        }

        return new RepairDelayComplaintModel(beta[0], beta[1], beta[2]) { StandardErrors = se, Orders = used, Complaints = totalY, Iterations = iteration };
    }
}
