using System.Collections.Frozen;
using System.Diagnostics;
using Lumen.Host.Options;
using Lumen.Host.Storage.DuckDb;
using Lumen.Reliability.Aging;
using Lumen.Reliability.Aging.Demo;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lumen.Host.Services;

/// <summary>
/// Asset health, PoF, risk, rankings and the default plan for one network version and one register revision.
/// Immutable once published.
/// </summary>
internal sealed class AssetsSnapshot
{
    /// <summary>The network version the consequences were computed on.</summary>
    public required int NetworkVersion { get; init; }

    /// <summary>The register revision.</summary>
    public required AssetRegisterRevision Revision { get; init; }

    /// <summary>Analysis year (the latest year in the register, as the CLI's default).</summary>
    public required int Year { get; init; }

    /// <summary>When the results were computed (UTC).</summary>
    public required DateTime ComputedAt { get; init; }

    /// <summary>CNAIM (spec mode; Weibull for the classes CNAIM excludes) with consequence and risk.</summary>
    public required AssetRiskResult Cnaim { get; init; }

    /// <summary>Weibull for every class, with consequence and risk.</summary>
    public required AssetRiskResult Weibull { get; init; }

    /// <summary>Asset index by id.</summary>
    public required FrozenDictionary<string, int> IndexById { get; init; }

    /// <summary>Which complaint-rate model the consequences used: "default" (the library's logistic curve) or "fitted".</summary>
    public required string ComplaintModel { get; init; }

    /// <summary>The model instance from <see cref="IComplaintModelSource"/> (null: default), part of the inputs.</summary>
    public required IComplaintRateModel? ComplaintModelSource { get; init; }

    /// <summary>The default plan (budget, years and economics from <see cref="AssetsOptions"/>).</summary>
    public required AssetPlanReport DefaultPlan { get; init; }

    /// <summary>The result of <paramref name="method"/>.</summary>
    public AssetRiskResult Of(PofMethod method) => method == PofMethod.Weibull ? Weibull : Cnaim;
}

