namespace Lumen.Reliability.Aging;

/// <summary>The order of a replacement ranking.</summary>
public enum AssetRankingSort : byte
{
    /// <summary>Risk removed per unit of replacement cost (the replacement decision; default).</summary>
    RiskPerCost = 0,

    /// <summary>Risk itself (PoF × consequence per failure).</summary>
    Risk,
}

/// <summary>The question "which assets should we replace first?", with optional filters and a page.</summary>
/// <param name="Risk">Risk evaluated on the network.</param>
/// <param name="Sort">Order; default risk removed per unit of cost.</param>
/// <param name="Class">Only this class, when given.</param>
/// <param name="Feeder">Only assets on this feeder, when given.</param>
/// <param name="Text">Only assets whose id, component, manufacturer or type contains this text (ignoring case), when given.</param>
/// <param name="Offset">Matching rows skipped, ≥ 0.</param>
/// <param name="Top">Rows returned at most; null for all.</param>
/// <param name="NetworkVersion">The stored network version the risk was computed on, when there is one (service).</param>
/// <param name="RegisterRevision">The stored register revision, when there is one (service).</param>
public sealed record AssetRankingRequest(
    AssetRiskResult Risk, AssetRankingSort Sort = AssetRankingSort.RiskPerCost, AssetClass? Class = null,
    string? Feeder = null, string? Text = null, int Offset = 0, int? Top = null, int? NetworkVersion = null, int? RegisterRevision = null);

/// <summary>One asset in the replacement ranking.</summary>
/// <param name="Rank">Position in the full ranking by the chosen sort (filters do not renumber).</param>
/// <param name="AssetId">Asset id.</param>
/// <param name="Class">Asset class.</param>
/// <param name="ComponentId">Network component the asset sits on.</param>
/// <param name="Feeder">Feeder, when known.</param>
/// <param name="InstallYear">Install year.</param>
/// <param name="AgeYears">Age at the analysis year.</param>
/// <param name="Method">Method used for this asset.</param>
/// <param name="Health">CNAIM health score; null on Weibull.</param>
/// <param name="Pof">Probability of failure next year.</param>
/// <param name="ConsequencePerFailure">Money per failure.</param>
/// <param name="RiskPerYear">PoF × consequence.</param>
/// <param name="ReplacementCost">Replacement cost.</param>
/// <param name="RiskRemovedPerYear">(PoF − PoF of a new asset) × consequence.</param>
/// <param name="RiskRemovedPerCost">Risk removed per year ÷ replacement cost.</param>
/// <param name="RemovesNothing">True when replacing the asset removes no risk (it is as likely to fail as a new one): not a replacement candidate.</param>
/// <param name="CustomersPerFailure">Customers interrupted per failure.</param>
/// <param name="CustomerHoursPerFailure">Customer-hours per failure.</param>
/// <param name="EnsKwhPerFailure">Energy not supplied per failure, kWh.</param>
/// <param name="ComplaintsPerFailure">Expected complaints per failure.</param>
/// <param name="Failures">Failures on record.</param>
/// <param name="Reasons">Why the asset ranks where it does.</param>
public sealed record AssetRankRow(
    int Rank, string AssetId, string Class, string? ComponentId, string? Feeder, int InstallYear, double AgeYears, PofMethod Method, double? Health, double Pof,
    double? ConsequencePerFailure, double? RiskPerYear, double? ReplacementCost, double? RiskRemovedPerYear, double? RiskRemovedPerCost, bool RemovesNothing,
    double? CustomersPerFailure, double? CustomerHoursPerFailure, double? EnsKwhPerFailure, double? ComplaintsPerFailure, int Failures, IReadOnlyList<AssetReason> Reasons);

/// <summary>A page of the replacement ranking with the inputs it was computed from.</summary>
/// <param name="NetworkVersion">Stored network version (service), else null.</param>
/// <param name="RegisterRevision">Stored register revision (service), else null.</param>
/// <param name="Year">Analysis year.</param>
/// <param name="Currency">Currency of every amount.</param>
/// <param name="Sort">Order.</param>
/// <param name="Method">PoF method asked for (CNAIM falls back to Weibull for classes without an index).</param>
/// <param name="ComplaintModel">The complaint-rate model behind the complaints per failure.</param>
/// <param name="Total">Rows matching the filters.</param>
/// <param name="RemovesNothing">Of the matching rows, those whose replacement removes no risk.</param>
/// <param name="Offset">Matching rows skipped.</param>
/// <param name="Items">The page.</param>
public sealed record AssetRankingReport(
    int? NetworkVersion, int? RegisterRevision, int Year, string Currency, AssetRankingSort Sort, PofMethod Method, ComplaintModelSummary ComplaintModel,
    int Total, int RemovesNothing, int Offset, IReadOnlyList<AssetRankRow> Items);

/// <summary>The one entry point of the replacement-ranking question, rendered by the CLI (<c>lumen assets rank</c>) and the API (<c>/api/assets/ranking</c>).</summary>
public static class AssetRankingQuery
{
    /// <summary>Ranks, filters and pages.</summary>
    /// <param name="request">The risk, the order, the filters and the page.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative offset or a top below 0.</exception>
    public static AssetRankingReport Run(AssetRankingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.Offset);
        if (request.Top is int top)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(top);
        }

        AssetRiskResult r = request.Risk;
        AssetRegister register = r.Register;
        ReadOnlySpan<int> order = request.Sort == AssetRankingSort.Risk ? r.ByRisk : r.ByValue;
        int take = request.Top ?? int.MaxValue;
        int total = 0;
        int nothing = 0;
        var items = new List<AssetRankRow>(Math.Min(take, 256));
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            string? feeder = r.Feeders[i];
            if ((request.Class is { } c && register.Classes[i] != c)
                || (request.Feeder is not null && !string.Equals(feeder, request.Feeder, StringComparison.Ordinal))
                || (request.Text is not null && !Matches(register, i, request.Text)))
            {
                continue;
            }

            bool removesNothing = !(r.RiskRemovedPerYear[i] > 0);
            nothing += removesNothing ? 1 : 0;
            if (total >= request.Offset && items.Count < take)
            {
                items.Add(new AssetRankRow(
                    k + 1, register.Ids[i], AssetClasses.Name(register.Classes[i]), register.ComponentIds[i], feeder, register.InstallYears[i], r.AgeYears[i],
                    r.Method[i], N(r.Health[i]), r.PofPerYear[i], N(r.ConsequencePerFailure[i]), N(r.RiskPerYear[i]), N(r.ReplacementCost[i]),
                    N(r.RiskRemovedPerYear[i]), N(r.RiskRemovedPerCost[i]), removesNothing, N(r.CustomersPerFailure[i]), N(r.CustomerHoursPerFailure[i]),
                    N(r.EnergyKwhPerFailure[i]), N(r.ComplaintsPerFailure[i]), r.Failures[i], r.Reasons(i)));
            }

            total++;
        }

        return new AssetRankingReport(
            request.NetworkVersion, request.RegisterRevision, r.Options.Year, r.Options.Costs.Currency, request.Sort, r.Options.Method,
            ComplaintModelSummary.Of(r.Options.Complaints), total, nothing, request.Offset, items);
    }

    // Free text matches the asset id, its network component, its manufacturer or its type.
    private static bool Matches(AssetRegister register, int i, string text) =>
        register.Ids[i].Contains(text, StringComparison.OrdinalIgnoreCase)
        || (register.ComponentIds[i]?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || (register.ManufacturerOf(i)?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
        || (register.TypeOf(i)?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    private static double? N(double value) => double.IsFinite(value) ? value : null;
}
