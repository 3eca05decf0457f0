using MathNet.Numerics.LinearAlgebra;

namespace Lumen.Reliability.Complaints;

/// <summary>One repair work order as complaint data: what the complaint-rate model expects from its outage, how late the crew came, and the complaints.</summary>
/// <param name="Expected">Complaints the duration-and-repetition model (<see cref="ComplaintRateModel"/>) expects from the order's outage, &gt; 0.</param>
/// <param name="ArrivalHours">Call-to-arrival time, hours.</param>
/// <param name="Complaints">Complaints linked to the order.</param>
public readonly record struct RepairComplaintCell(double Expected, double ArrivalHours, double Complaints);

/// <summary>
/// The complaint-rate model with repair delay as a covariate: the complaints of a work order are Poisson with mean
/// E · exp(c0 + c1 · arrival hours), where E is what <see cref="ComplaintRateModel"/> expects from the order's outage
/// (its customers, their interruption durations and repetition). c1 is what a late crew adds beyond the longer
/// outage itself (抢修不及时); fitted by iteratively reweighted least squares (MathNet) with log E as the offset.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. A minute of faster arrival removes c1 / 60 of the order's expected complaints directly,
/// and shortens the interruption of the customers still waiting for the repair (the base model's slope for them).
/// Arrival is capped at <see cref="MaximumArrivalHours"/>.
/// </remarks>
public sealed class RepairDelayComplaintModel
{
    /// <summary>Arrival covariate cap, hours.</summary>
    public const double MaximumArrivalHours = 24;

    /// <summary>Creates a model from known coefficients (a planning assumption, or a simulation's truth).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is not finite.</exception>
    public RepairDelayComplaintModel(double intercept, double perArrivalHour)
    {
        if (!double.IsFinite(intercept) || !double.IsFinite(perArrivalHour))
        {
            throw new ArgumentOutOfRangeException(nameof(intercept), "coefficients must be finite");
        }

        Intercept = intercept;
        PerArrivalHour = perArrivalHour;
    }

    /// <summary>c0: log of observed over expected complaints at instant arrival.</summary>
    public double Intercept { get; }

    /// <summary>c1: effect of one hour of call-to-arrival time on the log rate, beyond the outage's duration.</summary>
    public double PerArrivalHour { get; }

    /// <summary>Standard errors of (c0, c1) from the inverse Fisher information; null when not fitted.</summary>
    public IReadOnlyList<double>? StandardErrors { get; private init; }

    /// <summary>Work orders the model was fitted on (0 when built from coefficients).</summary>
    public int Orders { get; private init; }

    /// <summary>Complaints in those orders.</summary>
    public double Complaints { get; private init; }

    /// <summary>IRLS iterations used.</summary>
    public int Iterations { get; private init; }

    /// <summary>Expected complaints of an order whose outage the base model expects <paramref name="expected"/> complaints from, the crew arriving after <paramref name="arrivalHours"/>.</summary>
    public double ExpectedComplaints(double expected, double arrivalHours) =>
        expected * Multiplier(arrivalHours);

    /// <summary>exp(c0 + c1 · capped arrival hours).</summary>
    public double Multiplier(double arrivalHours) =>
        Math.Exp(Intercept + (PerArrivalHour * Math.Clamp(arrivalHours, 0, MaximumArrivalHours)));

    /// <summary>
    /// Complaints removed from an order by arriving one minute sooner: the direct effect on its expected complaints,
    /// plus <paramref name="waitingSlopePerHour"/> (the base model's complaints per hour of interruption of the
    /// customers still waiting for the repair) scaled by the arrival multiplier.
    /// </summary>
    public double ComplaintsPerMinuteFaster(double expected, double arrivalHours, double waitingSlopePerHour)
    {
        double direct = arrivalHours > 0 && arrivalHours < MaximumArrivalHours ? PerArrivalHour : 0;
        return ((expected * direct) + waitingSlopePerHour) * Multiplier(arrivalHours) / 60;
    }

    /// <summary>
    /// Fits the model. Null when it cannot be fitted: no orders, no complaints, or a singular information matrix
    /// (e.g. every order has the same arrival time).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/> is null.</exception>
    /// <remarks>O(orders × iterations); at most 200 damped Newton (IRLS) steps, converged when no coefficient moves by more than 1e-9.</remarks>
    public static RepairDelayComplaintModel? Fit(IReadOnlyList<RepairComplaintCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        double totalY = 0, totalE = 0;
        int used = 0;
        foreach (RepairComplaintCell c in cells)
        {
            if (Usable(c))
            {
                totalY += c.Complaints;
                totalE += c.Expected;
                used++;
            }
        }

        if (used == 0 || totalY <= 0)
        {
            return null;
        }

        Vector<double> beta = Vector<double>.Build.Dense([Math.Log(totalY / totalE), 0]);
        Matrix<double> info = Matrix<double>.Build.Dense(2, 2);
        int iteration = 0;
        while (iteration++ < 200)
        {
            info.Clear();
            Vector<double> score = Vector<double>.Build.Dense(2);
            foreach (RepairComplaintCell c in cells)
            {
                if (!Usable(c))
                {
                    continue;
                }

                double a = Math.Clamp(c.ArrivalHours, 0, MaximumArrivalHours);
                double mean = c.Expected * Math.Exp(beta[0] + (beta[1] * a));
                score[0] += c.Complaints - mean;
                score[1] += a * (c.Complaints - mean);
                info[0, 0] += mean;
                info[0, 1] += a * mean;
                info[1, 1] += a * a * mean;
            }

            info[1, 0] = info[0, 1];
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
        double[] se = [Math.Sqrt(covariance[0, 0]), Math.Sqrt(covariance[1, 1])];
        if (!beta.All(double.IsFinite) || !se.All(double.IsFinite))
        {
            return null;
        }

        return new RepairDelayComplaintModel(beta[0], beta[1]) { StandardErrors = se, Orders = used, Complaints = totalY, Iterations = iteration };
    }

    private static bool Usable(RepairComplaintCell c) =>
        c.Expected > 0 && double.IsFinite(c.Expected) && double.IsFinite(c.ArrivalHours) && c.Complaints >= 0;
}
