using MathNet.Numerics.LinearAlgebra;

namespace Lumen.Reliability.Complaints;

/// <summary>One repair work order as complaint data: what the complaint-rate model expects from its outage, who waited how long for the crew, and the complaints.</summary>
/// <param name="Expected">Complaints the duration-and-repetition model (<see cref="ComplaintRateModel"/>) expects from the order's outage, ≥ 0.</param>
/// <param name="Customers">Customers interrupted by the order's outage (waiting for the crew), ≥ 0.</param>
/// <param name="ArrivalHours">Call-to-arrival time, hours.</param>
/// <param name="Complaints">Complaints linked to the order.</param>
public readonly record struct RepairComplaintCell(double Expected, double Customers, double ArrivalHours, double Complaints);

/// <summary>
/// The complaint-rate model with repair delay as a covariate: the complaints of a work order are Poisson with mean
/// α · E + β · N · a, where E is what <see cref="ComplaintRateModel"/> expects from the order's outage (its customers,
/// their interruption durations and repetition), N the customers interrupted and a the call-to-arrival hours. β is the
/// complaints a customer-hour of waiting for the crew adds beyond the longer outage itself (抢修不及时); α rescales the
/// outage model to these orders. Fitted by maximum likelihood (EM on the two additive sources, which keeps α, β ≥ 0).
/// </summary>
/// <remarks>
/// Immutable and thread-safe. A minute of faster arrival removes β · N / 60 complaints directly and α × the outage
/// model's slope for the customers still waiting for the repair. Arrival is capped at <see cref="MaximumArrivalHours"/>.
/// </remarks>
public sealed class RepairDelayComplaintModel
{
    /// <summary>Arrival covariate cap, hours.</summary>
    public const double MaximumArrivalHours = 24;

    /// <summary>Creates a model from known coefficients (a planning assumption, or a simulation's truth).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is negative or not finite.</exception>
    public RepairDelayComplaintModel(double perExpected, double perCustomerHourWaiting)
    {
        if (!(perExpected >= 0 && double.IsFinite(perExpected)) || !(perCustomerHourWaiting >= 0 && double.IsFinite(perCustomerHourWaiting)))
        {
            throw new ArgumentOutOfRangeException(nameof(perExpected), "coefficients must be finite and not negative");
        }

        PerExpected = perExpected;
        PerCustomerHourWaiting = perCustomerHourWaiting;
    }

    /// <summary>α: observed over expected complaints of the outages themselves.</summary>
    public double PerExpected { get; }

    /// <summary>β: complaints per customer-hour of waiting for the crew.</summary>
    public double PerCustomerHourWaiting { get; }

    /// <summary>Standard errors of (α, β) from the observed information; null when not fitted.</summary>
    public IReadOnlyList<double>? StandardErrors { get; private init; }

    /// <summary>Work orders the model was fitted on (0 when built from coefficients).</summary>
    public int Orders { get; private init; }

    /// <summary>Complaints in those orders.</summary>
    public double Complaints { get; private init; }

    /// <summary>EM iterations used.</summary>
    public int Iterations { get; private init; }

    /// <summary>Expected complaints of an order whose outage the base model expects <paramref name="expected"/> complaints from, <paramref name="customers"/> waiting <paramref name="arrivalHours"/> for the crew.</summary>
    public double ExpectedComplaints(double expected, double customers, double arrivalHours) =>
        (PerExpected * expected) + (PerCustomerHourWaiting * customers * Math.Clamp(arrivalHours, 0, MaximumArrivalHours));

    /// <summary>
    /// Complaints removed from an order by arriving one minute sooner: β · N directly (below the cap), plus α ×
    /// <paramref name="waitingSlopePerHour"/> (the base model's complaints per hour of interruption of the customers
    /// still waiting for the repair), per minute.
    /// </summary>
    public double ComplaintsPerMinuteFaster(double customers, double arrivalHours, double waitingSlopePerHour)
    {
        double direct = arrivalHours > 0 && arrivalHours < MaximumArrivalHours ? PerCustomerHourWaiting * customers : 0;
        return (direct + (PerExpected * waitingSlopePerHour)) / 60;
    }

