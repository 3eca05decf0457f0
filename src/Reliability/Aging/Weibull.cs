using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Lumen.Reliability.Aging;

/// <summary>One unit's life data: observed from <paramref name="EntryAgeYears"/> (left truncation) until <paramref name="ExitAgeYears"/>.</summary>
/// <param name="EntryAgeYears">Age when observation began (0 when installed after records began), ≥ 0.</param>
/// <param name="ExitAgeYears">Age at failure or at the end of observation, &gt; entry.</param>
/// <param name="Failed">True when the unit failed at the exit age; false when right-censored (still in service).</param>
public readonly record struct LifeObservation(double EntryAgeYears, double ExitAgeYears, bool Failed)
{
    /// <summary>Number of identical units this observation stands for (&gt; 0); default 1. Lets a register's survivors be grouped by install year.</summary>
    public double Count { get; init; } = 1;

    /// <summary>
    /// Exposure multiplier of each unit's cumulative hazard (&gt; 0); default 1. A line section of w km has hazard
    /// w·h(t) when h is the per-km hazard (proportional hazards), so its survival is S(t)^w.
    /// </summary>
    public double Exposure { get; init; } = 1;
}

/// <summary>A fitted Weibull life model with Wald confidence intervals (on the log scale).</summary>
/// <param name="Shape">β (&gt; 1 wear-out, ≈ 1 random failures).</param>
/// <param name="Scale">η, years.</param>
/// <param name="ShapeLower">Lower confidence limit of β.</param>
/// <param name="ShapeUpper">Upper confidence limit of β.</param>
/// <param name="ScaleLower">Lower confidence limit of η.</param>
/// <param name="ScaleUpper">Upper confidence limit of η.</param>
/// <param name="LogLikelihood">Maximised log-likelihood.</param>
/// <param name="Failures">Failures in the data.</param>
/// <param name="Units">Units in the data.</param>
/// <param name="IsMaximumLikelihood">
/// True for a proper MLE; false for the fallback (fewer than <see cref="WeibullEstimator.MinimumFailures"/> failures or
/// no convergence): an exponential model (β = 1) with rate (failures + ½)/exposure and no shape interval.
/// </param>
public sealed record WeibullModel(
    double Shape,
    double Scale,
    double ShapeLower,
    double ShapeUpper,
    double ScaleLower,
    double ScaleUpper,
    double LogLikelihood,
    int Failures,
    int Units,
    bool IsMaximumLikelihood)
{
    /// <summary>Survival S(t) = exp(−(t/η)^β).</summary>
    /// <param name="ageYears">Age t, years.</param>
    /// <returns>S(t).</returns>
    public double Survival(double ageYears) => Math.Exp(-CumulativeHazard(ageYears));

    /// <summary>Cumulative hazard (t/η)^β: expected failures of one unit from age 0 to <paramref name="ageYears"/>.</summary>
    /// <param name="ageYears">Age t, years.</param>
    /// <returns>The cumulative hazard.</returns>
    public double CumulativeHazard(double ageYears) => Math.Pow(Math.Max(ageYears, 0) / Scale, Shape);

    /// <summary>
    /// Conditional probability of failure within the next <paramref name="horizonYears"/> for a unit that survived to
    /// <paramref name="ageYears"/>: 1 − S(a + h)/S(a). This, not the density, is what a replacement ranker needs.
    /// </summary>
    /// <param name="ageYears">Current age a.</param>
    /// <param name="horizonYears">Horizon h (default 1 year).</param>
    /// <returns>The probability.</returns>
    public double ConditionalPof(double ageYears, double horizonYears = 1)
    {
        double a = Math.Max(ageYears, 0);
        double h0 = Math.Pow(a / Scale, Shape);
        double h1 = Math.Pow((a + horizonYears) / Scale, Shape);
        return 1 - Math.Exp(h0 - h1);
    }
}

/// <summary>
/// Maximum-likelihood Weibull fit for right-censored and left-truncated life data (asset-risk.md §8.1): failures add
/// ln f(t), survivors ln S(t), and units already in service when records began subtract ln S(entry). BFGS (MathNet) on
/// (ln β, ln η) with the analytic gradient; the observed information (analytic Hessian) gives the intervals.
/// </summary>
/// <remarks>O(n) per likelihood evaluation; thread-safe.</remarks>
public static class WeibullEstimator
{
    /// <summary>Fewer failures than this give the exponential fallback.</summary>
    public const int MinimumFailures = 3;