/// <summary>
/// The aging-assets slice: imports the demo register on first start (through <see cref="AssetRepository.Import"/>, the
/// path uploads and <c>lumen import assets</c> take) and recomputes health, PoF (CNAIM spec mode and Weibull),
/// consequence on the current network, risk, rankings and the default plan when the network version, the register
/// revision or the complaint model changes.
/// </summary>
/// <remarks>Thread-safe: readers get an immutable <see cref="AssetsSnapshot"/>; publication is one reference swap.</remarks>
internal sealed partial class AssetsSlice(
    AssetRepository repository,
    IComplaintModelSource complaintModels,
    IOptions<AssetsOptions> options,
    TimeProvider timeProvider,
    ILogger<AssetsSlice> logger) : IAnalysisSlice
{
    private readonly AssetsOptions _options = options.Value;

    // Read once: the options validator has already refused a file with errors at startup.
    private readonly AssetUnitCostsResult _unitCosts = options.Value.ReadUnitCosts();
    private volatile AssetsSnapshot? _current;
    private volatile string? _error;
    private (int Version, int Revision, IComplaintRateModel? Model)? _failed;

    /// <inheritdoc/>
    public string Name => "assets";

    /// <summary>The published results, or null before the first computation (or when no register was imported).</summary>
    public AssetsSnapshot? Current => _current;

    /// <summary>Why the last computation failed, or null.</summary>
    public string? Error => _error;

    /// <summary>True once a register revision is stored.</summary>
    public bool HasRegister => repository.Latest() is not null;

    /// <inheritdoc/>
    public void SeedDemo(DemoSeedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        DemoDataset.Layout layout = DemoDataset.In(context.Folder);
        DemoDataset.WriteAssets(context.Network, context.Seed, layout);
        cancellationToken.ThrowIfCancellationRequested();
        AssetImportOutcome outcome = repository.Import(Path.Combine(layout.Assets, DemoAssetGenerator.RegisterFileName), context.Network);
        if (outcome.Status == ImportStatus.Invalid)
        {
            throw new InvalidOperationException("the demo asset register did not import: " + string.Join("; ", outcome.Diagnostics.Take(5)));
        }

        AssetsImported(logger, outcome.Revision!.Revision, outcome.Revision.Rows, outcome.Status.ToString().ToLowerInvariant());
    }

    /// <inheritdoc/>
    public void Refresh(NetworkSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        AssetRegisterRevision? revision = repository.Latest();
        if (revision is null)
        {
            return;
        }

        IComplaintRateModel? model = complaintModels.ModelFor(snapshot);
        var inputs = (snapshot.Info.Version, revision.Revision, model);
        if ((_current is { } c && c.NetworkVersion == inputs.Version && c.Revision.Revision == inputs.Revision && ReferenceEquals(c.ComplaintModelSource, model))
            || _failed == inputs)
        {
            return;
        }

        try
        {
            var watch = Stopwatch.StartNew();
            _current = Compute(snapshot, revision, model, cancellationToken);
            _error = null;
            _failed = null;
            AssetsComputed(logger, revision.Revision, snapshot.Info.Version, _current.Cnaim.Register.Count, watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not retried until an input changes: the same inputs would fail the same way.
            _failed = inputs;
            _error = $"register revision {revision.Revision} on network version {snapshot.Info.Version}: {ex.Message}";
            throw;
        }
    }

    private AssetsSnapshot Compute(NetworkSnapshot snapshot, AssetRegisterRevision revision, IComplaintRateModel? model, CancellationToken cancellationToken)
    {
        AssetRegisterResult loaded = repository.Load(revision);
        AssetRegister register = loaded.Register
            ?? throw new InvalidOperationException("the stored register no longer reads: " + string.Join("; ", loaded.Diagnostics.Take(5)));
        int year = register.LatestRecordedYear();
        var risk = new AssetRiskOptions
        {
            Year = year,
            Mode = CnaimMode.Spec,
            Study = snapshot.Case,
            Complaints = model ?? LogisticComplaintRateModel.Default,
            Costs = _unitCosts.Costs ?? throw new InvalidOperationException("the unit-cost file no longer reads: " + string.Join("; ", _unitCosts.Diagnostics.Take(5))),
            Outage = _unitCosts.Outage!,
        };
        AssetRiskResult cnaim = Evaluate(register, snapshot, risk with { Method = PofMethod.Cnaim });
        cancellationToken.ThrowIfCancellationRequested();
        AssetRiskResult weibull = Evaluate(register, snapshot, risk with { Method = PofMethod.Weibull });
        cancellationToken.ThrowIfCancellationRequested();

        var byId = new Dictionary<string, int>(register.Count, StringComparer.Ordinal);
        for (int i = 0; i < register.Count; i++)
        {
            byId[register.Ids[i]] = i;
        }

        double[] budgets = Enumerable.Repeat(_options.DefaultBudgetPerYear, _options.DefaultPlanYears).ToArray();
        return new AssetsSnapshot
        {
            NetworkVersion = snapshot.Info.Version,
            Revision = revision,
            Year = year,
            ComputedAt = timeProvider.GetUtcNow().UtcDateTime,
            Cnaim = cnaim,
            Weibull = weibull,
            IndexById = byId.ToFrozenDictionary(StringComparer.Ordinal),
            ComplaintModel = model is null ? "default" : "fitted",
            ComplaintModelSource = model,
            DefaultPlan = AssetPlanQuery.Run(new AssetPlanRequest(cnaim, _options.Plan(budgets)), cancellationToken: cancellationToken),
        };
    }

    private static AssetRiskResult Evaluate(AssetRegister register, NetworkSnapshot snapshot, AssetRiskOptions risk)
    {
        AssetRiskOutcome outcome = AssetRiskAnalysis.Evaluate(register, snapshot.Network, risk);
        return outcome.Result
            ?? throw new InvalidOperationException("the register does not fit the network: " + string.Join("; ", outcome.Diagnostics.Take(5)));
    }

    [LoggerMessage(301, LogLevel.Information, "Imported asset register revision {Revision}: {Rows} assets, {Status}")]
    private static partial void AssetsImported(ILogger logger, int revision, int rows, string status);

    [LoggerMessage(302, LogLevel.Information, "Computed asset risk of register revision {Revision} on network version {Version}: {Assets} assets in {ElapsedMs} ms")]
    private static partial void AssetsComputed(ILogger logger, int revision, int version, int assets, long elapsedMs);
}
