namespace Lumen.Reliability.Aging;

/// <summary>One recorded functional failure of an asset.</summary>
/// <param name="Date">Date of the failure.</param>
/// <param name="Mode">Failure mode as recorded (free text, e.g. <c>insulation</c>, <c>bushing</c>); empty when unknown.</param>
public readonly record struct AssetFailure(DateOnly Date, string Mode);

/// <summary>One asset as given to <see cref="AssetRegisterBuilder"/>; NaN and null mean "not given".</summary>
/// <param name="Id">Unique asset id.</param>
/// <param name="Class">Asset class.</param>
/// <param name="InstallYear">Year of installation.</param>
public sealed record AssetRecord(string Id, AssetClass Class, int InstallYear)
{
    /// <summary>Network component (branch or device id) the asset belongs to; null to match by asset id.</summary>
    public string? ComponentId { get; init; }

    /// <summary>CNAIM category; null for the class default (<see cref="AssetClasses.DefaultCategory"/>).</summary>
    public CnaimCategory? Category { get; init; }

    /// <summary>Manufacturer.</summary>
    public string? Manufacturer { get; init; }

    /// <summary>Type / model.</summary>
    public string? Type { get; init; }

    /// <summary>Rating: kVA for transformers, A for lines, cables and switchgear; NaN when unknown.</summary>
    public double Rating { get; init; } = double.NaN;

    /// <summary>Length in km (lines and cables); NaN to take it from the network.</summary>
    public double LengthKm { get; init; } = double.NaN;

    /// <summary>Pole material.</summary>
    public PoleMaterial PoleMaterial { get; init; }

    /// <summary>Indoor/outdoor.</summary>
    public Placement Placement { get; init; }

    /// <summary>Altitude, m; NaN for Default.</summary>
    public double AltitudeM { get; init; } = double.NaN;

    /// <summary>Distance from the coast, km; NaN for Default.</summary>
    public double DistanceFromCoastKm { get; init; } = double.NaN;

    /// <summary>Corrosion (pollution) index 1–5; 0 for Default.</summary>
    public int CorrosionIndex { get; init; }

    /// <summary>Duty: peak utilisation, % of rating; NaN to derive it from the network (or a forecast).</summary>
    public double UtilisationPct { get; init; } = double.NaN;

    /// <summary>Operating voltage, % of design voltage (cables); NaN for Default.</summary>
    public double OperatingVoltagePct { get; init; } = double.NaN;

    /// <summary>CNAIM reliability factor 0.6–1.5; NaN to derive it from the failure history.</summary>
    public double ReliabilityFactor { get; init; } = double.NaN;

    /// <summary>Year of the last inspection (when the condition readings were taken); 0 when unknown.</summary>
    public int InspectionYear { get; init; }

    /// <summary>Condition readings (inputs not listed are Default).</summary>
    public IReadOnlyList<ConditionReading> Conditions { get; init; } = [];

    /// <summary>Recorded failures.</summary>
    public IReadOnlyList<AssetFailure> Failures { get; init; } = [];
}

/// <summary>
/// The asset register as struct-of-arrays: asset i's attributes are element i of each span; its condition readings
/// and failures are CSR ranges.
/// </summary>
/// <remarks>Immutable after <see cref="AssetRegisterBuilder.Build"/>; thread-safe for reading.</remarks>
public sealed class AssetRegister
{
    /// <summary>
    /// Network edge of every asset per network it was placed on (string matching of a million component ids costs more
    /// than the rest of an evaluation's per-asset work; the register and the network are both immutable). Weakly keyed:
    /// a network that is no longer used is not kept alive.
    /// </summary>
    internal System.Runtime.CompilerServices.ConditionalWeakTable<Lumen.Topology.Network.Network, int[]> Placements { get; } = new();