    /// <summary>Log-likelihood of (β, η) for the data.</summary>
    /// <param name="data">Life data.</param>
    /// <param name="shape">β &gt; 0.</param>
    /// <param name="scale">η &gt; 0.</param>
    /// <returns>ℓ(β, η).</returns>
    public static double LogLikelihood(ReadOnlySpan<LifeObservation> data, double shape, double scale)
    {
        double sum = 0;
        foreach (LifeObservation o in data)
        {
            double z = Math.Log(o.ExitAgeYears / scale);
            double term = -o.Exposure * Math.Exp(shape * z);
            if (o.Failed)
            {
                term += Math.Log(o.Exposure * shape / scale) + ((shape - 1) * z);
            }

            if (o.EntryAgeYears > 0)
            {
                term += o.Exposure * Math.Pow(o.EntryAgeYears / scale, shape);
            }

            sum += o.Count * term;
        }

        return sum;
    }

    /// <summary>Fits β and η.</summary>
    /// <param name="data">Life data; entries ≥ 0 and exits &gt; entries.</param>
    /// <param name="confidence">Two-sided confidence level of the intervals, in (0, 1); default 0.95.</param>
    /// <returns>The model (see <see cref="WeibullModel.IsMaximumLikelihood"/>); null when there is no exposure at all.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An observation has a negative entry or exit ≤ entry, or the confidence is outside (0, 1).</exception>
    public static WeibullModel? Fit(ReadOnlySpan<LifeObservation> data, double confidence = 0.95)
    {
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "The confidence must lie in (0, 1).");
        }

        int failures = 0;
        double exposure = 0;
        double units = 0;
        foreach (LifeObservation o in data)
        {
            if (!(o.EntryAgeYears >= 0) || !(o.ExitAgeYears > o.EntryAgeYears))
            {
                throw new ArgumentOutOfRangeException(nameof(data), o, "Each observation needs 0 ≤ entry < exit.");
            }

            if (!(o.Count > 0) || !(o.Exposure > 0) || !double.IsFinite(o.Exposure))
            {
                throw new ArgumentOutOfRangeException(nameof(data), o, "Each observation needs a positive count and a positive, finite exposure.");
            }

            failures += o.Failed ? (int)Math.Round(o.Count) : 0;
            exposure += o.Count * o.Exposure * (o.ExitAgeYears - o.EntryAgeYears);
            units += o.Count;
        }

        if (data.Length == 0 || exposure <= 0)
        {
            return null;
        }

        double z = Normal.InvCDF(0, 1, 0.5 + (confidence / 2));
        if (failures >= MinimumFailures)
        {
            var prepared = new Prepared(data, units);
            double eta0 = exposure / failures;
            var objective = ObjectiveFunction.Gradient(prepared.NegativeMeanLogLikelihood);
            try
            {
                var minimizer = new BfgsMinimizer(1e-9, 1e-12, 1e-14, 2000);
                MinimizationResult result = minimizer.FindMinimum(objective, Vector<double>.Build.Dense([0.0, Math.Log(eta0)]));
                double u = result.MinimizingPoint[0];
                double v = result.MinimizingPoint[1];
                double shape = Math.Exp(u);
                double scale = Math.Exp(v);
                Matrix<double> information = ObservedInformation(data, shape, scale);
                Matrix<double> covariance = information.Inverse();
                double su = Math.Sqrt(covariance[0, 0]);
                double sv = Math.Sqrt(covariance[1, 1]);
                if (double.IsFinite(shape) && double.IsFinite(scale) && double.IsFinite(su) && double.IsFinite(sv) && shape is > 0.05 and < 50)
                {
                    return new WeibullModel(
                        shape,
                        scale,
                        Math.Exp(u - (z * su)),
                        Math.Exp(u + (z * su)),
                        Math.Exp(v - (z * sv)),
                        Math.Exp(v + (z * sv)),
                        LogLikelihood(data, shape, scale),
                        failures,
                        (int)Math.Round(units),
                        IsMaximumLikelihood: true);
                }
            }
            catch (Exception ex) when (ex is MaximumIterationsException or InnerOptimizationException or ArithmeticException)
            {
                // Fall through to the exponential model.
            }
        }

        // Exponential fallback: λ = (r + ½)/exposure (Jeffreys prior), η = 1/λ; Wald interval of ln η from r + ½ events.
        double rate = (failures + 0.5) / exposure;
        double eta = 1 / rate;
        double s = 1 / Math.Sqrt(failures + 0.5);
        var fallback = new WeibullModel(1, eta, double.NaN, double.NaN, eta * Math.Exp(-z * s), eta * Math.Exp(z * s), LogLikelihood(data, 1, eta), failures, (int)Math.Round(units), IsMaximumLikelihood: false);
        return fallback;
    }

    // The data with logarithms taken once; the objective is the negative log-likelihood divided by the number of
    // units, so that BFGS's absolute gradient tolerance means the same for ten units and for a million.
    private sealed class Prepared
    {
        private readonly double[] _logExit;
        private readonly double[] _logEntry;
        private readonly double[] _weight;
        private readonly double[] _failed;
        private readonly double _scale;

        public Prepared(ReadOnlySpan<LifeObservation> data, double units)
        {
            int n = data.Length;
            _logExit = new double[n];
            _logEntry = new double[n];
            _weight = new double[n];
            _failed = new double[n];
            for (int i = 0; i < n; i++)
            {
                LifeObservation o = data[i];
                _logExit[i] = Math.Log(o.ExitAgeYears);
                _logEntry[i] = o.EntryAgeYears > 0 ? Math.Log(o.EntryAgeYears) : double.NegativeInfinity;
                _weight[i] = o.Count * o.Exposure;
                _failed[i] = o.Failed ? o.Count : 0;
            }

            _scale = 1 / units;
        }

        public (double, Vector<double>) NegativeMeanLogLikelihood(Vector<double> p)
        {
            double u = p[0];
            double v = p[1];
            double beta = Math.Exp(u);
            double value = 0;
            double sBeta = 0;
            double sumD = 0;
            double sumAB = 0;
            double[] logExit = _logExit;
            double[] logEntry = _logEntry;
            double[] weight = _weight;
            double[] failed = _failed;
            for (int i = 0; i < logExit.Length; i++)
            {
                double zi = logExit[i] - v;
                double a = weight[i] * Math.Exp(beta * zi);
                double wi = 0;
                double b = 0;
                if (!double.IsNegativeInfinity(logEntry[i]))
                {
                    wi = logEntry[i] - v;
                    b = weight[i] * Math.Exp(beta * wi);
                }

                double d = failed[i];
                value += (d * (u - v + ((beta - 1) * zi))) - a + b;
                sBeta += (d * ((1 / beta) + zi)) - (a * zi) + (b * wi);
                sumD += d;
                sumAB += a - b;
            }

            if (!double.IsFinite(value))
            {
                return (double.MaxValue, Vector<double>.Build.Dense([0.0, 0.0]));
            }

            double gu = beta * sBeta;
            double gv = beta * (sumAB - sumD);
            return (-value * _scale, Vector<double>.Build.Dense([-gu * _scale, -gv * _scale]));
        }
    }

    /// <summary>−∂²ℓ on (ln β, ln η) at (β, η).</summary>
    internal static Matrix<double> ObservedInformation(ReadOnlySpan<LifeObservation> data, double beta, double eta)
    {
        double v = Math.Log(eta);
        double sBeta = 0;
        double dsBeta = 0;
        double sumD = 0;
        double sumAB = 0;
        double sumAzBw = 0;
        foreach (LifeObservation o in data)
        {
            double zi = Math.Log(o.ExitAgeYears) - v;
            double a = Math.Exp(beta * zi);
            double wi = o.EntryAgeYears > 0 ? Math.Log(o.EntryAgeYears) - v : 0;
            double b = o.EntryAgeYears > 0 ? Math.Exp(beta * wi) : 0;
            double n = o.Count;
            double d = o.Failed ? n : 0;
            a *= n * o.Exposure;
            b *= n * o.Exposure;
            sBeta += (d * ((1 / beta) + zi)) - (a * zi) + (b * wi);
            dsBeta += (-d / (beta * beta)) - (a * zi * zi) + (b * wi * wi);
            sumD += d;
            sumAB += a - b;
            sumAzBw += (a * zi) - (b * wi);
        }

        double gu = beta * sBeta;
        double gv = beta * (sumAB - sumD);
        double huu = gu + (beta * beta * dsBeta);
        double huv = gv + (beta * beta * sumAzBw);
        double hvv = -beta * beta * sumAB;
        return Matrix<double>.Build.DenseOfArray(new[,] { { -huu, -huv }, { -huv, -hvv } });
    }
}
