using Lumen.Reliability.Aging;
using Xunit;

namespace Lumen.Reliability.Tests.Aging;

public sealed class WeibullTests
{
    // Units enter observation at a random age (left truncation: drawn conditionally on surviving to it) and are followed
    // for 10 years (right censoring).
    private static LifeObservation[] Simulate(int n, double shape, double scale, int seed)
    {
        var rng = new Random(seed);
        var data = new LifeObservation[n];
        for (int i = 0; i < n; i++)
        {
            double entry = rng.NextDouble() < 0.5 ? 0 : 30 * rng.NextDouble();
            double survivalAtEntry = Math.Exp(-Math.Pow(entry / scale, shape));
            double u = 1 - rng.NextDouble();
            double t = scale * Math.Pow(-Math.Log(survivalAtEntry * u), 1 / shape);
            double end = entry + 10;
            data[i] = t <= end ? new LifeObservation(entry, t, true) : new LifeObservation(entry, end, false);
        }

        return data;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fit_SimulatedCensoredTruncated_RecoversParametersWithinInterval(int seed)
    {
        LifeObservation[] data = Simulate(4000, 2.5, 40, seed);
        WeibullModel m = WeibullEstimator.Fit(data)!;
        Assert.True(m.IsMaximumLikelihood);
        Assert.InRange(2.5, m.ShapeLower, m.ShapeUpper);
        Assert.InRange(40.0, m.ScaleLower, m.ScaleUpper);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Fit_PerKmExposure_RecoversPerKmParametersWithinInterval(int seed)
    {
        // Sections of w km with per-km cumulative hazard (t/η)^β: survival S(t)^w, drawn by inversion.
        var rng = new Random(seed);
        const double shape = 2.2, scale = 60;
        var data = new LifeObservation[4000];
        for (int i = 0; i < data.Length; i++)
        {
            double w = 0.05 + (3 * rng.NextDouble());
            double entry = rng.NextDouble() < 0.5 ? 0 : 30 * rng.NextDouble();
            double cumulative = Math.Pow(entry / scale, shape) - (Math.Log(1 - rng.NextDouble()) / w);
            double t = scale * Math.Pow(cumulative, 1 / shape);
            double end = entry + 10;
            data[i] = (t <= end ? new LifeObservation(entry, t, true) : new LifeObservation(entry, end, false)) with { Exposure = w };
        }

        WeibullModel m = WeibullEstimator.Fit(data)!;
        Assert.True(m.IsMaximumLikelihood);
        Assert.InRange(shape, m.ShapeLower, m.ShapeUpper);
        Assert.InRange(scale, m.ScaleLower, m.ScaleUpper);

        // Ignoring the lengths fits a per-section model whose scale is far from the per-km one.
        WeibullModel perSection = WeibullEstimator.Fit(data.Select(o => o with { Exposure = 1 }).ToArray())!;
        Assert.False(perSection.ScaleLower <= scale && scale <= perSection.ScaleUpper && perSection.ShapeLower <= shape && shape <= perSection.ShapeUpper);
    }

    [Fact]
    public void LogLikelihood_Exposure_IsProportionalHazards()
    {
        // ℓ of a failed unit with exposure w: ln(w·h(t)) − w·(H(t) − H(e)); of a survivor: −w·(H(t) − H(e)).
        const double b = 1.7, eta = 30, w = 2.5;
        double H(double t) => Math.Pow(t / eta, b);
        double h(double t) => b / eta * Math.Pow(t / eta, b - 1);
        LifeObservation failed = new(5, 20, true) { Exposure = w };
        LifeObservation survivor = new(5, 20, false) { Exposure = w };
        Assert.Equal(Math.Log(w * h(20)) - (w * (H(20) - H(5))), WeibullEstimator.LogLikelihood([failed], b, eta), 12);
        Assert.Equal(-w * (H(20) - H(5)), WeibullEstimator.LogLikelihood([survivor], b, eta), 12);
    }

    [Fact]
    public void Fit_ProfileClosedForm_HoldsAtMaximum()
    {
        // For fixed β the MLE of η is closed-form: η^β = Σ (t^β − e^β) / r. At the joint maximum it must hold for β̂,
        // and the likelihood must not be beaten on a fine grid around it.
        LifeObservation[] data = Simulate(500, 1.8, 25, 11);
        WeibullModel m = WeibullEstimator.Fit(data)!;
        double sum = 0;
        int r = 0;
        foreach (LifeObservation o in data)
        {
            sum += Math.Pow(o.ExitAgeYears, m.Shape) - Math.Pow(o.EntryAgeYears, m.Shape);
            r += o.Failed ? 1 : 0;
        }

        double eta = Math.Pow(sum / r, 1 / m.Shape);
        Assert.Equal(eta, m.Scale, 1e-4 * eta);
        double best = m.LogLikelihood;
        for (double b = m.Shape * 0.9; b <= m.Shape * 1.1; b += m.Shape * 0.01)
        {
            for (double e = m.Scale * 0.9; e <= m.Scale * 1.1; e += m.Scale * 0.01)
            {
                Assert.True(WeibullEstimator.LogLikelihood(data, b, e) <= best + 1e-7);
            }
        }
    }

    [Fact]
    public void Fit_HandCheckedExponentialCase()
    {
        // Three failures at 1, 2, 3 years and one survivor at 4 years, none truncated. With β fixed at 1 the MLE is
        // η = total time / failures = 10/3; the joint MLE must have a likelihood at least that high.
        LifeObservation[] data = [new(0, 1, true), new(0, 2, true), new(0, 3, true), new(0, 4, false)];
        WeibullModel m = WeibullEstimator.Fit(data)!;
        double exponential = WeibullEstimator.LogLikelihood(data, 1, 10.0 / 3);
        Assert.Equal(-3 * Math.Log(10.0 / 3) - 3, exponential, 12);
        Assert.True(m.LogLikelihood >= exponential - 1e-9);
        Assert.True(m.Shape > 1, "failures at increasing ages with a long survivor indicate wear-out");
    }

    [Fact]
    public void Fit_FewFailures_ExponentialFallback()
    {
        LifeObservation[] data = [new(0, 5, true), new(2, 10, false), new(0, 10, false)];
        WeibullModel m = WeibullEstimator.Fit(data)!;
        Assert.False(m.IsMaximumLikelihood);
        Assert.Equal(1, m.Shape);
        Assert.Equal(23 / 1.5, m.Scale, 9);
    }

    [Fact]
    public void Fit_GroupedCounts_EqualRepeatedRows()
    {
        LifeObservation[] data = Simulate(300, 2, 30, 5);
        var grouped = new List<LifeObservation>();
        var repeated = new List<LifeObservation>();
        foreach (LifeObservation o in data)
        {
            grouped.Add(o with { Count = 3 });
            repeated.Add(o);
            repeated.Add(o);
            repeated.Add(o);
        }

        WeibullModel a = WeibullEstimator.Fit(grouped.ToArray())!;
        WeibullModel b = WeibullEstimator.Fit(repeated.ToArray())!;
        Assert.Equal(b.Shape, a.Shape, 1e-6);
        Assert.Equal(b.Scale, a.Scale, 1e-4);
    }

    [Fact]
    public void ConditionalPof_IsOneMinusSurvivalRatio()
    {
        var m = new WeibullModel(3, 40, 0, 0, 0, 0, 0, 0, 0, true);
        Assert.Equal(1 - (m.Survival(31) / m.Survival(30)), m.ConditionalPof(30), 12);
    }
}
