using MathNet.Numerics.LinearAlgebra;

namespace Lumen.Reliability.Complaints;

/// <summary>The link function of a complaint-rate model.</summary>
public enum ComplaintModelKind : byte
{
    /// <summary>Poisson regression with log link and log(customers) offset: complaints per customer = exp(b0 + b1·d + b2·(k − 1)).</summary>
    Poisson = 0,

    /// <summary>Binomial (logistic) regression: probability a customer complains = 1 / (1 + exp(−(b0 + b1·d + b2·(k − 1)))).</summary>
    Logistic = 1,
}

/// <summary>One cell of complaint-rate data: customers interrupted together, for how long, how often before, and how many complained.</summary>
/// <param name="Customers">Customers interrupted (the exposure), &gt; 0.</param>
/// <param name="DurationHours">Their interruption duration in hours.</param>
/// <param name="RepeatIndex">1 for a customer's first sustained interruption in 12 months, 2 for the second, …</param>
/// <param name="Complaints">Complaints linked to them.</param>
public readonly record struct ComplaintCell(double Customers, double DurationHours, int RepeatIndex, double Complaints)
{
    /// <summary>The outage event the cell belongs to (index into the history's events); -1 when not from a history.</summary>
    public int EventIndex { get; init; } = -1;
}

/// <summary>
/// A fitted complaint-rate model: expected complaints per customer interrupted as a function of interruption duration
/// and repetition, fitted by iteratively reweighted least squares (MathNet linear algebra). Used to turn outage-minutes
/// avoided into complaints avoided.
/// </summary>
/// <remarks>
/// Immutable and thread-safe. Covariates: duration in hours (capped at <see cref="MaximumDurationHours"/> so that a few
/// very long outages do not dominate) and repeat index − 1 (capped at <see cref="MaximumRepeatIndex"/> − 1).
/// </remarks>
public sealed class ComplaintRateModel
{
    /// <summary>Duration covariate cap, hours.</summary>
    public const double MaximumDurationHours = 48;

    /// <summary>Repeat covariate cap.</summary>
    public const int MaximumRepeatIndex = 6;

    /// <summary>Creates a model from known coefficients (e.g. fitted elsewhere or a planning assumption).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A coefficient is not finite.</exception>
    public ComplaintRateModel(ComplaintModelKind kind, double intercept, double perHour, double perRepeat)
    {
        if (!double.IsFinite(intercept) || !double.IsFinite(perHour) || !double.IsFinite(perRepeat))
        {
            throw new ArgumentOutOfRangeException(nameof(intercept), "coefficients must be finite");
        }

        Kind = kind;
        Intercept = intercept;
        PerHour = perHour;
        PerRepeat = perRepeat;
        StandardErrors = [double.NaN, double.NaN, double.NaN];
    }

    /// <summary>Poisson or logistic.</summary>
    public ComplaintModelKind Kind { get; }

    /// <summary>b0.</summary>
    public double Intercept { get; }

    /// <summary>b1: effect of one hour of duration on the log rate (log odds for logistic).</summary>
    public double PerHour { get; }

    /// <summary>b2: effect of each earlier interruption in the past 12 months.</summary>
    public double PerRepeat { get; }

    /// <summary>Standard errors of (b0, b1, b2) from the inverse Fisher information; NaN when not fitted.</summary>
    public IReadOnlyList<double> StandardErrors { get; private init; }

    /// <summary>Cells the model was fitted on (0 when built from coefficients).</summary>
    public int CellCount { get; private init; }

    /// <summary>IRLS iterations used.</summary>
    public int Iterations { get; private init; }

    /// <summary>Expected complaints per customer interrupted for <paramref name="durationHours"/> at repeat <paramref name="repeatIndex"/> (1 = first).</summary>
    public double ComplaintsPerCustomer(double durationHours, int repeatIndex)
    {
        double eta = Intercept + (PerHour * Math.Clamp(durationHours, 0, MaximumDurationHours)) + (PerRepeat * (Math.Clamp(repeatIndex, 1, MaximumRepeatIndex) - 1));
        return Kind == ComplaintModelKind.Poisson ? Math.Exp(eta) : 1 / (1 + Math.Exp(-eta));
    }

    /// <summary>Expected complaints from <paramref name="customers"/> interrupted for <paramref name="durationHours"/>.</summary>
    public double ExpectedComplaints(double customers, double durationHours, int repeatIndex) => customers * ComplaintsPerCustomer(durationHours, repeatIndex);

