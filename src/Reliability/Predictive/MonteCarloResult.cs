namespace Lumen.Reliability.Predictive;

/// <summary>Summary of one index over the simulated years.</summary>
/// <param name="Mean">Mean of the annual values.</param>
/// <param name="StandardDeviation">Sample standard deviation of the annual values; NaN for one year.</param>
/// <param name="ConfidenceHalfWidth">Half-width of the confidence interval of the mean (z · s / √n); NaN for one year.</param>
/// <param name="P5">5th percentile of the annual values.</param>
/// <param name="P50">Median of the annual values.</param>
/// <param name="P95">95th percentile of the annual values.</param>
/// <param name="YearsForPrecision">
/// Years needed for the confidence half-width to reach the requested relative precision of the mean, from the running
/// variance: ⌈(z · s / (ε · mean))²⌉; 0 when the mean is 0, NaN for one year.
/// </param>
public sealed record IndexDistribution(double Mean, double StandardDeviation, double ConfidenceHalfWidth, double P5, double P50, double P95, double YearsForPrecision);

/// <summary>Per-load-point Monte Carlo results, struct of arrays indexed by load point.</summary>
/// <param name="MeanInterruptionsPerYear">Mean interruptions per year (converges to the analytical λ).</param>
/// <param name="MeanUnavailabilityHoursPerYear">Mean hours off supply per year (converges to the analytical U).</param>
/// <param name="UnavailabilityP5">5th percentile of the annual hours off supply; NaN when annual values were not kept.</param>
/// <param name="UnavailabilityP50">Median of the annual hours off supply; NaN when annual values were not kept.</param>
/// <param name="UnavailabilityP95">95th percentile of the annual hours off supply; NaN when annual values were not kept.</param>
public sealed record MonteCarloLoadPoints(
    IReadOnlyList<double> MeanInterruptionsPerYear,
    IReadOnlyList<double> MeanUnavailabilityHoursPerYear,
    IReadOnlyList<double> UnavailabilityP5,
    IReadOnlyList<double> UnavailabilityP50,
    IReadOnlyList<double> UnavailabilityP95);

/// <summary>The outcome of <see cref="MonteCarloSimulator.Run"/>.</summary>
/// <param name="Years">Simulated years.</param>
/// <param name="Workers">Workers used.</param>
/// <param name="Seed">Seed used.</param>
/// <param name="Saifi">SAIFI over the years, interruptions per user per year.</param>
/// <param name="Saidi">SAIDI over the years, hours per user per year.</param>
/// <param name="EnsMwhPerYear">ENS over the years, MWh per year.</param>
/// <param name="LoadPoints">Per-load-point means and percentiles.</param>
public sealed record MonteCarloResult(
    int Years,
    int Workers,
    int Seed,
    IndexDistribution Saifi,
    IndexDistribution Saidi,
    IndexDistribution EnsMwhPerYear,
    MonteCarloLoadPoints LoadPoints);