    internal AssetRegister(
        AssetRecord[] records,
        int[] conditionStart,
        ConditionReading[] conditions,
        int[] failureStart,
        AssetFailure[] failures,
        int recordsStartYear)
    {
        int n = records.Length;
        IdsValues = new string[n];
        _categoryGiven = new bool[n];
        _manufacturers = new string?[n];
        _types = new string?[n];
        _inspectionYears = new int[n];
        ClassesValues = new AssetClass[n];
        CategoriesValues = new CnaimCategory[n];
        ComponentIdsValues = new string?[n];
        InstallYearsValues = new int[n];
        RatingValues = new double[n];
        LengthKmValues = new double[n];
        UtilisationPctValues = new double[n];
        ReliabilityFactorValues = new double[n];
        CnaimValues = new CnaimAsset[n];

        // The records are not kept (a province's 1.5 M objects with their lists): Records rebuilds one from the columns.
        // Manufacturers and types repeat: one string each.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Shared(string? name) => name is null ? null : names.TryGetValue(name, out string? kept) ? kept : names[name] = name;
        for (int i = 0; i < n; i++)
        {
            AssetRecord r = records[i];
            IdsValues[i] = r.Id;
            ClassesValues[i] = r.Class;
            CategoriesValues[i] = r.Category ?? AssetClasses.DefaultCategory(r.Class);
            _categoryGiven[i] = r.Category is not null;
            _manufacturers[i] = Shared(r.Manufacturer);
            _types[i] = Shared(r.Type);
            _inspectionYears[i] = r.InspectionYear;
            ComponentIdsValues[i] = r.ComponentId;
            InstallYearsValues[i] = r.InstallYear;
            RatingValues[i] = r.Rating;
            LengthKmValues[i] = r.LengthKm;
            UtilisationPctValues[i] = r.UtilisationPct;
            ReliabilityFactorValues[i] = r.ReliabilityFactor;
            CnaimValues[i] = new CnaimAsset
            {
                Category = CategoriesValues[i],
                PoleMaterial = r.PoleMaterial,
                Placement = r.Placement,
                AltitudeM = r.AltitudeM,
                DistanceFromCoastKm = r.DistanceFromCoastKm,
                CorrosionIndex = r.CorrosionIndex,
                UtilisationPct = r.UtilisationPct,
                OperatingVoltagePct = r.OperatingVoltagePct,
                ReliabilityFactor = r.ReliabilityFactor,
            };
        }

        // Ordinal rank of each id, computed once so that every ranking breaks ties with an int compare.
        var byId = new int[n];
        var idCopy = (string[])IdsValues.Clone();
        for (int i = 0; i < n; i++)
        {
            byId[i] = i;
        }

        Array.Sort(idCopy, byId, StringComparer.Ordinal);
        IdRankValues = new int[n];
        for (int r = 0; r < n; r++)
        {
            IdRankValues[byId[r]] = r;
        }

        ConditionStart = conditionStart;
        Conditions = conditions;
        FailureStart = failureStart;
        Failures = failures;
        RecordsStartYear = recordsStartYear;
        Records = new RecordView(this);
    }

    // What the records hold beyond the columns below.
    private readonly bool[] _categoryGiven;
    private readonly string?[] _manufacturers;
    private readonly string?[] _types;
    private readonly int[] _inspectionYears;

    /// <summary>Number of assets.</summary>
    public int Count => IdsValues.Length;

    /// <summary>Asset ids.</summary>
    public ReadOnlySpan<string> Ids => IdsValues;

    internal string[] IdsValues { get; }

    /// <summary>Position of each asset's id in ordinal id order (the deterministic tie-break of every ranking).</summary>
    public ReadOnlySpan<int> IdRank => IdRankValues;

    internal int[] IdRankValues { get; }

    /// <summary>Asset classes.</summary>
    public ReadOnlySpan<AssetClass> Classes => ClassesValues;

    internal AssetClass[] ClassesValues { get; }

    /// <summary>CNAIM category of each asset (<see cref="CnaimCategory.None"/>: Weibull only).</summary>
    public ReadOnlySpan<CnaimCategory> Categories => CategoriesValues;

    internal CnaimCategory[] CategoriesValues { get; }

    /// <summary>Network component ids (null: match the network's asset id).</summary>
    public ReadOnlySpan<string?> ComponentIds => ComponentIdsValues;

