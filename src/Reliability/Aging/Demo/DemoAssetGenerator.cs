using System.Globalization;
using System.Text;
using Lumen.Topology.Import;
using Lumen.Topology.Network;
using Net = Lumen.Topology.Network.Network;

namespace Lumen.Reliability.Aging.Demo;

/// <summary>A generated asset register with its hidden truth.</summary>
/// <remarks>Immutable.</remarks>
public sealed class DemoAssets
{
    internal DemoAssets(AssetRegister register, double[] hazard, double[] frailty, double[] trueHealth, int historyStartYear, int lastYear)
    {
        Register = register;
        HazardLastYear = hazard;
        Frailty = frailty;
        TrueHealth = trueHealth;
        HistoryStartYear = historyStartYear;
        LastYear = lastYear;
    }

    /// <summary>The register: condition readings as inspected in <see cref="LastYear"/> − 1, failures from <see cref="HistoryStartYear"/> to <see cref="LastYear"/>.</summary>
    public AssetRegister Register { get; }

    /// <summary>Hidden failure hazard (failures per year) of each asset in <see cref="LastYear"/>.</summary>
    public double[] HazardLastYear { get; }

    /// <summary>Hidden per-asset frailty (multiplies the hazard; mean 1).</summary>
    public double[] Frailty { get; }

    /// <summary>Hidden true health score at the inspection year.</summary>
    public double[] TrueHealth { get; }

    /// <summary>First year of failure records.</summary>
    public int HistoryStartYear { get; }

    /// <summary>Last year of failure records (the backtest scores against it).</summary>
    public int LastYear { get; }
}

/// <summary>What <see cref="DemoAssetGenerator.Write"/> wrote.</summary>
/// <param name="RegisterPath">The register CSV.</param>
/// <param name="HazardsPath">The hidden-hazard CSV (ground truth for the backtest).</param>
/// <param name="Assets">Assets written.</param>
/// <param name="Failures">Failures written.</param>
public sealed record DemoAssetFiles(string RegisterPath, string HazardsPath, int Assets, int Failures);

/// <summary>
/// Writes an asset register for a network: one asset per branch and device that carries an asset id (transformers,
/// line and cable sections, breakers, reclosers, switches, fuses), condition observations from a hidden true health
/// that ages at a per-asset speed, and a failure history drawn from hidden hazards that depend on that health, a
/// per-asset frailty and the class, so that a ranking can be scored against ground truth.
/// </summary>
/// <remarks>
/// Hidden model: true health H(a) = min(10, 0.5·e^(m·ln 11·a/L_c)) with class life L_c and speed m ~ LogNormal(0, 0.35);
/// hazard = base_c × P(max(4, H))/P(4) × frailty (× length for lines and cables, × 1.4 when overloaded), with P the CNAIM
/// cubic and frailty ~ LogNormal(mean 1, σ 0.7). 85 % of assets were inspected; each reading is a noisy image of H.
/// Deterministic for a seed.
/// </remarks>
public static class DemoAssetGenerator
{
    /// <summary>First year of the generated failure history.</summary>
    public const int HistoryStartYear = 2016;

    /// <summary>Default last year of the history (the demo network's reference year).</summary>
    public const int DefaultLastYear = 2025;

    /// <summary>The register file name.</summary>
    public const string RegisterFileName = "assets.csv";

    /// <summary>The hidden-hazard file name.</summary>
    public const string HazardsFileName = "asset-hazards.csv";

    private static readonly string[] s_header =
    [
        "asset_id", "class", "component_id", "install_year", "manufacturer", "rating", "length_km", "inspection_year", "inspection_grade", "defects",
        "external_condition", "partial_discharge", "oil_moisture_ppm", "oil_acidity_mg_koh_g", "oil_breakdown_kv", "sheath_test", "trip_test", "failures",
    ];

    private static readonly string[] s_manufacturers = ["Tebian", "Chint", "Pinggao", "XJ", "Nanrui", "Siemens", "ABB"];

