using Lumen.Forecast.Data;

namespace Lumen.Forecast.Models;

/// <summary>
/// Lumen's day-ahead model: a two-stage, per-period linear regression fitted by weighted least squares, combined with a
/// profile + level smoothing member (<see cref="SeasonalSmoothing"/>) by weights chosen inside the history.
/// </summary>
/// <remarks>
/// <para><b>Stage 1 (calendar and weather)</b>, one regression per period of the day over <see cref="LumenOptions.WindowDays"/>
/// days with exponentially decaying weights: intercept, weekday, holiday, bridge-day, festival and day-after-holiday
/// dummies (optionally only those that <see cref="LumenOptions.MinCalendarExamples"/> of the fitted days carry, see
/// <see cref="Stage1Design.WithoutRareFlags"/>; without temperature shrunk towards zero by
/// <see cref="LumenOptions.CalendarPriorDays"/> pseudo-days without effect), a linear trend (only with a year of history: fitted on
/// weeks it extrapolates the seasonal drift), two annual harmonics, and, with temperature, the recency terms of Wang,
/// Liu and Hong (2016): T, T², T³, the temperatures 1-3 h earlier, the 24-h moving average and the previous 24-h average
/// (and squares), and T, T² interacted with the annual harmonic so the heating/cooling response changes smoothly over
/// the year.</para>
/// <para><b>Stage 2 (recent load)</b>: stage-1 residuals are strongly autocorrelated (level shifts, weather-forecast-free
/// drifts, COVID-like breaks). Per period, the residual is regressed on yesterday's last residual, its change over
/// yesterday's last period (the momentum a damped trend carries into the first hours), yesterday's residual at the same
/// period, yesterday's mean residual and last week's residual at the same period. Because residuals are
/// already free of weekday and holiday effects, Monday-after-Sunday needs no special treatment.</para>
/// <para><b>Combination</b>: the forecasts of both members are replayed at every day of the calibration span (below);
/// the regression's weight w ∈ {0, 0.1, …, 1} minimises the replayed day-ahead mean absolute error and is shrunk towards
/// ½ by n/(n + 42) for n replayed days (src/Forecast/README.md has the measurements); the regression's replayed errors
/// are first rescaled to the origin's fit length (<see cref="LumenOptions.CorrectFitLength"/>). Without temperature a
/// third member, MSTL + ETS (<see cref="Mstl"/>, <see cref="LumenOptions.MstlMember"/>), joins: the weights of regression
/// and MSTL member are chosen on the simplex grid the same way and shrunk towards thirds.</para>
/// <para><b>Intervals</b>: out-of-sample errors of the combined forecast replayed inside the history (26 weekly
/// pseudo-origins, or a stage-1 refit at every replayed day without a year of history,
/// <see cref="LumenOptions.DailyReplayFits"/>; stage-2 coefficients left out per block, see <see cref="Calibration"/>;
/// rescaled to the origin's stage-1 fit length, <see cref="LumenOptions.CorrectFitLength"/>), per lead day and period of
/// day (one error per replayed day), scaled by the recent volatility, at the day-level conformal quantile levels
/// (expected coverage τ, <see cref="ConformalLevel"/>). Histories too short for the replay use quantiles of stage-2
/// relative residuals inflated by √(n/(n−k)), with a warning.</para>
/// <para>Multi-day horizons are recursive in stage 2 (predicted residuals feed the next day). Cost per fit is
/// O(s·n·k²) with s periods per day, n window days and k ≈ 29 columns, plus O(replayed days · 56 · s) for the smoothing
/// member and, without temperature, seven MSTL decompositions of 56 days. Thread-safe: the scratch arrays of a fit
/// belong to the calling thread (reused by its next fit, ≈ 1.4 MB for 2 years hourly), nothing else is shared.</para>
/// <para>Fallbacks (each with a warning): fewer than 28 days of history → seasonal naive (≥ 7 days) or yesterday's profile;
/// less than a year → no annual terms; a flat series → persistence; a singular fit → seasonal naive.</para>
/// </remarks>
public sealed class LumenRegression : IDayAheadForecaster
{
    private const int MinDays = 28;
    private const int Stage2Columns = 6;
    private const int MinPseudoOrigins = 4;
    private const int RecentDays = 28;
    private const double ShrinkDays = 42;
    private const int MstlReplayDays = 42;
    private const int MstlStepDays = 7;
    [ThreadStatic]
    private static Workspace? t_workspace;
    private readonly LumenOptions _options;

    /// <summary>Creates the model with <paramref name="options"/> (null = <see cref="LumenOptions.Default"/>).</summary>
    public LumenRegression(LumenOptions? options = null)
    {
        _options = options ?? LumenOptions.Default;
    }

    /// <inheritdoc />
    public string Name => "lumen";

    /// <summary>The settings.</summary>
    public LumenOptions Options => _options;

    /// <inheritdoc />
    public ForecastResult Forecast(ForecastRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The scratch arrays (≈ 1.4 MB for 2 years hourly) belong to the calling thread and are reused by its next fit;
        // taken out of the slot while in use so that a nested call on the same thread gets its own.
        Workspace ws = t_workspace ?? new Workspace();
        t_workspace = null;
        try
        {
            return Forecast(request, ws);
        }
        finally
        {
            t_workspace = ws;
        }
    }

    private ForecastResult Forecast(ForecastRequest request, Workspace ws)
    {
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int d0 = request.OriginDay;
        int horizon = request.HorizonDays;
        var warnings = new List<ForecastDiagnostic>();
        ReadOnlySpan<double> y = series.LoadMw;

        if (IsFlat(y, request.OriginIndex, s))
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", "flat or dead series (no variation over the last week): persistence forecast", ForecastSeverity.Warning));
            return Persistence(request, warnings);
        }