    /// <summary>
    /// Complaints avoided when an interruption of <paramref name="customers"/> is shortened from
    /// <paramref name="durationHours"/> by <paramref name="hoursAvoided"/> (to no less than zero).
    /// </summary>
    public double ComplaintsAvoided(double customers, double durationHours, double hoursAvoided, int repeatIndex) =>
        ExpectedComplaints(customers, durationHours, repeatIndex) - ExpectedComplaints(customers, Math.Max(0, durationHours - hoursAvoided), repeatIndex);

    /// <summary>
    /// Complaints avoided per customer-hour avoided at a given duration (the local slope, for turning SAIDI reductions
    /// into complaints): d(complaints per customer)/d(hours).
    /// </summary>
    public double ComplaintsPerCustomerHourAvoided(double durationHours, int repeatIndex)
    {
        double p = ComplaintsPerCustomer(durationHours, repeatIndex);
        if (durationHours >= MaximumDurationHours)
        {
            return 0;
        }

        return Kind == ComplaintModelKind.Poisson ? PerHour * p : PerHour * p * (1 - p);
    }

    /// <summary>
    /// Fits the model to <paramref name="cells"/> by IRLS. Returns null when it cannot be fitted: no cells, no complaints,
    /// every customer complained, or the information matrix is singular (e.g. all cells share one duration and repeat).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="cells"/> is null.</exception>
    /// <remarks>O(cells × iterations); at most 200 damped Newton (IRLS) iterations, converged when no coefficient moves by more than 1e-9.</remarks>
    public static ComplaintRateModel? Fit(IReadOnlyList<ComplaintCell> cells, ComplaintModelKind kind)
    {
        ArgumentNullException.ThrowIfNull(cells);
        double totalY = 0, totalN = 0;
        foreach (ComplaintCell c in cells)
        {
            totalY += c.Complaints;
            totalN += c.Customers;
        }

        if (cells.Count == 0 || totalY <= 0 || totalY >= totalN)
        {
            return null;
        }

        double p0 = totalY / totalN;
        Vector<double> beta = Vector<double>.Build.Dense([kind == ComplaintModelKind.Poisson ? Math.Log(p0) : Math.Log(p0 / (1 - p0)), 0, 0]);
        Matrix<double> info = Matrix<double>.Build.Dense(3, 3);
        int iteration = 0;
        Span<double> x = stackalloc double[3];
        while (iteration++ < 200)
        {
            info.Clear();
            Vector<double> score = Vector<double>.Build.Dense(3);
            foreach (ComplaintCell c in cells)
            {
                if (c.Customers <= 0)
                {
                    continue;
                }

                x[0] = 1;
                x[1] = Math.Clamp(c.DurationHours, 0, MaximumDurationHours);
                x[2] = Math.Clamp(c.RepeatIndex, 1, MaximumRepeatIndex) - 1;
                double eta = (beta[0] * x[0]) + (beta[1] * x[1]) + (beta[2] * x[2]);
                double mean, weight;
                if (kind == ComplaintModelKind.Poisson)
                {
                    mean = c.Customers * Math.Exp(eta);
                    weight = mean;
                }
                else
                {
                    double p = 1 / (1 + Math.Exp(-eta));
                    mean = c.Customers * p;
                    weight = c.Customers * p * (1 - p);
                }

                double y = kind == ComplaintModelKind.Logistic ? Math.Min(c.Complaints, c.Customers) : c.Complaints;
                for (int i = 0; i < 3; i++)
                {
                    score[i] += x[i] * (y - mean);
                    for (int j = 0; j < 3; j++)
                    {
                        info[i, j] += x[i] * weight * x[j];
                    }
                }
            }

            // Newton step = IRLS step for canonical links: β ← β + I⁻¹ U.
            if (Math.Abs(info.Determinant()) < 1e-300)
            {
                return null;
            }

            Vector<double> step = info.Solve(score);
            if (!double.IsFinite(step.L2Norm()))
            {
                return null;
            }

            // Damped Newton: a full step from a poor start can overflow exp(η); no coefficient moves more than 0.5 at once.
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
        return new ComplaintRateModel(kind, beta[0], beta[1], beta[2])
        {
            StandardErrors = [Math.Sqrt(covariance[0, 0]), Math.Sqrt(covariance[1, 1]), Math.Sqrt(covariance[2, 2])],
            CellCount = cells.Count,
            Iterations = iteration,
        };
    }
}