    /// <summary>
    /// Fits the model. Null when it cannot be fitted: no orders, no complaints, or no spread to tell the two sources
    /// apart (e.g. no order with both an expectation and a wait).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/> is null.</exception>
    /// <remarks>O(orders × iterations); at most 5,000 EM steps, converged when the log-likelihood gains less than 1e-10 relative.</remarks>
    public static RepairDelayComplaintModel? Fit(IReadOnlyList<RepairComplaintCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        double totalY = 0, totalE = 0, totalW = 0;
        int used = 0;
        foreach (RepairComplaintCell c in cells)
        {
            if (Usable(c))
            {
                totalY += c.Complaints;
                totalE += c.Expected;
                totalW += c.Customers * Math.Clamp(c.ArrivalHours, 0, MaximumArrivalHours);
                used++;
            }
        }

        if (used == 0 || totalY <= 0 || totalE <= 0 || totalW <= 0)
        {
            return null;
        }

        // EM: each complaint comes from the outage (α E) or from the wait (β N a); split, then refit each rate.
        double alpha = 0.5 * totalY / totalE, beta = 0.5 * totalY / totalW;
        double previous = double.NegativeInfinity;
        int iteration = 0;
        while (iteration++ < 5000)
        {
            double yOutage = 0, yWait = 0, logLikelihood = 0;
            foreach (RepairComplaintCell c in cells)
            {
                if (!Usable(c))
                {
                    continue;
                }

                double w = c.Customers * Math.Clamp(c.ArrivalHours, 0, MaximumArrivalHours);
                double fromOutage = alpha * c.Expected, fromWait = beta * w, mean = fromOutage + fromWait;
                if (mean <= 0)
                {
                    continue;
                }

                yOutage += c.Complaints * fromOutage / mean;
                yWait += c.Complaints * fromWait / mean;
                logLikelihood += (c.Complaints * Math.Log(mean)) - mean;
            }

            alpha = yOutage / totalE;
            beta = yWait / totalW;
            if (logLikelihood - previous < 1e-10 * Math.Abs(logLikelihood))
            {
                break;
            }

            previous = logLikelihood;
        }

        // Observed information of (α, β) at the estimate.
        Matrix<double> info = Matrix<double>.Build.Dense(2, 2);
        foreach (RepairComplaintCell c in cells)
        {
            if (!Usable(c))
            {
                continue;
            }

            double w = c.Customers * Math.Clamp(c.ArrivalHours, 0, MaximumArrivalHours);
            double mean = (alpha * c.Expected) + (beta * w);
            if (mean > 0)
            {
                double k = c.Complaints / (mean * mean);
                info[0, 0] += k * c.Expected * c.Expected;
                info[0, 1] += k * c.Expected * w;
                info[1, 1] += k * w * w;
            }
        }

        info[1, 0] = info[0, 1];
        if (Math.Abs(info.Determinant()) < 1e-300)
        {
            return null;
        }

        Matrix<double> covariance = info.Inverse();
        double[] se = [Math.Sqrt(Math.Max(0, covariance[0, 0])), Math.Sqrt(Math.Max(0, covariance[1, 1]))];
        if (!double.IsFinite(alpha) || !double.IsFinite(beta) || !se.All(double.IsFinite))
        {
            return null;
        }

        return new RepairDelayComplaintModel(alpha, beta) { StandardErrors = se, Orders = used, Complaints = totalY, Iterations = iteration };
    }

    private static bool Usable(RepairComplaintCell c) =>
        c.Expected >= 0 && double.IsFinite(c.Expected) && c.Customers >= 0 && double.IsFinite(c.Customers) && double.IsFinite(c.ArrivalHours) && c.Complaints >= 0;
}