        int first = Math.Max(1, d0 - _options.WindowDays);
        int trainDays = d0 - first;
        if (trainDays < MinDays)
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"only {d0} day(s) of history (fewer than {MinDays}): seasonal naive used", ForecastSeverity.Warning));
            return d0 >= 7 ? Relabel(new SeasonalNaive().Forecast(request), warnings) : Persistence(request, warnings);
        }

        bool annual = trainDays >= 365;
        if (!annual)
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"{trainDays} days of history (less than a year): no annual terms", ForecastSeverity.Warning));
        }

        bool useTemp = _options.UseTemperature && series.HasTemperature;
        var design = new Stage1Design(series, request.Calendar, _options.UseHolidays, useTemp, annual, first, d0 + horizon, ws);
        int k = design.Columns;
        int days = d0 + horizon - first;        // rows per period: training days then horizon days
        double level = MeanAbs(y[(first * s)..(d0 * s)]);
        if (!(level > 0))
        {
            level = 1;
        }

        double[] weights = Workspace.Take(ref ws.Weights, trainDays);
        double decay = _options.HalfLifeDays > 0 ? Math.Log(2) / _options.HalfLifeDays : 0;
        for (int i = 0; i < trainDays; i++)
        {
            weights[i] = Math.Exp(-decay * (trainDays - 1 - i));
        }

        // Stage-1 variants: 0 = all columns; 1 = without the temperature lags and moving averages (a sub-model solved
        // from the same normal equations, so it costs only the extra solves).
        int variants = useTemp && _options.SelectModel ? 2 : 1;
        int[][] columnSets = variants == 2 ? [[], design.ColumnsWithoutRecency()] : [[]];

        // Calibration plan: pseudo-origins P_j = calFirst + j·step inside the history (relative day indices), each fitted
        // on the days before it only. The first one keeps at least half the history (and 28 days) for its fit. Without a
        // year of history every replayed day is a pseudo-origin (DailyReplayFits): a day weighs k/n in a fit of k columns
        // on n days, so a fit a few days old forecasts from residuals its origin's fit would have partly absorbed.
        int weeklyStep = Math.Max(1, _options.CalibrationStepDays);
        int step = !annual && _options.DailyReplayFits ? 1 : weeklyStep;
        int minFit = Math.Max(MinDays, trainDays / 2);
        int pseudo = Math.Max(0, Math.Min(_options.CalibrationOrigins * weeklyStep, trainDays - minFit) / step);
        if (pseudo * step < MinPseudoOrigins * weeklyStep)
        {
            pseudo = 0;
        }

        int calFirst = trainDays - (pseudo * step);

        // Columns of each fit: the variant's, without the calendar dummies that fewer than MinCalendarExamples of the days
        // the fit reads carry (each pseudo-origin counts its own days, so the replay applies the origin's rule); [pseudo] is
        // the origin's fit.
        var fitColumns = new int[pseudo + 1][][];
        for (int j = 0; j <= pseudo; j++)
        {
            fitColumns[j] = new int[variants][];
            int fitDays = j < pseudo ? calFirst + (j * step) : trainDays;
            for (int v = 0; v < variants; v++)
            {
                fitColumns[j][v] = design.WithoutRareFlags(columnSets[v], fitDays, _options.MinCalendarExamples);
            }
        }

        int span = 7 + step + horizon;           // stage-1 predictions per pseudo-origin: days [P−7, P+step+horizon−1)
        double[] pred1 = pseudo > 0 ? Workspace.Take(ref ws.Pred1, variants * pseudo * span * s) : [];

        // Stage 1: rows are cached per period so that the fitted values and the pseudo-origin predictions reuse them.
        double[] rows = Workspace.Take(ref ws.Rows, days * k);
        double[] fit1 = Workspace.Take(ref ws.Fit1, variants * days * s);    // stage-1 fitted value (units of level), [variant][day][period]
        double[] resid = Workspace.Take(ref ws.Resid, variants * days * s);  // stage-1 residual (training days), predicted residual (horizon)
        var beta = new double[k];
        NormalEquations neq = ws.Equations(k);

        // Without temperature a calendar dummy seen on one or two days would absorb their whole residual, weather and
        // level included (and stage 2 would then read a zero residual the next day): each gets a prior of
        // CalendarPriorDays days without effect, a unit row per dummy column with target 0 (pseudo-origins included).
        double prior = useTemp ? 0 : _options.CalendarPriorDays;
        Span<double> unit = stackalloc double[prior > 0 ? k : 0];
        for (int p = 0; p < s; p++)
        {
            for (int i = 0; i < days; i++)
            {
                design.Row(first + i, p, rows.AsSpan(i * k, k));
            }

            neq.Reset();
            if (prior > 0)
            {
                foreach (int c in Stage1Design.DummyColumns)
                {
                    unit.Clear();
                    unit[c] = 1;
                    neq.Add(unit, 0, prior);
                }
            }

            int nextJ = 0;
            for (int i = 0; i < trainDays; i++)
            {
                if (nextJ < pseudo && i == calFirst + (nextJ * step))
                {
                    PredictPseudo(neq, rows, k, fitColumns[nextJ], beta, nextJ, i, trainDays, span, pseudo, s, p, pred1);
                    nextJ++;
                }

                neq.Add(rows.AsSpan(i * k, k), y[((first + i) * s) + p] / level, weights[i]);
            }

            for (int v = 0; v < variants; v++)
            {
                if (!neq.Solve(beta, _options.Ridge, fitColumns[pseudo][v]))
                {
                    warnings.Add(new ForecastDiagnostic(series.Name, 0, string.Empty, "the regression could not be fitted (singular design): seasonal naive used", ForecastSeverity.Warning));
                    return Relabel(new SeasonalNaive().Forecast(request), warnings);
                }

                int vo = v * days * s;
                for (int i = 0; i < days; i++)
                {
                    double f = Dot(rows.AsSpan(i * k, k), beta);
                    fit1[vo + (i * s) + p] = f;
                    resid[vo + (i * s) + p] = i < trainDays ? (y[((first + i) * s) + p] / level) - f : 0;
                }
            }
        }

        // Stage 2 per variant: residual autoregression on yesterday and last week, per period (in-sample fit). The replay
        // gets its own coefficients per pseudo-origin block, fitted without the block's days and the week after them (the
        // in-sample fit made the replayed regression look better than it forecasts: src/Forecast/README.md).
        var beta2 = new double[variants * s * Stage2Columns];
        double[] beta2Blocks = pseudo > 0 ? Workspace.Take(ref ws.Beta2Blocks, variants * pseudo * s * Stage2Columns) : [];
        NormalEquations neq2 = ws.Equations2();
        Span<double> x2 = stackalloc double[Stage2Columns];
        Span<double> b2 = stackalloc double[Stage2Columns];
        double[] dayMean = Workspace.Take(ref ws.DayMean, days);
        for (int v = 0; v < variants; v++)
        {
            double[] rv = resid;
            int vo = v * days * s;
            for (int i = 0; i < trainDays; i++)
            {
                dayMean[i] = DayMean(rv, vo + (i * s), s);
            }

            for (int p = 0; p < s; p++)
            {
                neq2.Reset();
                for (int i = 7; i < trainDays; i++)
                {
                    Stage2Row(rv, vo, s, i, p, dayMean[i - 1], x2);
                    neq2.Add(x2, rv[vo + (i * s) + p], weights[i]);
                }

                if (!neq2.Solve(b2, 1e-6))
                {
                    b2.Clear();
                }

                b2.CopyTo(beta2.AsSpan(((v * s) + p) * Stage2Columns, Stage2Columns));
                if (beta2Blocks.Length > 0)
                {
                    NormalEquations cv = ws.Equations2Cv();
                    for (int j = 0; j < pseudo; j++)
                    {
                        cv.CopyFrom(neq2);
                        int from = calFirst + (j * step);
                        int to = Math.Min(trainDays, from + step + horizon - 1 + 7);
                        for (int i = Math.Max(7, from); i < to; i++)
                        {
                            Stage2Row(rv, vo, s, i, p, dayMean[i - 1], x2);
                            cv.Remove(x2, rv[vo + (i * s) + p], weights[i]);
                        }

                        Span<double> bj = beta2Blocks.AsSpan(((((v * pseudo) + j) * s) + p) * Stage2Columns, Stage2Columns);
                        if (!cv.Solve(bj, 1e-6))
                        {
                            bj.Clear();
                        }
                    }
                }
            }
        }

        // Model selection by the out-of-sample day-ahead error at the pseudo-origins: variants × recent-load stage on/off.
        int chosenVariant = 0;
        bool chosenStage2 = true;
        var calibration = new Calibration(pseudo, calFirst, step, span, s, horizon, trainDays, level, first, series.LoadArray);
        if (pseudo > 0 && _options.SelectModel)
        {
            double best = double.MaxValue;
            for (int v = 0; v < variants; v++)
            {
                for (int s2 = 1; s2 >= 0; s2--)
                {
                    double mae = calibration.Replay(pred1, v, beta2Blocks, s2 == 1, null, [], 1, null);
                    if (mae < best)
                    {
                        best = mae;
                        chosenVariant = v;
                        chosenStage2 = s2 == 1;
                    }
                }
            }
        }

        // The chosen model: stage-1 fit plus (optionally) the recursive stage-2 forecast over the horizon.
        double[] fitted = Workspace.Take(ref ws.Fitted, days * s);
        double[] resid2 = Workspace.Take(ref ws.Resid2, days * s);
        Array.Clear(resid2, 0, days * s);
        {
            int vo = chosenVariant * days * s;
            for (int idx = 0; idx < days * s; idx++)
            {
                fitted[idx] = fit1[vo + idx];
            }

            if (chosenStage2)
            {
                for (int i = 7; i < days; i++)
                {
                    bool train = i < trainDays;
                    double yesterday = DayMean(resid, vo + ((i - 1) * s), s);
                    for (int p = 0; p < s; p++)
                    {
                        Stage2Row(resid, vo, s, i, p, yesterday, x2);
                        double e = Dot(x2, beta2.AsSpan(((chosenVariant * s) + p) * Stage2Columns, Stage2Columns));
                        int idx = (i * s) + p;
                        fitted[idx] += e;
                        if (train)
                        {
                            resid2[idx] = resid[vo + idx] - e;
                        }
                        else
                        {
                            resid[vo + idx] = e;     // the predicted residual feeds the next horizon day
                        }
                    }
                }
            }
            else
            {
                Array.Copy(resid, vo, resid2, 0, trainDays * s);
            }
        }

        // Second member: weekly profile + level smoothing (SeasonalSmoothing), in units of the level, at the origin
        // and at every replayed origin; its weight is chosen by the replayed day-ahead error (1 = regression only).
        // Without temperature a third member, MSTL + ETS (Mstl), replayed with one decomposition per pseudo-origin block;
        // the two load-only members then share 1 − w by a second weight chosen the same way.
        double weight = 1;
        double mstlShare = 0;
        double[] smooth = [];
        double[] smoothNow = Workspace.Take(ref ws.SmoothNow, horizon * s);
        if (pseudo > 0 && _options.Combine && first + calFirst >= SeasonalSmoothing.MinDays)
        {
            smooth = Workspace.Take(ref ws.Smooth, calibration.OriginCount * horizon * s);
            SmoothingForecasts(series, first, d0, calFirst, trainDays, horizon, level, smooth, smoothNow, ws);
            bool withMstl = _options.MstlMember && !useTemp && first + calFirst >= Mstl.MinDays;
            double[] mstl = [];
            double[] mstlNow = [];
            if (withMstl)
            {
                mstl = Workspace.Take(ref ws.Mstl, calibration.OriginCount * horizon * s);
                mstlNow = Workspace.Take(ref ws.MstlNow, horizon * s);
                MstlForecasts(series, first, d0, calFirst, MstlStepDays, trainDays, horizon, level, smooth, mstl, mstlNow, ws);
            }

            double[] lead0 = Workspace.Take(ref ws.Lead0, calibration.OriginCount * s);
            calibration.Replay(pred1, chosenVariant, beta2Blocks, chosenStage2, null, [], 1, lead0);
            if (_options.CorrectFitLength)
            {
                // The regression's replayed errors come from shorter fits than the origin's: rescaled, so that its weight
                // is chosen on the errors it makes at the origin's fit length, as its intervals are.
                int[] used = fitColumns[pseudo][chosenVariant];
                calibration.CorrectFitLength(lead0, used.Length == 0 ? k : used.Length);
            }
            double best = double.MaxValue;
            int shares = withMstl ? 10 : 0;
            for (int wi = 0; wi <= 10; wi++)
            {
                for (int mi = 0; mi <= Math.Min(shares, 10 - wi); mi++)
                {
                    double mae = calibration.MixedError(lead0, smooth, mstl, wi / 10.0, mi / 10.0);
                    if (mae < best - 1e-12)
                    {
                        best = mae;
                        weight = wi / 10.0;
                        mstlShare = mi / 10.0;
                    }
                }
            }

            // Shrunk towards equal weights: halfway with six weeks of replayed days, less with more.
            int nDays = calibration.OriginCount;
            double shrink = nDays / (nDays + ShrinkDays);
            double equal = withMstl ? 1 / 3.0 : 0.5;
            weight = equal + ((weight - equal) * shrink);
            if (withMstl)
            {
                mstlShare = equal + ((mstlShare - equal) * shrink);

                // The load-only members enter the rest of the model as one: (1 − w)·member = w_s·smoothing + w_m·MSTL.
                double m = mstlShare / (1 - weight);
                Blend(smooth, mstl, m, calibration.OriginCount * horizon * s);
                Blend(smoothNow, mstlNow, m, horizon * s);
            }
        }

        int steps = request.Steps;
        var mean = new double[steps];
        var quantiles = new double[steps * ForecastResult.LevelCount];
        Span<double> q = stackalloc double[ForecastResult.LevelCount];
        if (pseudo > 0)
        {
            // Out-of-sample errors of the chosen model at every day of the calibration span, by lead day and period.
            double[] errors = Workspace.Take(ref ws.Errors, horizon * s * calibration.OriginCount);
            calibration.Replay(pred1, chosenVariant, beta2Blocks, chosenStage2, errors, smooth, weight, null);
            if (_options.CorrectFitLength)
            {
                int[] used = fitColumns[pseudo][chosenVariant];
                calibration.CorrectFitLength(errors, used.Length == 0 ? k : used.Length, weight);
            }
            double adapt = _options.AdaptToRecentErrors ? calibration.RecentErrorRatio(errors, RecentDays) : 1;
            var counts = new int[horizon * s];
            calibration.SortByLeadAndPeriod(errors, counts);
            for (int h = 0; h < horizon; h++)
            {
                for (int p = 0; p < s; p++)
                {
                    calibration.Quantiles(errors, counts, h, p, q);
                    for (int l = 0; l < q.Length; l++)
                    {
                        q[l] *= adapt;
                    }

                    int step1 = (h * s) + p;
                    double f = fitted[((d0 - first + h) * s) + p];
                    if (weight < 1)
                    {
                        f = (weight * f) + ((1 - weight) * smoothNow[step1]);
                    }

                    mean[step1] = f * level;
                    for (int l = 0; l < ForecastResult.LevelCount; l++)
                    {
                        quantiles[(step1 * ForecastResult.LevelCount) + l] = level * f * (1 + q[l]);
                    }

                    SortSmall(quantiles.AsSpan(step1 * ForecastResult.LevelCount, ForecastResult.LevelCount));
                }
            }
        }
        else
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, "load_mw", $"{trainDays} days of history: too short for out-of-sample interval calibration, intervals from in-sample residuals", ForecastSeverity.Warning));
            InSampleQuantiles(resid2, resid, chosenVariant * days * s, fitted, fit1, s, trainDays, k, horizon, d0 - first, level, mean, quantiles);
        }

        if (!AllFinite(mean) || !AllFinite(quantiles))
        {
            warnings.Add(new ForecastDiagnostic(series.Name, 0, string.Empty, "the regression produced non-finite values: seasonal naive used", ForecastSeverity.Warning));
            return Relabel(new SeasonalNaive().Forecast(request), warnings);
        }

        string variant = (chosenVariant == 0 ? "full" : "nolags") + (chosenStage2 ? "+s2" : string.Empty) + (weight < 1 ? $"+smooth{1 - weight - mstlShare:0.0}" : string.Empty) + (mstlShare > 0 ? $"+mstl{mstlShare:0.0}" : string.Empty);
        return new ForecastResult(Name, series.TimeOf(request.OriginIndex), series.Period, mean, quantiles, warnings) { Variant = variant };
    }

    /// <summary>
    /// At pseudo-origin <paramref name="j"/> (relative day <paramref name="origin"/>; the normal equations hold the days
    /// before it only), solves every variant and stores its stage-1 predictions for days [origin − 7, origin + span − 7).
    /// A variant that cannot be solved there gets NaN predictions (its errors are then skipped).
    /// </summary>
    private void PredictPseudo(NormalEquations neq, double[] rows, int k, int[][] columnSets, double[] beta, int j, int origin, int trainDays, int span, int pseudo, int s, int p, double[] pred1)
    {
        for (int v = 0; v < columnSets.Length; v++)
        {
            bool ok = neq.Solve(beta, _options.Ridge, columnSets[v]);
            int baseIdx = ((v * pseudo) + j) * span;
            for (int off = 0; off < span; off++)
            {
                int d = origin - 7 + off;
                pred1[((baseIdx + off) * s) + p] = ok && d < trainDays ? Dot(rows.AsSpan(d * k, k), beta) : double.NaN;
            }
        }
    }

    /// <summary>
    /// Forecasts of <see cref="SeasonalSmoothing"/> in units of <paramref name="level"/>: at the origin
    /// (<paramref name="now"/>, the horizon's periods) and at every replayed origin o ∈ [calFirst, trainDays) relative to
    /// <paramref name="first"/> (<paramref name="replay"/>[o − calFirst][lead][period]). The smoothing constant is fitted
    /// once at the origin and reused in the replay (one constant; a small optimism of the replayed errors).
    /// </summary>
    private static void SmoothingForecasts(LoadSeries series, int first, int d0, int calFirst, int trainDays, int horizon, double level, double[] replay, double[] now, Workspace ws)
    {
        int s = series.PeriodsPerDay;
        ReadOnlySpan<double> y = series.LoadMw;
        int firstDow = (int)series.DateOf(0).DayOfWeek;
        Span<double> profile = stackalloc double[7 * s];
        Span<double> shape = stackalloc double[s];
        int steps = horizon * s;
        SmoothingParameters alpha = SeasonalSmoothing.Fit(y, s, d0 * s, firstDow, profile, shape);
        SeasonalSmoothing.Forecast(y, s, d0 * s, firstDow, alpha, profile, shape, now.AsSpan(0, steps));
        int days = first + trainDays;
        double[] daily = Workspace.Take(ref ws.Daily, days);
        double[] weekly = Workspace.Take(ref ws.Weekly, days * s);
        SeasonalSmoothing.Sums(y, s, days, daily, weekly);
        for (int o = calFirst; o < trainDays; o++)
        {
            int leads = Math.Min(horizon, trainDays - o);
            Span<double> output = replay.AsSpan((o - calFirst) * steps, leads * s);
            SeasonalSmoothing.Forecast(y, s, (first + o) * s, firstDow, alpha, profile, shape, output, daily.AsSpan(0, days), weekly.AsSpan(0, days * s));
        }

        double inv = 1 / level;
        for (int i = 0; i < steps; i++)
        {
            now[i] *= inv;
        }

        for (int i = 0; i < (trainDays - calFirst) * steps; i++)
        {
            replay[i] *= inv;
        }
    }

    /// <summary>
    /// Forecasts of <see cref="Mstl"/> in units of <paramref name="level"/>, laid out as in <see cref="SmoothingForecasts"/>:
    /// decomposed at the origin and, over the last <see cref="MstlReplayDays"/> replayed days, once per block of
    /// <paramref name="step"/> days (<see cref="MstlStepDays"/>: weekly also where the regression's replay refits daily),
    /// carried through the block's days (a decomposition costs about what the rest of the model does;
    /// src/Forecast/README.md). Earlier replayed days take the smoothing member's forecasts <paramref name="smooth"/>, so
    /// that there the MSTL share acts as the smoothing member's. The smoothing constants are chosen at the origin and
    /// reused in the replay.
    /// </summary>
    private static void MstlForecasts(LoadSeries series, int first, int d0, int calFirst, int step, int trainDays, int horizon, double level, double[] smooth, double[] replay, double[] now, Workspace ws)
    {
        int s = series.PeriodsPerDay;
        ReadOnlySpan<double> y = series.LoadMw;
        int steps = horizon * s;
        MstlScratch scratch = ws.MstlScratch;
        SmoothingParameters constants = Mstl.Forecast(y, s, d0 * s, now.AsSpan(0, steps), scratch);
        int blocks = (trainDays - calFirst + step - 1) / step;
        int from = calFirst + (Math.Max(0, blocks - (MstlReplayDays / step)) * step);
        Array.Copy(smooth, 0, replay, 0, (from - calFirst) * steps);
        for (int o = from; o < trainDays; o += step)
        {
            int blockDays = Math.Min(step, trainDays - o);
            Mstl.Replay(y, s, (first + o) * s, blockDays, steps, replay.AsSpan((o - calFirst) * steps, blockDays * steps), scratch, constants);
        }

        double inv = 1 / level;
        for (int i = 0; i < steps; i++)
        {
            now[i] *= inv;
        }

        for (int i = (from - calFirst) * steps; i < (trainDays - calFirst) * steps; i++)
        {
            replay[i] *= inv;
        }
    }

    /// <summary>a ← (1 − m)·a + m·b over the first <paramref name="count"/> values.</summary>
    private static void Blend(double[] a, double[] b, double m, int count)
    {
        for (int i = 0; i < count; i++)
        {
            a[i] = ((1 - m) * a[i]) + (m * b[i]);
        }
    }

    /// <summary>The pre-calibration interval rule (short histories): quantiles of in-sample residuals, inflated.</summary>
    private void InSampleQuantiles(double[] resid2, double[] resid, int residOffset, double[] fitted, double[] fit1, int s, int trainDays, int k, int horizon, int originRel, double level, double[] mean, double[] quantiles)
    {
        int qDays = Math.Min(_options.QuantileWindowDays, trainDays - 7);
        int qFirst = trainDays - qDays;
        double inflate = Math.Sqrt(trainDays / (double)Math.Max(1, trainDays - k - Stage2Columns));
        var sample = new double[3 * qDays];
        var stage1Resid = new double[trainDays * s];
        Array.Copy(resid, residOffset, stage1Resid, 0, trainDays * s);
        Span<double> q = stackalloc double[ForecastResult.LevelCount];
        Span<double> q1 = stackalloc double[ForecastResult.LevelCount];
        for (int p = 0; p < s; p++)
        {
            RelativeQuantiles(resid2, fitted, s, p, qFirst, trainDays, sample, q);
            if (horizon > 1)
            {
                RelativeQuantiles(stage1Resid, fit1.AsSpan(residOffset, trainDays * s).ToArray(), s, p, qFirst, trainDays, sample, q1);
            }

            for (int h = 0; h < horizon; h++)
            {
                int step = (h * s) + p;
                double f = fitted[((originRel + h) * s) + p];
                mean[step] = f * level;
                ReadOnlySpan<double> qq = h == 0 ? q : q1;
                for (int l = 0; l < ForecastResult.LevelCount; l++)
                {
                    quantiles[(step * ForecastResult.LevelCount) + l] = level * f * (1 + (inflate * qq[l]));
                }

                SortSmall(quantiles.AsSpan(step * ForecastResult.LevelCount, ForecastResult.LevelCount));
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double f = 0;
        for (int j = 0; j < a.Length; j++)
        {
            f += a[j] * b[j];
        }

        return f;
    }

    /// <summary>
    /// Replays the forecasts that the model would have issued at every day of the calibration span (origins
    /// o ∈ [calFirst, trainDays)): stage 1 from the fit at the latest pseudo-origin ≤ o, stage 2 from the residuals of the
    /// days before o under that fit, recursive over the lead days. Stage 1 reads only load before o; the stage-2
    /// coefficients of a block are fitted on the other days of the history (leave-block-out: the block's days and the
    /// week after them excluded), the same number of days as at the origin less two weeks, so the replayed errors are
    /// neither in-sample nor from a shorter fit. Nothing at or after the evaluation origin is read.
    /// </summary>
    private sealed class Calibration
    {
        private readonly int _pseudo;
        private readonly int _calFirst;
        private readonly int _step;
        private readonly int _span;
        private readonly int _s;
        private readonly int _horizon;
        private readonly int _trainDays;
        private readonly double _level;
        private readonly double[] _y;        // the whole load array of the series; day d of the fit is at _y0 + d·s
        private readonly int _y0;
        private readonly double[] _r;

        public Calibration(int pseudo, int calFirst, int step, int span, int s, int horizon, int trainDays, double level, int first, double[] y)
        {
            _pseudo = pseudo;
            _calFirst = calFirst;
            _step = step;
            _span = span;
            _s = s;
            _horizon = horizon;
            _trainDays = trainDays;
            _level = level;
            _y = y;
            _y0 = first * s;
            _r = new double[(7 + horizon) * s];
        }

        /// <summary>Number of replayed origins (days of the calibration span).</summary>
        public int OriginCount => _trainDays - _calFirst;

        /// <summary>
        /// Replays variant <paramref name="v"/> with the stage-2 coefficients <paramref name="beta2"/> of each block
        /// ([variant][block][period][column], fitted without the block's days); returns the mean absolute day-ahead
        /// (lead 0) error in units of the level.
        /// When <paramref name="errors"/> is given, stores the relative errors (y − ŷ)/ŷ at [lead][period][origin] (NaN
        /// where the actual is beyond the history).
        /// </summary>
        public double Replay(double[] pred1, int v, double[] beta2, bool stage2, double[]? errors, double[] smooth, double weight, double[]? lead0)
        {
            int s = _s;
            int n = OriginCount;
            int leads = errors is null ? 1 : _horizon;
            double[] r = _r;
            Span<double> x2 = stackalloc double[Stage2Columns];
            double sumAbs = 0;
            int count = 0;
            if (errors is not null)
            {
                errors.AsSpan(0, _horizon * s * n).Fill(double.NaN);
            }

            lead0?.AsSpan(0, n * s).Fill(double.NaN);

            for (int o = _calFirst; o < _trainDays; o++)
            {
                int j = (o - _calFirst) / _step;
                int pOrigin = _calFirst + (j * _step);
                int baseIdx = ((v * _pseudo) + j) * _span;
                int off0 = o - 7 - (pOrigin - 7);     // offset of day o−7 in the pseudo-origin's predictions
                for (int dd = 0; dd < 7; dd++)
                {
                    int d = o - 7 + dd;
                    for (int p = 0; p < s; p++)
                    {
                        r[(dd * s) + p] = (_y[_y0 + (d * s) + p] / _level) - pred1[((baseIdx + off0 + dd) * s) + p];
                    }
                }

                for (int h = 0; h < leads; h++)
                {
                    int d = o + h;
                    if (d >= _trainDays)
                    {
                        break;
                    }

                    int rd = 7 + h;                   // day d in the buffer
                    double yesterday = stage2 ? DayMean(r, (rd - 1) * s, s) : 0;
                    for (int p = 0; p < s; p++)
                    {
                        double e = 0;
                        if (stage2)
                        {
                            Stage2Row(r, 0, s, rd, p, yesterday, x2);
                            e = Dot(x2, beta2.AsSpan(((((v * _pseudo) + j) * s) + p) * Stage2Columns, Stage2Columns));
                        }

                        double f = pred1[((baseIdx + off0 + rd) * s) + p] + e;
                        if (weight < 1)
                        {
                            f = (weight * f) + ((1 - weight) * smooth[((((o - _calFirst) * _horizon) + h) * s) + p]);
                        }

                        r[(rd * s) + p] = e;
                        double actual = _y[_y0 + (d * s) + p] / _level;
                        if (!double.IsFinite(f))
                        {
                            continue;
                        }

                        if (h == 0)
                        {
                            if (lead0 is not null)
                            {
                                lead0[((o - _calFirst) * s) + p] = f;
                            }

                            sumAbs += Math.Abs(actual - f);
                            count++;
                        }

                        if (errors is not null && f != 0)
                        {
                            errors[(((h * s) + p) * n) + (o - _calFirst)] = (actual - f) / f;
                        }
                    }
                }
            }

            return count > 0 ? sumAbs / count : double.MaxValue;
        }

        /// <summary>
        /// Rescales the replayed errors <paramref name="errors"/> ([lead][period][origin]) of each pseudo-origin's fit to
        /// the origin's fit length (<see cref="FitLengthFactor"/>), in proportion to the regression's weight
        /// <paramref name="share"/> in the combination (the other members do not depend on the fit). NaN stays NaN.
        /// </summary>
        public void CorrectFitLength(double[] errors, int columns, double share)
        {
            int n = OriginCount;
            int leadsPeriods = _horizon * _s;
            for (int o = 0; o < n; o++)
            {
                double factor = 1 + (share * (FitLengthFactor(o, columns) - 1));
                for (int t = 0; t < leadsPeriods; t++)
                {
                    errors[(t * n) + o] *= factor;
                }
            }
        }

        /// <summary>
        /// Moves the regression's replayed day-ahead forecasts <paramref name="lead0"/> ([origin][period], NaN stays NaN)
        /// so that each error y − ŷ is rescaled by <see cref="FitLengthFactor"/>: the combination weights are then chosen
        /// on the errors the regression makes at the origin's fit length, as its intervals are (src/Forecast/README.md,
        /// "Daily replay fits and the fit length in the combination weights (fc9)").
        /// </summary>
        public void CorrectFitLength(double[] lead0, int columns)
        {
            int s = _s;
            for (int o = 0; o < OriginCount; o++)
            {
                double factor = FitLengthFactor(o, columns);
                int y0 = _y0 + ((_calFirst + o) * s);
                for (int p = 0; p < s; p++)
                {
                    double actual = _y[y0 + p] / _level;
                    lead0[(o * s) + p] = actual - (factor * (actual - lead0[(o * s) + p]));
                }
            }
        }

        /// <summary>
        /// √((N/(N − k))/(n/(n − k))) for replayed origin <paramref name="o"/>: a least-squares fit of k =
        /// <paramref name="columns"/> columns on n days predicts a new day with an error variance about σ²·n/(n − k), and
        /// the replayed day's stage 1 was fitted on the n days before its pseudo-origin, the origin's on N.
        /// </summary>
        private double FitLengthFactor(int o, int columns)
        {
            int fitDays = _calFirst + ((o / _step) * _step);
            return fitDays > columns + 1 ? Math.Sqrt(FitVarianceFactor(_trainDays, columns) / FitVarianceFactor(fitDays, columns)) : 1;
        }

        /// <summary>n/(n − k), the factor by which a least-squares prediction's error variance exceeds the noise's (1 when n ≤ k + 1).</summary>
        public static double FitVarianceFactor(int days, int columns) => days > columns + 1 ? days / (double)(days - columns) : 1;

        /// <summary>
        /// Mean absolute day-ahead error (units of the level) of w · regression + (1 − w − m) · smoothing member + m · MSTL
        /// member, from the regression's replayed lead-0 forecasts <paramref name="lead0"/> ([origin][period], NaN where
        /// unavailable) and the members' replayed forecasts <paramref name="smooth"/> and <paramref name="mstl"/>
        /// ([origin][lead][period]; <paramref name="mstl"/> is read only when m &gt; 0).
        /// </summary>
        public double MixedError(double[] lead0, double[] smooth, double[] mstl, double w, double m)
        {
            int s = _s;
            double sum = 0;
            int count = 0;
            double ws = 1 - w - m;
            for (int o = 0; o < OriginCount; o++)
            {
                int y0 = _y0 + ((_calFirst + o) * s);
                int m0 = o * _horizon * s;
                for (int p = 0; p < s; p++)
                {
                    double f = lead0[(o * s) + p];
                    if (double.IsNaN(f))
                    {
                        continue;
                    }

                    double mixed = (w * f) + (ws * smooth[m0 + p]) + (m > 0 ? m * mstl[m0 + p] : 0);
                    sum += Math.Abs((_y[y0 + p] / _level) - mixed);
                    count++;
                }
            }

            return count > 0 ? sum / count : double.MaxValue;
        }

        /// <summary>
        /// Volatility clustering: the root-mean-square day-ahead error of the last <paramref name="recentDays"/> replayed
        /// origins relative to the whole span, clamped to [0.8, 1.6].
        /// </summary>
        public double RecentErrorRatio(double[] errors, int recentDays)
        {
            int n = OriginCount;
            int from = Math.Max(0, n - recentDays);
            double all = 0;
            double recent = 0;
            int na = 0;
            int nr = 0;
            for (int p = 0; p < _s; p++)
            {
                int baseIdx = p * n;
                for (int o = 0; o < n; o++)
                {
                    double e = errors[baseIdx + o];
                    if (double.IsNaN(e))
                    {
                        continue;
                    }

                    all += e * e;
                    na++;
                    if (o >= from)
                    {
                        recent += e * e;
                        nr++;
                    }
                }
            }

            if (na == 0 || nr == 0 || !(all > 0))
            {
                return 1;
            }

            double ratio2 = (recent / nr) / (all / na);
            return Math.Clamp(Math.Sqrt(ratio2), 0.8, 1.6);
        }

        /// <summary>
        /// Reorders <paramref name="errors"/> in place: each (lead, period) slice gets its non-NaN errors first, sorted
        /// ascending, and their number in <paramref name="counts"/>[lead·s + period]. Call after
        /// <see cref="RecentErrorRatio"/>, which needs the errors in origin order.
        /// </summary>
        public void SortByLeadAndPeriod(double[] errors, int[] counts)
        {
            int n = OriginCount;
            for (int slice = 0; slice < counts.Length; slice++)
            {
                Span<double> v = errors.AsSpan(slice * n, n);
                int m = 0;
                for (int o = 0; o < n; o++)
                {
                    double e = v[o];
                    if (!double.IsNaN(e))
                    {
                        v[m++] = e;
                    }
                }

                v[..m].Sort();
                counts[slice] = m;
            }
        }

        /// <summary>
        /// Type-7 quantiles of the relative errors at lead <paramref name="h"/> and period <paramref name="p"/> (one error per
        /// replayed day, sorted by <see cref="SortByLeadAndPeriod"/>) at the day-level conformal levels. The period is not
        /// pooled with its neighbours: the conformal level already accounts for the few days, pooling mixed periods of
        /// different error scale and wrapped the first hour ahead into the 24th (src/Forecast/README.md).
        /// </summary>
        public void Quantiles(double[] errors, int[] counts, int h, int p, Span<double> q)
        {
            int t = (h * _s) + p;
            ReadOnlySpan<double> v = errors.AsSpan(t * OriginCount, counts[t]);
            ReadOnlySpan<double> levels = ForecastResult.LevelSpan;
            for (int l = 0; l < levels.Length; l++)
            {
                q[l] = v.Length == 0 ? 0 : EmpiricalQuantile(v, ConformalLevel(levels[l], v.Length));
            }
        }
    }

    /// <summary>
    /// The stage-2 row of day <paramref name="i"/>, period <paramref name="p"/>; <paramref name="yesterdayMean"/> is
    /// <see cref="DayMean"/> of day i − 1 (computed once per day by the callers, not once per period).
    /// </summary>
    private static void Stage2Row(double[] resid, int offset, int s, int i, int p, double yesterdayMean, Span<double> x)
    {
        int yd = offset + ((i - 1) * s);
        x[0] = 1;
        x[1] = resid[yd + s - 1];
        x[2] = resid[yd + p];
        x[3] = yesterdayMean;
        x[4] = resid[offset + ((i - 7) * s) + p];
        x[5] = resid[yd + s - 1] - resid[yd + s - 2];
    }

    /// <summary>Mean of the <paramref name="s"/> values from <paramref name="from"/> (summed in index order).</summary>
    private static double DayMean(double[] resid, int from, int s)
    {
        double sum = 0;
        for (int j = 0; j < s; j++)
        {
            sum += resid[from + j];
        }

        return sum / s;
    }

    private static double RelativeRms(double[] e, double[] f, int s, int from, int to)
    {
        double sum = 0;
        int n = 0;
        for (int idx = from * s; idx < to * s; idx++)
        {
            if (f[idx] != 0)
            {
                double r = e[idx] / f[idx];
                sum += r * r;
                n++;
            }
        }

        return n > 0 ? Math.Sqrt(sum / n) : 0;
    }

    /// <summary>Quantiles of e/f over days [from, to) at periods p-1, p, p+1 (circular), into <paramref name="q"/>.</summary>
    private static void RelativeQuantiles(double[] e, double[] f, int s, int p, int from, int to, double[] sample, Span<double> q)
    {
        int n = 0;
        for (int dp = -1; dp <= 1; dp++)
        {
            int pp = (p + dp + s) % s;
            for (int i = Math.Max(from, 7); i < to; i++)
            {
                int idx = (i * s) + pp;
                double fv = f[idx];
                if (fv != 0)
                {
                    sample[n++] = e[idx] / fv;
                }
            }
        }

        Span<double> v = sample.AsSpan(0, n);
        v.Sort();
        ReadOnlySpan<double> levels = ForecastResult.LevelSpan;
        for (int l = 0; l < levels.Length; l++)
        {
            q[l] = n == 0 ? 0 : EmpiricalQuantile(v, levels[l]);
        }
    }

    /// <summary>
    /// The quantile level that keeps a central interval's promise on average when the errors come from
    /// <paramref name="days"/> exchangeable days (the hours of one day share its weather and are not independent): a new
    /// day's error falls below the k-th smallest of n with probability k/(n + 1), so the quantile sits at order position
    /// (n + 1)·τ, interpolated (the type-6 plotting position, as a type-7 level ((n + 1)·τ − 1)/(n − 1), clamped to
    /// [0, 1]). The split-conformal ⌈(n + 1)·τ⌉, used before, guarantees at least τ and over-covered by up to 1/(n + 1)
    /// per tail: 81.4 % for an 80 % interval from six weeks (src/Forecast/README.md).
    /// </summary>
    internal static double ConformalLevel(double level, int days)
    {
        if (days < 2)
        {
            return level;
        }

        return Math.Clamp((((days + 1) * level) - 1) / (days - 1), 0, 1);
    }

    /// <summary>Type-7 (R default) quantile of a sorted sample.</summary>
    internal static double EmpiricalQuantile(ReadOnlySpan<double> sorted, double level)
    {
        double h = (sorted.Length - 1) * level;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    private static void SortSmall(Span<double> v)
    {
        for (int i = 1; i < v.Length; i++)
        {
            double x = v[i];
            int j = i - 1;
            while (j >= 0 && v[j] > x)
            {
                v[j + 1] = v[j];
                j--;
            }

            v[j + 1] = x;
        }
    }

    private static bool AllFinite(double[] v)
    {
        for (int i = 0; i < v.Length; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static double MeanAbs(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++)
        {
            s += Math.Abs(v[i]);
        }

        return v.Length == 0 ? 0 : s / v.Length;
    }

    /// <summary>True when the last week before the origin has no variation (a dead meter or a constant export).</summary>
    internal static bool IsFlat(ReadOnlySpan<double> y, int origin, int s)
    {
        int from = Math.Max(0, origin - (7 * s));
        if (origin - from < 2)
        {
            return true;
        }

        double min = double.MaxValue;
        double max = double.MinValue;
        for (int t = from; t < origin; t++)
        {
            min = Math.Min(min, y[t]);
            max = Math.Max(max, y[t]);
        }

        return max - min <= 1e-9 * Math.Max(1, Math.Abs(max));
    }

    private ForecastResult Persistence(ForecastRequest request, List<ForecastDiagnostic> warnings)
    {
        LoadSeries series = request.Series;
        int s = series.PeriodsPerDay;
        int origin = request.OriginIndex;
        ReadOnlySpan<double> y = series.LoadMw;
        var mean = new double[request.Steps];
        var sd = new double[request.Steps];
        double spread = 0;
        int from = Math.Max(s, origin - (7 * s));
        for (int t = from; t < origin; t++)
        {
            spread += Math.Abs(y[t] - y[t - s]);
        }

        spread = origin - from > 0 ? 1.25 * spread / (origin - from) : 0;
        for (int h = 0; h < mean.Length; h++)
        {
            int src = origin - s + (h % s);
            mean[h] = src >= 0 ? y[src] : (origin > 0 ? y[origin - 1] : 0);
            sd[h] = spread;
        }

        return ForecastResult.FromNormal(Name, series.TimeOf(origin), series.Period, mean, sd, warnings);
    }

    private ForecastResult Relabel(ForecastResult inner, List<ForecastDiagnostic> warnings)
    {
        var q = new double[inner.Steps * ForecastResult.LevelCount];
        var mean = inner.MeanMw.ToArray();
        for (int h = 0; h < inner.Steps; h++)
        {
            for (int l = 0; l < ForecastResult.LevelCount; l++)
            {
                q[(h * ForecastResult.LevelCount) + l] = inner.Quantile(h, ForecastResult.LevelSpan[l]);
            }
        }

        return new ForecastResult(Name, inner.FirstPeriodStart, inner.Period, mean, q, warnings);
    }

    /// <summary>Per-thread scratch arrays of one fit, grown on demand and reused by the thread's next fit.</summary>
    internal sealed class Workspace
    {
        public double[]? Weights;
        public double[]? Pred1;
        public double[]? Rows;
        public double[]? Fit1;
        public double[]? Resid;
        public double[]? DayMean;
        public double[]? Fitted;
        public double[]? Resid2;
        public double[]? Errors;
        public double[]? Prefix;
        public double[]? Smooth;
        public double[]? SmoothNow;
        public double[]? Mstl;
        public double[]? MstlNow;
        public double[]? Lead0;
        public double[]? Daily;
        public double[]? Weekly;
        public double[]? Beta2Blocks;
        private NormalEquations? _equations;
        private MstlScratch? _mstl;
        private NormalEquations? _equations2;
        private NormalEquations? _equations2Cv;

        /// <summary>The array in <paramref name="slot"/>, replaced by a new one when shorter than <paramref name="length"/>; contents are stale.</summary>
        public static double[] Take(ref double[]? slot, int length)
        {
            if (slot is null || slot.Length < length)
            {
                slot = new double[length];
            }

            return slot;
        }

        /// <summary>Stage-1 normal equations with <paramref name="columns"/> columns (reset by the caller).</summary>
        public NormalEquations Equations(int columns)
        {
            if (_equations is null || _equations.Columns != columns)
            {
                _equations = new NormalEquations(columns);
            }

            return _equations;
        }

        /// <summary>Buffers of the MSTL member.</summary>
        public MstlScratch MstlScratch => _mstl ??= new MstlScratch();

        /// <summary>Stage-2 normal equations (reset by the caller).</summary>
        public NormalEquations Equations2() => _equations2 ??= new NormalEquations(Stage2Columns);

        /// <summary>Scratch stage-2 normal equations for the cross-validated coefficients of the replay.</summary>
        public NormalEquations Equations2Cv() => _equations2Cv ??= new NormalEquations(Stage2Columns);
    }
}
