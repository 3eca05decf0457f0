using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Predictive;

/// <summary>
/// Sequential (chronological) Monte Carlo simulation of the same failure model as <see cref="ReliabilityAssessor"/>:
/// year by year, failures arrive as a Poisson process in time (exponential inter-arrival times), the protection outcome
/// is drawn, and each restoration step (upstream isolation, transfer of a downstream section, repair) gets a sampled
/// duration whose mean is the analytical step time. Overlapping outages are superposed, as in the analytical model,
/// so the means converge to the analytical λ, U, SAIFI, SAIDI and ENS.
/// </summary>
/// <remarks>
/// Parallel across workers, each with its own seeded Xoshiro256** generator and a fixed block of years: results depend
/// only on the seed and the worker count. Cost O(years · events per year · load points per event) plus
/// O(years · L) for the yearly indices. Thread-safe: it keeps no state.
/// </remarks>
public static class MonteCarloSimulator
{
    /// <summary>Simulates <paramref name="network"/> under <paramref name="study"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="study">Study options.</param>
    /// <param name="monteCarlo">Simulation options; null for the defaults.</param>
    /// <param name="options">Assessment options; null for the defaults.</param>
    /// <returns>Distributions of SAIFI, SAIDI and ENS and per-load-point results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="study"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Years or workers below 1, precision not positive, or confidence outside (0, 1).</exception>
    public static MonteCarloResult Run(Net network, StudyCase study, MonteCarloOptions? monteCarlo = null, ReliabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ReliabilityAssessor.Validate(study);
        monteCarlo ??= new MonteCarloOptions();
        options ??= ReliabilityOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(monteCarlo.Years, 1, nameof(monteCarlo));
        ArgumentOutOfRangeException.ThrowIfLessThan(monteCarlo.Workers, 1, nameof(monteCarlo));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(monteCarlo.RelativePrecision, nameof(monteCarlo));
        if (!(monteCarlo.ConfidenceLevel > 0 && monteCarlo.ConfidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(monteCarlo), monteCarlo.ConfidenceLevel, "The confidence level must lie in (0, 1).");
        }

        var plan = new FailurePlan(ReliabilityModel.Create(network, study, options));
        var context = new SimulationContext(plan, monteCarlo, options);
        int years = monteCarlo.Years;
        int workers = Math.Min(monteCarlo.Workers, years);
        var saifi = new double[years];
        var saidi = new double[years];
        var ens = new double[years];
        int lpCount = network.LoadPointCount;
        bool keep = (long)lpCount * years <= monteCarlo.MaxStoredLoadPointYears;
        float[]? annual = keep ? new float[(long)lpCount * years] : null;
        var countSums = new double[workers][];
        var hourSums = new double[workers][];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int first = (int)((long)years * w / workers);
            int last = (int)((long)years * (w + 1) / workers);
            var worker = new Worker(context, unchecked((monteCarlo.Seed * 1_000_003) + w));
            worker.Simulate(first, last, saifi, saidi, ens, annual, monteCarlo.YearsCompleted);
            countSums[w] = worker.CountSum;
            hourSums[w] = worker.HourSum;
        });

        double z = Normal.InvCDF(0, 1, 1 - ((1 - monteCarlo.ConfidenceLevel) / 2));
        var meanCount = new double[lpCount];
        var meanHours = new double[lpCount];
        for (int w = 0; w < workers; w++)
        {
            for (int l = 0; l < lpCount; l++)
            {
                meanCount[l] += countSums[w][l] / years;
                meanHours[l] += hourSums[w][l] / years;
            }
        }

        var p5 = new double[lpCount];
        var p50 = new double[lpCount];
        var p95 = new double[lpCount];
        var column = new double[years];
        for (int l = 0; l < lpCount; l++)
        {
            if (annual is null)
            {
                p5[l] = p50[l] = p95[l] = double.NaN;
                continue;
            }

            for (int y = 0; y < years; y++)
            {
                column[y] = annual[((long)y * lpCount) + l];
            }

            Array.Sort(column);
            p5[l] = SortedArrayStatistics.Quantile(column, 0.05);
            p50[l] = SortedArrayStatistics.Quantile(column, 0.5);
            p95[l] = SortedArrayStatistics.Quantile(column, 0.95);
        }

        return new MonteCarloResult(
            years,
            workers,
            monteCarlo.Seed,
            Summarise(saifi, z, monteCarlo.RelativePrecision),
            Summarise(saidi, z, monteCarlo.RelativePrecision),
            Summarise(ens, z, monteCarlo.RelativePrecision),
            new MonteCarloLoadPoints(meanCount, meanHours, p5, p50, p95));
    }

    private static IndexDistribution Summarise(double[] values, double z, double precision)
    {
        // Running (Welford) statistics in year order, so the result does not depend on thread scheduling.
        var stats = new RunningStatistics(values);
        double mean = stats.Mean;
        double sd = values.Length > 1 ? stats.StandardDeviation : double.NaN;
        double halfWidth = z * sd / Math.Sqrt(values.Length);
        double needed = mean == 0 ? 0 : Math.Ceiling(Math.Pow(z * sd / (precision * mean), 2));
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return new IndexDistribution(
            mean,
            sd,
            halfWidth,
            SortedArrayStatistics.Quantile(sorted, 0.05),
            SortedArrayStatistics.Quantile(sorted, 0.5),
            SortedArrayStatistics.Quantile(sorted, 0.95),
            needed);
    }

    /// <summary>Read-only tables shared by all workers, and their common progress counter.</summary>
    private sealed class SimulationContext
    {
        public SimulationContext(FailurePlan plan, MonteCarloOptions monteCarlo, ReliabilityOptions options)
        {
            Plan = plan;
            Net network = plan.Model.Network;
            int failures = plan.FailureNode.Length;
            FailureSegment = new int[failures];
            for (int s = 0; s < plan.SegmentCount; s++)
            {
                for (int i = plan.FailureStart[s]; i < plan.FailureStart[s + 1]; i++)
                {
                    FailureSegment[i] = s;
                }
            }

            RepairModel = new DurationModel[failures];
            ReadOnlySpan<int> parentEdge = plan.Model.Trace.ParentEdge;
            ReadOnlySpan<BranchKind> kinds = network.EdgeKinds;
            for (int i = 0; i < failures; i++)
            {
                BranchKind kind = kinds[parentEdge[plan.FailureNode[i]]];
                RepairModel[i] = monteCarlo.RepairDurations.TryGetValue(kind, out DurationModel m) ? m : DurationModel.Exponential;
            }

            SwitchingModel = monteCarlo.SwitchingDuration;
            TotalLambda = plan.CumLambda[failures];

            // Load points sorted by preorder position, so that a subtree's load points are one contiguous run.
            ReadOnlySpan<int> lpNode = network.LoadPointNode;
            int lpCount = lpNode.Length;
            var keys = new int[lpCount];
            LoadPointsByPosition = new int[lpCount];
            for (int l = 0; l < lpCount; l++)
            {
                keys[l] = plan.PreIndex[lpNode[l]] < 0 ? int.MaxValue : plan.PreIndex[lpNode[l]];
                LoadPointsByPosition[l] = l;
            }

            Array.Sort(keys, LoadPointsByPosition);
            int positions = plan.Order.Length;
            FirstLoadPointAt = new int[positions + 1];
            int cursor = 0;
            for (int p = 0; p <= positions; p++)
            {
                while (cursor < lpCount && keys[cursor] < p)
                {
                    cursor++;
                }

                FirstLoadPointAt[p] = cursor;
            }

            Users = new double[lpCount];
            AverageKw = new double[lpCount];
            for (int i = 0; i < lpCount; i++)
            {
                int l = LoadPointsByPosition[i];
                Users[i] = plan.Model.Users[l];
                AverageKw[i] = network.AverageKw[l];
                TotalUsers += Users[i];
            }
        }

        public FailurePlan Plan { get; }

        /// <summary>Years completed by all workers (the only mutable member, updated with Interlocked).</summary>
        public int YearsDone;

        public int[] FailureSegment { get; }

        public DurationModel[] RepairModel { get; }

        public DurationModel SwitchingModel { get; }

        public double TotalLambda { get; }

        // LoadPointsByPosition[i] is the i-th load point in preorder; FirstLoadPointAt[p] is the first i at or after
        // preorder position p, so the subtree of v holds i in [FirstLoadPointAt[pre v], FirstLoadPointAt[pre v + size v]).
        public int[] LoadPointsByPosition { get; }

        public int[] FirstLoadPointAt { get; }

        // By preorder rank i, not by load-point index.
        public double[] Users { get; }

        public double[] AverageKw { get; }

        public double TotalUsers { get; }
    }

    /// <summary>One worker: its generator and scratch, reused across all its years.</summary>
    private sealed class Worker
    {
        private readonly SimulationContext _context;
        private readonly Xoshiro256StarStar _random;
        private readonly double[] _count;
        private readonly double[] _hours;

        public Worker(SimulationContext context, int seed)
        {
            _context = context;
            _random = new Xoshiro256StarStar(seed, threadSafe: false);
            int lpCount = context.Users.Length;
            _count = new double[lpCount];
            _hours = new double[lpCount];
            CountSum = new double[lpCount];
            HourSum = new double[lpCount];
        }

        // Sums over this worker's years, by load-point index.
        public double[] CountSum { get; }

        public double[] HourSum { get; }

        public void Simulate(int firstYear, int lastYear, double[] saifi, double[] saidi, double[] ens, float[]? annual, Action<int>? yearsCompleted)
        {
            SimulationContext c = _context;
            int lpCount = _count.Length;
            int[] byPosition = c.LoadPointsByPosition;
            for (int year = firstYear; year < lastYear; year++)
            {
                Array.Clear(_count);
                Array.Clear(_hours);
                SimulateYear();
                double frequency = 0;
                double duration = 0;
                double energy = 0;
                for (int i = 0; i < lpCount; i++)
                {
                    frequency += c.Users[i] * _count[i];
                    duration += c.Users[i] * _hours[i];
                    energy += c.AverageKw[i] * _hours[i];
                    int l = byPosition[i];
                    CountSum[l] += _count[i];
                    HourSum[l] += _hours[i];
                    if (annual is not null)
                    {
                        annual[((long)year * lpCount) + l] = (float)_hours[i];
                    }
                }

                saifi[year] = c.TotalUsers > 0 ? frequency / c.TotalUsers : double.NaN;
                saidi[year] = c.TotalUsers > 0 ? duration / c.TotalUsers : double.NaN;
                ens[year] = energy / 1000;
                yearsCompleted?.Invoke(Interlocked.Increment(ref c.YearsDone));
            }
        }

        private void SimulateYear()
        {
            SimulationContext c = _context;
            double total = c.TotalLambda;
            if (total <= 0)
            {
                return;
            }

            // Failures of the whole system form a Poisson process of rate Σλ; each arrival picks its component in
            // proportion to λ. Time is in years.
            double time = Exponential(1 / total);
            while (time < 1)
            {
                ApplyFailure(PickFailure(_random.NextDouble() * total));
                time += Exponential(1 / total);
            }
        }

        private int PickFailure(double target)
        {
            double[] cum = _context.Plan.CumLambda;
            int lo = 0;
            int hi = cum.Length - 2;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (cum[mid + 1] <= target)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        private void ApplyFailure(int failure)
        {
            SimulationContext c = _context;
            FailurePlan plan = c.Plan;
            int z = c.FailureSegment[failure];
            double repairMean = plan.FailureHours[failure];

            // Protection outcome.
            int k0 = plan.OutcomeStart[z];
            int k = k0;
            double u = _random.NextDouble();
            for (double acc = plan.OutcomeProb[k]; acc <= u && k < plan.OutcomeStart[z + 1] - 1; acc += plan.OutcomeProb[++k])
            {
            }

            ReadOnlySpan<int> pre = plan.PreIndex;
            ReadOnlySpan<int> size = plan.SubtreeSize;
            int top = plan.OutcomeTop[k];
            int zTop = plan.SegmentTop[z];
            int start = c.FirstLoadPointAt[pre[top]];
            int end = c.FirstLoadPointAt[pre[top] + size[top]];
            int zStart = c.FirstLoadPointAt[pre[zTop]];
            int zEnd = c.FirstLoadPointAt[pre[zTop] + size[zTop]];
            for (int i = start; i < end; i++)
            {
                _count[i] += 1;
            }

            double repair = Sample(c.RepairModel[failure], repairMean);
            if (top != zTop)
            {
                double upstream = Sample(c.SwitchingModel, Math.Min(plan.UpstreamIsolationHours[z], repairMean));
                AddHours(start, zStart, upstream);
                AddHours(zEnd, end, upstream);
            }

            AddHours(zStart, zEnd, repair);
            int c0 = plan.ChildStart[z];
            int childCount = plan.ChildStart[z + 1] - c0;
            int r0 = plan.RestoreStart[z] + ((k - k0) * childCount);
            CapacityRestoration? capacity = plan.Capacity;
            if (capacity is not null)
            {
                // The failure strikes at a random hour: its load level is drawn by the levels' shares of the year.
                int level = capacity.LevelAt(_random.NextDouble());
                for (int j = 0; j < childCount; j++)
                {
                    (int first, int last) = capacity.Pieces(r0 + j, level);
                    for (int i = first; i < last; i++)
                    {
                        double back = Sample(c.SwitchingModel, Math.Min(capacity.PieceHours[i], repairMean)) - repair;
                        int pieceTop = capacity.PieceTop[i];
                        AddHours(c.FirstLoadPointAt[pre[pieceTop]], c.FirstLoadPointAt[pre[pieceTop] + size[pieceTop]], back);
                        int cut = capacity.PieceCut[i];
                        if (cut >= 0)
                        {
                            AddHours(c.FirstLoadPointAt[pre[cut]], c.FirstLoadPointAt[pre[cut] + size[cut]], -back);
                        }
                    }
                }

                return;
            }

            for (int j = 0; j < childCount; j++)
            {
                double hours = plan.RestoreHours[r0 + j];
                if (double.IsPositiveInfinity(hours))
                {
                    continue;
                }

                int childTop = plan.SegmentTop[plan.Children[c0 + j]];
                int cStart = c.FirstLoadPointAt[pre[childTop]];
                int cEnd = c.FirstLoadPointAt[pre[childTop] + size[childTop]];
                if (cStart < cEnd)
                {
                    AddHours(cStart, cEnd, Sample(c.SwitchingModel, Math.Min(hours, repairMean)) - repair);
                }
            }
        }

        private void AddHours(int start, int end, double hours)
        {
            double[] h = _hours;
            for (int i = start; i < end; i++)
            {
                h[i] += hours;
            }
        }

        private double Exponential(double mean) => -mean * Math.Log(1 - _random.NextDouble());

        private double Sample(DurationModel model, double mean)
        {
            if (mean <= 0)
            {
                return 0;
            }

            if (model.Shape == DurationShape.Exponential)
            {
                return Exponential(mean);
            }

            // ln X ~ N(μ, σ²) with E[X] = exp(μ + σ²/2) = mean.
            double sigma = model.LogSigma;
            return Math.Exp(Math.Log(mean) - (0.5 * sigma * sigma) + (sigma * Normal.Sample(_random, 0, 1)));
        }
    }
}