    internal string?[] ComponentIdsValues { get; }

    /// <summary>Install years.</summary>
    public ReadOnlySpan<int> InstallYears => InstallYearsValues;

    internal int[] InstallYearsValues { get; }

    /// <summary>Rating (kVA for transformers, A otherwise); NaN when unknown.</summary>
    public ReadOnlySpan<double> Rating => RatingValues;

    internal double[] RatingValues { get; }

    /// <summary>Length in km; NaN when not given.</summary>
    public ReadOnlySpan<double> LengthKm => LengthKmValues;

    internal double[] LengthKmValues { get; }

    /// <summary>Peak utilisation in % of rating; NaN when not given.</summary>
    public ReadOnlySpan<double> UtilisationPct => UtilisationPctValues;

    internal double[] UtilisationPctValues { get; }

    /// <summary>CNAIM reliability factor; NaN when not given.</summary>
    public ReadOnlySpan<double> ReliabilityFactor => ReliabilityFactorValues;

    internal double[] ReliabilityFactorValues { get; }

    /// <summary>CNAIM inputs of each asset with age 0 (set the age per evaluation year).</summary>
    public ReadOnlySpan<CnaimAsset> Cnaim => CnaimValues;

    internal CnaimAsset[] CnaimValues { get; }

    /// <summary>The records the register was built from (each rebuilt from the columns when read).</summary>
    public IReadOnlyList<AssetRecord> Records { get; }

    /// <summary>Year the failure records begin (assets installed earlier are left-truncated); 0 when there are no failures.</summary>
    public int RecordsStartYear { get; }

    // CSR: readings of asset i are Conditions[ConditionStart[i]..ConditionStart[i+1]).
    internal int[] ConditionStart { get; }

    internal ConditionReading[] Conditions { get; }

    // CSR: failures of asset i, sorted by date, are Failures[FailureStart[i]..FailureStart[i+1]).
    internal int[] FailureStart { get; }

    internal AssetFailure[] Failures { get; }

    /// <summary>Condition readings of asset <paramref name="asset"/>.</summary>
    /// <param name="asset">Asset index.</param>
    /// <returns>The readings.</returns>
    public ReadOnlySpan<ConditionReading> ConditionsOf(int asset) =>
        Conditions.AsSpan(ConditionStart[asset], ConditionStart[asset + 1] - ConditionStart[asset]);

    /// <summary>Failures of asset <paramref name="asset"/>, oldest first.</summary>
    /// <param name="asset">Asset index.</param>
    /// <returns>The failures.</returns>
    public ReadOnlySpan<AssetFailure> FailuresOf(int asset) =>
        Failures.AsSpan(FailureStart[asset], FailureStart[asset + 1] - FailureStart[asset]);