    /// <summary>Generates the assets of <paramref name="network"/> in memory.</summary>
    /// <param name="network">The network (e.g. from the demo network generator).</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="lastYear">Last year of the failure history.</param>
    /// <returns>The register and the hidden truth.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    public static DemoAssets Generate(Net network, int seed, int lastYear = DefaultLastYear) => Build(network, seed, lastYear, null);

    /// <summary>Writes <see cref="RegisterFileName"/> and <see cref="HazardsFileName"/> into <paramref name="folder"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="folder">Output folder (created).</param>
    /// <param name="lastYear">Last year of the failure history.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DemoAssetFiles Write(Net network, int seed, string folder, int lastYear = DefaultLastYear)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        string registerPath = Path.Combine(folder, RegisterFileName);
        DemoAssets assets;
        using (var file = new StreamWriter(registerPath, false, new UTF8Encoding(false)))
        using (var register = new CsvTableWriter(file, s_header))
        {
            assets = Build(network, seed, lastYear, register);
        }

        string hazardsPath = Path.Combine(folder, HazardsFileName);
        var ci = CultureInfo.InvariantCulture;
        CsvTableWriter.WriteFile(
            hazardsPath,
            ["asset_id", "frailty", string.Create(ci, $"true_health_{lastYear - 1}"), string.Create(ci, $"hazard_per_year_{lastYear}")],
            Enumerable.Range(0, assets.Register.Count).Select(i => (object?[])
                [assets.Register.Ids[i], assets.Frailty[i].ToString("0.####", ci), assets.TrueHealth[i].ToString("0.###", ci), assets.HazardLastYear[i].ToString("0.######", ci)]));