    /// <summary>Number of failures of an asset in calendar years <paramref name="fromYear"/>..<paramref name="toYear"/>.</summary>
    /// <param name="asset">Asset index.</param>
    /// <param name="fromYear">First year, inclusive.</param>
    /// <param name="toYear">Last year, inclusive.</param>
    /// <returns>The count.</returns>
    public int FailureCount(int asset, int fromYear, int toYear)
    {
        int count = 0;
        foreach (AssetFailure f in FailuresOf(asset))
        {
            if (f.Date.Year >= fromYear && f.Date.Year <= toYear)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The latest year the register speaks of (install, inspection or failure): the default analysis year, so that
    /// ages and history run to the end of what is known.
    /// </summary>
    /// <returns>The year; 0 for an empty register.</returns>
    public int LatestRecordedYear()
    {
        int year = 0;
        for (int i = 0; i < Count; i++)
        {
            year = Math.Max(year, Math.Max(InstallYearsValues[i], _inspectionYears[i]));
            foreach (AssetFailure f in FailuresOf(i))
            {
                year = Math.Max(year, f.Date.Year);
            }
        }

        return year;
    }

    /// <summary>Manufacturer of asset <paramref name="asset"/>, or null.</summary>
    public string? ManufacturerOf(int asset) => _manufacturers[asset];

    /// <summary>Type / model of asset <paramref name="asset"/>, or null.</summary>
    public string? TypeOf(int asset) => _types[asset];

    // Asset i's record as it was given.
    private AssetRecord Record(int i)
    {
        CnaimAsset c = CnaimValues[i];
        return new AssetRecord(IdsValues[i], ClassesValues[i], InstallYearsValues[i])
        {
            ComponentId = ComponentIdsValues[i],
            Category = _categoryGiven[i] ? CategoriesValues[i] : null,
            Manufacturer = _manufacturers[i],
            Type = _types[i],
            Rating = RatingValues[i],
            LengthKm = LengthKmValues[i],
            PoleMaterial = c.PoleMaterial,
            Placement = c.Placement,
            AltitudeM = c.AltitudeM,
            DistanceFromCoastKm = c.DistanceFromCoastKm,
            CorrosionIndex = c.CorrosionIndex,
            UtilisationPct = UtilisationPctValues[i],
            OperatingVoltagePct = c.OperatingVoltagePct,
            ReliabilityFactor = ReliabilityFactorValues[i],
            InspectionYear = _inspectionYears[i],
            Conditions = ConditionsOf(i).ToArray(),
            Failures = FailuresOf(i).ToArray(),
        };
    }

    private sealed class RecordView(AssetRegister register) : IReadOnlyList<AssetRecord>
    {
        public AssetRecord this[int index] => (uint)index < (uint)register.Count ? register.Record(index) : throw new ArgumentOutOfRangeException(nameof(index));

        public int Count => register.Count;

        public IEnumerator<AssetRecord> GetEnumerator()
        {
            for (int i = 0; i < register.Count; i++)
            {
                yield return register.Record(i);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Collects <see cref="AssetRecord"/>s and builds an <see cref="AssetRegister"/>.</summary>
/// <remarks>Not thread-safe.</remarks>
public sealed class AssetRegisterBuilder
{
    private readonly List<AssetRecord> _records = [];
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>Number of assets added.</summary>
    public int Count => _records.Count;

    /// <summary>Year the failure records begin; 0 to use the year of the earliest failure.</summary>
    public int RecordsStartYear { get; set; }

    /// <summary>Adds an asset.</summary>
    /// <param name="record">The asset.</param>
    /// <returns>False when the id is already present (nothing added).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is null.</exception>
    public bool TryAdd(AssetRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_ids.Add(record.Id))
        {
            return false;
        }

        _records.Add(record);
        return true;
    }

    /// <summary>Builds the register.</summary>
    /// <returns>The register.</returns>
    public AssetRegister Build()
    {
        AssetRecord[] records = _records.ToArray();
        int n = records.Length;
        var conditionStart = new int[n + 1];
        var failureStart = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            conditionStart[i + 1] = conditionStart[i] + records[i].Conditions.Count;
            failureStart[i + 1] = failureStart[i] + records[i].Failures.Count;
        }

        var conditions = new ConditionReading[conditionStart[n]];
        var failures = new AssetFailure[failureStart[n]];
        int earliest = int.MaxValue;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < records[i].Conditions.Count; j++)
            {
                conditions[conditionStart[i] + j] = records[i].Conditions[j];
            }

            for (int j = 0; j < records[i].Failures.Count; j++)
            {
                AssetFailure f = records[i].Failures[j];
                failures[failureStart[i] + j] = f;
                earliest = Math.Min(earliest, f.Date.Year);
            }

            Array.Sort(failures, failureStart[i], failureStart[i + 1] - failureStart[i], FailureByDate.Instance);
        }

        int start = RecordsStartYear > 0 ? RecordsStartYear : earliest == int.MaxValue ? 0 : earliest;
        return new AssetRegister(records, conditionStart, conditions, failureStart, failures, start);
    }

    private sealed class FailureByDate : IComparer<AssetFailure>
    {
        public static readonly FailureByDate Instance = new();

        public int Compare(AssetFailure x, AssetFailure y) => x.Date.CompareTo(y.Date);
    }
}