        return new DemoAssetFiles(registerPath, hazardsPath, assets.Register.Count, assets.Register.Failures.Length);
    }

    private static DemoAssets Build(Net network, int seed, int lastYear, CsvTableWriter? csv)
    {
        ArgumentNullException.ThrowIfNull(network);
        var rng = new Random(seed ^ 0x2545F491);
        var builder = new AssetRegisterBuilder { RecordsStartYear = HistoryStartYear };
        var hazards = new List<double>();
        var frailties = new List<double>();
        var healths = new List<double>();
        double[] utilisation = TransformerUtilisation(network);
        ReadOnlySpan<AssetInfo> edgeAssets = network.EdgeAssets;
        ReadOnlySpan<string> edgeIds = network.EdgeIds;
        for (int e = 0; e < edgeAssets.Length; e++)
        {
            AssetInfo info = edgeAssets[e];
            if (info.AssetId is string id && AssetClasses.TryParse(info.AssetClass, out AssetClass c))
            {
                double length = AssetClasses.IsPerKm(c) ? Math.Max(network.LengthKm[e], 0.01) : double.NaN;
                double rating = network.EdgeRating[e];
                Add(rng, builder, csv, hazards, frailties, healths, id, c, edgeIds[e], info.InstallYear, rating, length, utilisation[e], lastYear);
            }
        }

        ReadOnlySpan<AssetInfo> deviceAssets = network.DeviceAssets;
        ReadOnlySpan<string> deviceIds = network.DeviceIds;
        for (int d = 0; d < deviceAssets.Length; d++)
        {
            AssetInfo info = deviceAssets[d];
            if (info.AssetId is string id && AssetClasses.TryParse(info.AssetClass, out AssetClass c))
            {
                Add(rng, builder, csv, hazards, frailties, healths, id, c, deviceIds[d], info.InstallYear, double.NaN, double.NaN, double.NaN, lastYear);
            }
        }

        return new DemoAssets(builder.Build(), hazards.ToArray(), frailties.ToArray(), healths.ToArray(), HistoryStartYear, lastYear);
    }

    private static double[] TransformerUtilisation(Net network)
    {
        var result = new double[network.EdgeCount];
        Array.Fill(result, double.NaN);
        ReadOnlySpan<int> lpNode = network.LoadPointNode;
        ReadOnlySpan<int> parentEdge = network.Normal.ParentEdge;
        for (int l = 0; l < lpNode.Length; l++)
        {
            int e = parentEdge[lpNode[l]];
            if (e >= 0 && network.EdgeKinds[e] == BranchKind.Transformer && network.EdgeRating[e] > 0)
            {
                result[e] = (double.IsNaN(result[e]) ? 0 : result[e]) + (100 * network.PeakKw[l] / network.EdgeRating[e]);
            }
        }

        return result;
    }

    private static (double Life, double Base) ClassModel(AssetClass c) => c switch
    {
        AssetClass.DistributionTransformer => (45, 0.004),
        AssetClass.Cable => (40, 0.015),
        AssetClass.OverheadLine => (35, 0.03),
        AssetClass.Breaker => (40, 0.004),
        AssetClass.LoadBreakSwitch => (35, 0.006),
        AssetClass.Recloser => (30, 0.01),
        AssetClass.Fuse => (25, 0.006),
        _ => (40, 0.005),
    };

    private static double LogNormal(Random rng, double sigma)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        double z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp((sigma * z) - (sigma * sigma / 2));
    }

    private static void Add(
        Random rng,
        AssetRegisterBuilder builder,
        CsvTableWriter? csv,
        List<double> hazards,
        List<double> frailties,
        List<double> healths,
        string id,
        AssetClass c,
        string component,
        int installYear,
        double rating,
        double lengthKm,
        double utilisationPct,
        int lastYear)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        (double life, double baseRate) = ClassModel(c);
        int install = Math.Min(installYear, lastYear);
        double speed = LogNormal(rng, 0.35);
        double beta = Math.Log(11) / life * speed;
        double frailty = LogNormal(rng, 0.7);
        double scale = (double.IsNaN(lengthKm) ? 1 : lengthKm) * (utilisationPct > 100 ? 1.4 : 1);
        double Health(double age) => Math.Min(10, 0.5 * Math.Exp(beta * Math.Max(0, age)));
        double Hazard(int year) => baseRate * scale * frailty * Cnaim.Polynomial(Math.Max(4, Health(year - install))) / Cnaim.Polynomial(4);

        var failures = new List<AssetFailure>();
        var failureText = new StringBuilder();
        for (int year = Math.Max(HistoryStartYear, install); year <= lastYear; year++)
        {
            double p = 1 - Math.Exp(-Hazard(year));
            if (rng.NextDouble() < p)
            {
                var date = new DateOnly(year, 1, 1).AddDays(rng.Next(365));
                string mode = FailureMode(rng, c);
                failures.Add(new AssetFailure(date, mode));
                failureText.Append(failureText.Length > 0 ? ";" : string.Empty).Append(date.ToString("yyyy-MM-dd", ci)).Append(':').Append(mode);
            }
        }

        int inspection = lastYear - 1;
        double trueHealth = Health(inspection - install);
        bool inspected = install <= inspection && rng.NextDouble() < 0.85;
        string grade = string.Empty, defects = string.Empty, external = string.Empty, pd = string.Empty, moisture = string.Empty, acidity = string.Empty;
        string breakdown = string.Empty, sheath = string.Empty, trip = string.Empty;
        if (inspected)
        {
            double s = trueHealth * LogNormal(rng, 0.25);
            double s2 = trueHealth * LogNormal(rng, 0.3);
            switch (c)
            {
                case AssetClass.DistributionTransformer:
                    external = s < 1.5 ? "No deterioration" : s < 3 ? "Superficial/minor deterioration" : s < 4.5 ? "Slight deterioration" : s < 6.5 ? "Some Deterioration" : "Substantial Deterioration";
                    pd = s2 < 3 ? "Low" : s2 < 5 ? "Medium" : s2 < 7 ? "High (Not Confirmed)" : "High (Confirmed)";
                    moisture = (8 + (5 * s2 * LogNormal(rng, 0.2))).ToString("0.#", ci);
                    acidity = (0.03 * s * LogNormal(rng, 0.2)).ToString("0.###", ci);
                    breakdown = Math.Max(15, 70 - (5 * s2)).ToString("0.#", ci);
                    break;
                case AssetClass.Cable:
                    pd = s2 < 4 ? "Low" : s2 < 6.5 ? "Medium" : "High";
                    sheath = s < 4 ? "Pass" : s < 6.5 ? "Failed Minor" : "Failed Major";
                    break;
                case AssetClass.Breaker or AssetClass.LoadBreakSwitch or AssetClass.Switchgear or AssetClass.RingMainUnit:
                    external = s < 1.5 ? "No deterioration" : s < 4 ? "Superficial/minor deterioration" : s < 6.5 ? "Some Deterioration" : "Substantial Deterioration";
                    pd = s2 < 3.5 ? "Low" : s2 < 5.5 ? "Medium" : s2 < 7.5 ? "High (Not Confirmed)" : "High (Confirmed)";
                    trip = c == AssetClass.Breaker ? (s2 < 6.5 ? "Pass" : "Fail") : string.Empty;
                    break;
                default:
                    grade = s < 3 ? "normal" : s < 5 ? "attention" : s < 7 ? "abnormal" : "serious";
                    defects = Poisson(rng, 0.15 * s).ToString(ci);
                    break;
            }
        }

        var record = new AssetRecord(id, c, install)
        {
            ComponentId = component,
            Manufacturer = s_manufacturers[rng.Next(s_manufacturers.Length)],
            Rating = rating,
            LengthKm = lengthKm,
            InspectionYear = inspected ? inspection : 0,
            Conditions = Readings(c, grade, defects, external, pd, moisture, acidity, breakdown, sheath, trip),
            Failures = failures,
        };
        builder.TryAdd(record);
        hazards.Add(Hazard(lastYear));
        frailties.Add(frailty);
        healths.Add(trueHealth);
        if (csv is not null)
        {
            csv.WriteRow(
                id, AssetClasses.Name(c), component, install.ToString(ci), record.Manufacturer,
                double.IsNaN(rating) ? string.Empty : rating.ToString("0.##", ci), double.IsNaN(lengthKm) ? string.Empty : lengthKm.ToString("0.####", ci),
                inspected ? inspection.ToString(ci) : string.Empty, grade, defects, external, pd, moisture, acidity, breakdown, sheath, trip, failureText.ToString());
        }
    }

    private static List<ConditionReading> Readings(AssetClass c, string grade, string defects, string external, string pd, string moisture, string acidity, string breakdown, string sheath, string trip)
    {
        CnaimFamily family = Cnaim.FamilyOf(AssetClasses.DefaultCategory(c));
        var list = new List<ConditionReading>();
        void Label(ConditionInput input, string label)
        {
            if (label.Length > 0 && ConditionTables.TryRead(family, input, label, out ConditionReading r))
            {
                list.Add(r);
            }
        }

        Label(ConditionInput.InspectionGrade, grade);
        Label(ConditionInput.ExternalCondition, external);
        Label(ConditionInput.PartialDischarge, pd);
        Label(ConditionInput.SheathTest, sheath);
        Label(ConditionInput.TripTest, trip);
        if (defects.Length > 0)
        {
            list.Add(ConditionTables.Defects(int.Parse(defects, CultureInfo.InvariantCulture)));
        }

        if (moisture.Length > 0)
        {
            list.Add(ConditionTables.OilTest(
                double.Parse(moisture, CultureInfo.InvariantCulture),
                double.Parse(acidity, CultureInfo.InvariantCulture),
                double.Parse(breakdown, CultureInfo.InvariantCulture)));
        }

        return list;
    }

    private static int Poisson(Random rng, double mean)
    {
        double l = Math.Exp(-mean);
        int k = 0;
        double p = rng.NextDouble();
        while (p > l && k < 20)
        {
            k++;
            p *= rng.NextDouble();
        }

        return k;
    }

    private static string FailureMode(Random rng, AssetClass c)
    {
        string[] modes = c switch
        {
            AssetClass.DistributionTransformer => ["winding", "bushing", "tap_changer", "oil_leak"],
            AssetClass.Cable => ["insulation", "joint", "termination"],
            AssetClass.OverheadLine => ["conductor", "insulator", "crossarm"],
            AssetClass.Fuse => ["failed_to_operate", "spurious_operation"],
            _ => ["mechanism", "insulation", "control"],
        };
        return modes[rng.Next(modes.Length)];
    }
}
