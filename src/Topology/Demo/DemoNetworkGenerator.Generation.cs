using System.Globalization;
using Lumen.Topology.Network;

namespace Lumen.Topology.Demo;

public static partial class DemoNetworkGenerator
{
    /// <summary>The tie ends of one generated feeder, kept until the ties are laid after all feeders exist.</summary>
    /// <param name="EndNode">
    /// Last trunk node: a tie to the next feeder starts here, and one from the previous feeder ends here when this
    /// feeder has no tie to the next.
    /// </param>
    /// <param name="TiePoint">
    /// A trunk node just upstream of the last sectionalising switch: a tie from the previous feeder ends here when this
    /// feeder also has a tie to the next.
    /// </param>
    /// <param name="Urban">Urban (cable) or rural (overhead) feeder.</param>
    private readonly record struct FeederEnds(string EndNode, string TiePoint, bool Urban);

    /// <summary>A feeder planned before any is generated: its substation, number there, kind, direction and share of the buses.</summary>
    private readonly record struct FeederPlan(int Substation, int Number, bool Urban, double Angle, double Weight);

    /// <summary>One generation run: the random stream, the builder and per-feeder scratch.</summary>
    /// <remarks>Single use, single thread.</remarks>
    private sealed class Generation
    {
        private const int NodesPerFeeder = 85;
        private const int MinimumFeederBudget = 40;
        private const int MinimumTrunkSections = 8;
        private const int MaximumTrunkSections = 28;
        private const int FeedersPerSubstationMin = 6;
        private const int FeedersPerSubstationMax = 12;
        private const double SubstationSpacingKm = 6.0;
        private const double RuralFullLoadTrunkKm = 17.0;
        private const double MinimumLoadDensity = 0.6;

        // A feeder's demand factor: lognormal, σ of its logarithm, clamped (less on long rural feeders); no transformer
        // area above 90 % of its rating at the coincident peak.
        private const double DemandSigma = 0.15;
        private const double MinimumDemandFactor = 0.7;
        private const double MaximumDemandFactor = 1.35;
        private const double MaximumTransformerLoading = 0.9;
        private const double ShortRuralTrunkKm = 12.0;
        private const double LongRuralMaximumDemandFactor = 1.15;

        // Rated current of a 10 kV load-break tie switch; what a transfer through it can carry is limited first by the
        // receiving feeder's head (480 A cable exit).
        private const double TieSwitchRatingAmps = 630;

        // Substations are grouped in square regions of this many per side, each with a town at its centre: urban
        // feeders cluster near region centres, so a province-sized network is a patchwork of counties.
        private const int RegionSide = 7;
        private const int AutomationProgrammeStartYear = 2012;
        private const double PrimaryKv = 10.0;
        private const double SecondaryKv = 0.4;

        private const string ResidentialClass = "residential";
        private const string CommercialClass = "commercial";
        private const string IndustrialClass = "industrial";

        private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

        private readonly int _target;
        private readonly int _seed;
        private readonly DemoRandom _rng;
        private readonly NetworkBuilder _builder;
        private readonly List<FeederEnds> _feeders;

        // Trunk scratch reused by every feeder; index 0 is the source bus, 1..T the trunk nodes.
        private readonly string[] _trunkId = new string[MaximumTrunkSections + 1];
        private readonly double[] _trunkX = new double[MaximumTrunkSections + 1];
        private readonly double[] _trunkY = new double[MaximumTrunkSections + 1];
        private readonly bool[] _switchAt = new bool[MaximumTrunkSections + 1];

        private long _assetSequence;
        private int _transformerCount;
        private int _urbanFeederCount;

        // Per-feeder state, reset by GenerateFeeder.
        private string _feeder = string.Empty;
        private bool _urban;
        private int _buildYear;
        private int _nodeSequence;
        private int _transformerSequence;
        private int _limit;
        private double _loadDensity = 1.0;
        private bool _sparse;

        public Generation(int target, int seed)
        {
            _target = target;
            _seed = seed;
            _rng = new DemoRandom(seed);
            _builder = new NetworkBuilder(target + 64, target + (target / 50) + 64, (target / 2) + 64, (target / 2) + 64);
            _feeders = new List<FeederEnds>((target / NodesPerFeeder) + 16);
        }

        private double ManualSwitchingHours => _urban ? UrbanManualSwitchingHours : RuralManualSwitchingHours;

        public DemoNetwork Run()
        {
            int feederTotal = Math.Max(FeedersPerSubstationMin, (int)Math.Round(_target / (double)NodesPerFeeder));
            List<int> plan = PlanSubstations(feederTotal);
            int substations = plan.Count;
            int columns = (int)Math.Ceiling(Math.Sqrt(substations));
            int rows = (substations + columns - 1) / columns;
            var sites = new (double X, double Y)[substations];
            var feeders = new List<FeederPlan>(feederTotal);
            double weightSum = 0;
            for (int s = 0; s < substations; s++)
            {
                // Serpentine order keeps consecutive substations (and so consecutive feeders) next to each other.
                int row = s / columns;
                int column = row % 2 == 0 ? s % columns : columns - 1 - (s % columns);
                sites[s] = (Round((column * SubstationSpacingKm) + _rng.Uniform(-1, 1)), Round((row * SubstationSpacingKm) + _rng.Uniform(-1, 1)));
                double urbanShare = substations == 1 ? 0.5 : UrbanShare(row, column, rows, columns);
                double angle0 = _rng.Uniform(0, 2 * Math.PI);
                for (int f = 0; f < plan[s]; f++)
                {
                    bool urban = _rng.Chance(urbanShare);
                    double angle = angle0 + (2 * Math.PI * f / plan[s]) + _rng.Uniform(-0.15, 0.15);

                    // Rural feeders are longer than urban ones.
                    double weight = urban ? _rng.Uniform(0.5, 0.75) : _rng.Uniform(1.0, 1.3);
                    feeders.Add(new FeederPlan(s, f, urban, angle, weight));
                    weightSum += weight;
                }
            }

            // Every feeder gets its share of the buses by its weight, so no feeder is left to take up the rounding of
            // the others (a remainder laid on the last feeder made it two or three feeders' worth of load).
            int available = _target - substations;
            double cumulative = 0;
            int given = 0;
            int next = 0;
            for (int s = 0; s < substations; s++)
            {
                string source = string.Create(s_invariant, $"SS{s + 1:D3}");
                _builder.AddBus(new BusSpec(source, NodeKind.Source, SourceLocation.None) { NominalKv = PrimaryKv, X = sites[s].X, Y = sites[s].Y });
                for (; next < feeders.Count && feeders[next].Substation == s; next++)
                {
                    FeederPlan feeder = feeders[next];
                    cumulative += feeder.Weight;
                    int upTo = (int)Math.Round(available * cumulative / weightSum);
                    int budget = Math.Max(MinimumFeederBudget, upTo - given);
                    given = upTo;
                    string name = string.Create(s_invariant, $"SS{s + 1:D3}-F{feeder.Number + 1:D2}");
                    GenerateFeeder(name, source, sites[s].X, sites[s].Y, feeder.Angle, feeder.Urban, budget);
                }
            }

            int ties = LayTies();
            return new DemoNetwork(_builder, _rng, _seed, _target, substations, _feeders.Count, _urbanFeederCount, ties, _transformerCount);
        }

        private List<int> PlanSubstations(int feederTotal)
        {
            var plan = new List<int>((feederTotal / FeedersPerSubstationMin) + 1);
            int left = feederTotal;
            while (left > 0)
            {
                int count = _rng.Next(FeedersPerSubstationMin, FeedersPerSubstationMax);

                // Never leave fewer than the minimum for the last substation.
                if (left - count < FeedersPerSubstationMin)
                {
                    count = left <= FeedersPerSubstationMax ? left : left - FeedersPerSubstationMin;
                }

                plan.Add(count);
                left -= count;
            }

            return plan;
        }

        private static double UrbanShare(int row, int column, int rows, int columns)
        {
            int regionRow = row / RegionSide * RegionSide;
            int regionColumn = column / RegionSide * RegionSide;
            double centreRow = (regionRow + Math.Min(rows, regionRow + RegionSide) - 1) / 2.0;
            double centreColumn = (regionColumn + Math.Min(columns, regionColumn + RegionSide) - 1) / 2.0;
            double dr = row - centreRow;
            double dc = column - centreColumn;
            double distance = Math.Sqrt((dr * dr) + (dc * dc));
            return 0.85 - (0.7 * Math.Min(1.0, distance / 3.0));
        }

        private void GenerateFeeder(string name, string source, double sourceX, double sourceY, double angle, bool urban, int budget)
        {
            _feeder = name;
            _urban = urban;
            _nodeSequence = 0;
            _transformerSequence = 0;
            _limit = _builder.BusCount + budget;
            if (urban)
            {
                _urbanFeederCount++;
            }

            // Urban feeders were mostly built recently (city growth), rural ones mostly decades ago.
            double u = _rng.NextDouble();
            _buildYear = urban
                ? ReferenceYear - (int)(30 * Math.Pow(u, 1.5))
                : OldestInstallYear + (int)(32 * Math.Pow(u, 1.4));

            int trunk = urban ? _rng.Next(8, 14) : _rng.Next(14, MaximumTrunkSections);
            trunk = Math.Max(MinimumTrunkSections, Math.Min(trunk, budget / 4));
            // Long rural feeders reach sparse villages: smaller transformers, loaded less (the load a feeder can carry
            // falls with its length); the coincident loading scales by 17 km over the expected trunk length.
            double expectedTrunkKm = trunk * (urban ? 0.35 : 0.8);
            // Feeders differ in how much of their installed capacity is used (growth areas, industry, vacant housing):
            // a demand factor, lognormal around 1, spreads the feeder loadings (see the type's remarks for the target).
            // Rural feeders beyond the short ones, loaded as far as their voltage drop allows, get little more than
            // their share.
            double demand = Math.Clamp(Math.Exp(DemandSigma * Gaussian()), MinimumDemandFactor, MaximumDemandFactor);
            demand = urban || expectedTrunkKm <= ShortRuralTrunkKm ? demand : Math.Min(demand, LongRuralMaximumDemandFactor);
            _loadDensity = demand * (urban ? 1.0 : Math.Clamp(RuralFullLoadTrunkKm / expectedTrunkKm, MinimumLoadDensity, 1.0));
            _sparse = !urban && expectedTrunkKm > 16;
            int switches = _rng.Next(2, 4);
            Array.Clear(_switchAt);
            int lastSwitch = 0;
            for (int j = 1; j <= switches; j++)
            {
                lastSwitch = (int)Math.Round(trunk * j / (double)(switches + 1));
                _switchAt[lastSwitch] = true;
            }

            int recloserAt = -1;
            if (!urban && trunk >= 18 && _rng.Chance(0.7))
            {
                recloserAt = trunk / 2;
                if (_switchAt[recloserAt])
                {
                    recloserAt++;
                }
            }

            double dirX = Math.Cos(angle);
            double dirY = Math.Sin(angle);
            _trunkId[0] = source;
            _trunkX[0] = sourceX;
            _trunkY[0] = sourceY;
            int switchNumber = 0;
            for (int i = 1; i <= trunk; i++)
            {
                Conductor conductor = i == 1
                    ? DemoCatalog.CableTrunk
                    : urban
                        ? (_rng.Chance(0.85) ? DemoCatalog.CableTrunk : DemoCatalog.OverheadTrunk)
                        : (_rng.Chance(0.92) ? DemoCatalog.OverheadTrunk : DemoCatalog.CableTrunk);
                double lengthKm = Round(i == 1 ? _rng.Uniform(0.2, 0.5) : urban ? _rng.Uniform(0.2, 0.5) : _rng.Uniform(0.5, 1.1));
                double wiggle = _rng.Uniform(-0.2, 0.2);
                double x = Round(_trunkX[i - 1] + (lengthKm * (dirX - (wiggle * dirY))));
                double y = Round(_trunkY[i - 1] + (lengthKm * (dirY + (wiggle * dirX))));
                string node = AddNode(x, y);
                string section = AddSection(_trunkId[i - 1], node, conductor, lengthKm);
                _trunkId[i] = node;
                _trunkX[i] = x;
                _trunkY[i] = y;

                if (i == 1)
                {
                    int year = AssetYear(0.3);
                    AddDevice(string.Create(s_invariant, $"{_feeder}-CB"), section, source, DeviceKind.Breaker, true, AutomatedSwitchingHours, "CB", "breaker", year);
                }
                else if (_switchAt[i])
                {
                    switchNumber++;
                    bool automated = _rng.Chance(urban ? 0.6 : 0.2);
                    bool loadBreak = urban || _rng.Chance(0.5);
                    int year = automated ? _rng.Next(Math.Max(AutomationProgrammeStartYear, _buildYear), ReferenceYear) : AssetYear(0.3);
                    AddDevice(
                        string.Create(s_invariant, $"{_feeder}-SW{switchNumber}"),
                        section,
                        _trunkId[i - 1],
                        loadBreak ? DeviceKind.LoadBreakSwitch : DeviceKind.Disconnector,
                        automated,
                        automated ? AutomatedSwitchingHours : ManualSwitchingHours,
                        loadBreak ? "LBS" : "DS",
                        loadBreak ? "load_break_switch" : "disconnector",
                        year);
                }
                else if (i == recloserAt)
                {
                    int year = _rng.Next(Math.Max(2005, _buildYear), ReferenceYear);
                    AddDevice(string.Create(s_invariant, $"{_feeder}-RC"), section, _trunkId[i - 1], DeviceKind.Recloser, true, AutomatedSwitchingHours, "RC", "recloser", year);
                }

                if (_builder.BusCount < _limit && _rng.Chance(urban ? 0.35 : 0.25))
                {
                    AddTransformer(node, x, y, 0);
                }
            }

            int lateral = 0;
            while (_builder.BusCount < _limit)
            {
                lateral++;
                GenerateLateral(lateral, _rng.Next(1, trunk), dirX, dirY);
            }

            // With two ties, the one from the previous feeder lands just upstream of the last sectionalising switch, so
            // that the feeder can hand its load over in two parts (the last section to the next feeder, the rest to the
            // previous one), as a "multi-section, two-tie" grid is laid out; a single tie joins the trunk ends.
            int tiePoint = _rng.Next(Math.Max(1, lastSwitch - 2), lastSwitch - 1);
            _feeders.Add(new FeederEnds(_trunkId[trunk], _trunkId[tiePoint], urban));
        }

        private void GenerateLateral(int lateral, int attach, double trunkDirX, double trunkDirY)
        {
            int sections = _urban ? _rng.Next(1, 4) : _rng.Next(2, 7);
            double side = _rng.Chance(0.5) ? 1 : -1;
            double skew = _rng.Uniform(-0.4, 0.4);
            double dirX = (-trunkDirY * side) + (trunkDirX * skew);
            double dirY = (trunkDirX * side) + (trunkDirY * skew);
            double norm = Math.Sqrt((dirX * dirX) + (dirY * dirY));
            dirX /= norm;
            dirY /= norm;
            Conductor conductor = _urban
                ? (_rng.Chance(0.75) ? DemoCatalog.CableLateral : DemoCatalog.OverheadLateral)
                : (_rng.Chance(0.95) ? DemoCatalog.OverheadLateral : DemoCatalog.CableLateral);

            // Branch lines hang behind a protective device: fuses on most rural ones, branch breakers on many urban
            // ones, reclosers on some long rural ones.
            DeviceKind headKind = !_urban && sections >= 5 && _rng.Chance(0.35)
                ? DeviceKind.Recloser
                : _rng.Chance(_urban ? 0.5 : 0.25) ? DeviceKind.Breaker : DeviceKind.Fuse;

            string previous = _trunkId[attach];
            double x = _trunkX[attach];
            double y = _trunkY[attach];
            for (int s = 1; s <= sections && _builder.BusCount < _limit; s++)
            {
                double lengthKm = Round(_urban ? _rng.Uniform(0.1, 0.3) : _rng.Uniform(0.2, 0.6));
                double wiggle = _rng.Uniform(-0.25, 0.25);
                x = Round(x + (lengthKm * (dirX - (wiggle * dirY))));
                y = Round(y + (lengthKm * (dirY + (wiggle * dirX))));
                string node = AddNode(x, y);
                string section = AddSection(previous, node, conductor, lengthKm);
                if (s == 1)
                {
                    AddProtection(string.Create(s_invariant, $"{_feeder}-L{lateral}"), section, previous, headKind);
                }

                // Urban ring-main units often feed two transformers; rural poles carry at most one.
                double r = _rng.NextDouble();
                int transformers = _urban ? (r < 0.6 ? 1 : r < 0.75 ? 2 : 0) : (r < 0.65 ? 1 : 0);
                for (int t = 0; t < transformers && _builder.BusCount < _limit; t++)
                {
                    AddTransformer(node, x, y, t);
                }

                if (_builder.BusCount < _limit && _rng.Chance(_urban ? 0.1 : 0.2))
                {
                    GenerateSpur(node, x, y, dirX, dirY);
                }

                previous = node;
            }
        }

        private void GenerateSpur(string start, double x, double y, double lateralDirX, double lateralDirY)
        {
            int sections = _rng.Next(1, 3);
            double side = _rng.Chance(0.5) ? 1 : -1;
            double dirX = -lateralDirY * side;
            double dirY = lateralDirX * side;
            Conductor conductor = _urban ? DemoCatalog.CableSpur : DemoCatalog.OverheadSpur;
            bool fused = _rng.Chance(0.5);
            string previous = start;
            for (int s = 1; s <= sections && _builder.BusCount < _limit; s++)
            {
                double lengthKm = Round(_urban ? _rng.Uniform(0.05, 0.2) : _rng.Uniform(0.1, 0.4));
                x = Round(x + (lengthKm * dirX));
                y = Round(y + (lengthKm * dirY));
                string node = AddNode(x, y);
                string section = AddSection(previous, node, conductor, lengthKm);
                if (s == 1 && fused)
                {
                    AddProtection(section, section, previous, DeviceKind.Fuse);
                }

                if (_builder.BusCount < _limit && _rng.Chance(0.7))
                {
                    AddTransformer(node, x, y, 0);
                }

                previous = node;
            }
        }

        private int LayTies()
        {
            // Consecutive feeders are neighbours; whether each pair is tied is drawn first, so that where a tie lands
            // can depend on whether the receiving feeder also has a tie onwards.
            var tied = new bool[_feeders.Count];
            for (int g = 0; g + 1 < _feeders.Count; g++)
            {
                tied[g] = _rng.Chance(_feeders[g].Urban && _feeders[g + 1].Urban ? 0.9 : 0.6);
            }

            int ties = 0;
            for (int g = 0; g + 1 < _feeders.Count; g++)
            {
                FeederEnds a = _feeders[g];
                FeederEnds b = _feeders[g + 1];
                if (!tied[g])
                {
                    continue;
                }

                ties++;
                string id = string.Create(s_invariant, $"TIE{ties:D5}");
                _builder.AddBranch(new BranchSpec(id, a.EndNode, tied[g + 1] ? b.TiePoint : b.EndNode, BranchKind.BusTie, SourceLocation.None) { Rating = TieSwitchRatingAmps });
                bool urban = a.Urban || b.Urban;
                bool automated = _rng.Chance(urban ? 0.5 : 0.15);
                int year = automated ? _rng.Next(AutomationProgrammeStartYear, ReferenceYear) : _rng.Next(OldestInstallYear + 5, ReferenceYear);
                var device = new DeviceSpec(string.Create(s_invariant, $"{id}-LBS"), id, a.EndNode, DeviceKind.LoadBreakSwitch, SourceLocation.None)
                {
                    NormallyOpen = true,
                    Automated = automated,
                    OperatingTimeHours = automated ? AutomatedSwitchingHours : urban ? UrbanManualSwitchingHours : RuralManualSwitchingHours,
                    Asset = new AssetInfo(NextAssetId("LBS"), "load_break_switch", year),
                };
                _builder.AddDevice(device);
            }

            return ties;
        }

        private string AddNode(double x, double y)
        {
            _nodeSequence++;
            string id = string.Create(s_invariant, $"{_feeder}-N{_nodeSequence}");
            _builder.AddBus(new BusSpec(id, NodeKind.Bus, SourceLocation.None) { NominalKv = PrimaryKv, X = x, Y = y });
            return id;
        }

        /// <summary>Adds a line or cable section into <paramref name="to"/>, named after it; returns the branch id.</summary>
        private string AddSection(string from, string to, Conductor conductor, double lengthKm)
        {
            // Sections are named after their downstream node: "…-N17" is fed through "…-S17".
            string id = string.Create(s_invariant, $"{_feeder}-S{_nodeSequence}");
            int year = AssetYear(_urban ? 0.35 : 0.25);
            bool cable = conductor.Kind == BranchKind.Cable;
            double ratePerKm = (cable ? _rng.Uniform(0.02, 0.03) : _rng.Uniform(0.05, 0.12)) * AgeFactor(year);
            _builder.AddBranch(new BranchSpec(id, from, to, conductor.Kind, SourceLocation.None)
            {
                LengthKm = lengthKm,
                FailureRatePerYear = ratePerKm * lengthKm,
                RepairHours = cable ? _rng.Uniform(8, 30) : _rng.Uniform(4, 6),
                Feeder = _feeder,
                ROhm = conductor.ROhmPerKm * lengthKm,
                XOhm = conductor.XOhmPerKm * lengthKm,
                Rating = conductor.RatingAmps,
                Asset = new AssetInfo(NextAssetId(cable ? "CAB" : "OHL"), cable ? "cable" : "overhead_line", year),
            });
            return id;
        }

        private void AddProtection(string idStem, string section, string atBus, DeviceKind kind)
        {
            int year = AssetYear(0.4);
            switch (kind)
            {
                case DeviceKind.Recloser:
                    AddDevice(string.Create(s_invariant, $"{idStem}-RC"), section, atBus, kind, true, AutomatedSwitchingHours, "RC", "recloser", Math.Max(year, 2005));
                    break;
                case DeviceKind.Breaker:
                    bool automated = _urban && _rng.Chance(0.4);
                    AddDevice(
                        string.Create(s_invariant, $"{idStem}-CB"),
                        section,
                        atBus,
                        kind,
                        automated,
                        automated ? AutomatedSwitchingHours : ManualSwitchingHours,
                        "CB",
                        "breaker",
                        year);
                    break;
                default:
                    AddDevice(string.Create(s_invariant, $"{idStem}-FU"), section, atBus, DeviceKind.Fuse, false, double.NaN, "FU", "fuse", year);
                    break;
            }
        }

        private void AddDevice(string id, string branch, string atBus, DeviceKind kind, bool automated, double operatingHours, string assetPrefix, string assetClass, int year)
        {
            _builder.AddDevice(new DeviceSpec(id, branch, atBus, kind, SourceLocation.None)
            {
                Automated = automated,
                OperatingTimeHours = operatingHours,
                Asset = new AssetInfo(NextAssetId(assetPrefix), assetClass, year),
            });
        }

        /// <summary>A 10/0.4 kV transformer from <paramref name="hvNode"/> to a new 0.4 kV bus, its drop-out fuse and its load point.</summary>
        private void AddTransformer(string hvNode, double x, double y, int slot)
        {
            _transformerSequence++;
            _transformerCount++;
            string id = string.Create(s_invariant, $"{_feeder}-T{_transformerSequence}");
            string lvBus = string.Create(s_invariant, $"{id}-LV");
            double offset = 0.03 * (slot + 1);
            _builder.AddBus(new BusSpec(lvBus, NodeKind.Bus, SourceLocation.None) { NominalKv = SecondaryKv, X = Round(x + offset), Y = Round(y - offset) });

            bool dedicated = _rng.Chance(_urban ? 0.3 : 0.15);
            int ratingIndex = dedicated
                ? _rng.Next(2, 7)
                : _urban ? _rng.Next(2, 7) : _rng.Next(0, _sparse ? 2 : 4);
            double kva = DemoCatalog.TransformerKva[ratingIndex];
            (double rOhm, double xOhm) = DemoCatalog.TransformerImpedance(ratingIndex);

            // Transformers are added and replaced as load grows, so their ages spread more than the lines'.
            int year = AssetYear(0.6);
            _builder.AddBranch(new BranchSpec(id, hvNode, lvBus, BranchKind.Transformer, SourceLocation.None)
            {
                FailureRatePerYear = _rng.Uniform(0.005, 0.012) * AgeFactor(year),
                RepairHours = _rng.Uniform(24, 200),
                ReplacementHours = _rng.Uniform(6, 10),
                Feeder = _feeder,
                ROhm = rOhm,
                XOhm = xOhm,
                Rating = kva,
                Asset = new AssetInfo(NextAssetId("DTX"), "distribution_transformer", year),
            });
            AddDevice(string.Create(s_invariant, $"{id}-FU"), id, hvNode, DeviceKind.Fuse, false, double.NaN, "FU", "fuse", year);

            double peakKw = Round(kva * Math.Min(MaximumTransformerLoading, _rng.Uniform(0.4, 0.7) * _loadDensity));
            double averageKw = Round(peakKw * _rng.Uniform(0.5, 0.6));
            double powerFactor = _rng.Uniform(0.93, 0.97);
            double peakKvar = Round(peakKw * Math.Sqrt((1 / (powerFactor * powerFactor)) - 1));
            string customerClass;
            int customers;
            if (dedicated)
            {
                customers = 1;
                customerClass = _rng.Chance(_urban ? 0.6 : 0.3) ? CommercialClass : IndustrialClass;
            }
            else
            {
                // 0.8–2 kW of peak per household, within the 50–300 customers of a public transformer area.
                customers = Math.Clamp((int)Math.Round(peakKw / _rng.Uniform(0.8, 2.0)), 50, 300);
                customerClass = ResidentialClass;
            }

            _builder.AddLoadPoint(new LoadPointSpec(string.Create(s_invariant, $"{id}-LP"), lvBus, SourceLocation.None)
            {
                Customers = customers,
                AverageKw = averageKw,
                PeakKw = peakKw,
                PeakKvar = peakKvar,
                CustomerClass = customerClass,
            });
        }

        /// <summary>Install year of an asset of this feeder: its build year, or with probability <paramref name="laterShare"/> any later year.</summary>
        private int AssetYear(double laterShare) => _rng.Chance(laterShare)
            ? _rng.Next(_buildYear, ReferenceYear)
            : Math.Min(ReferenceYear, _buildYear + _rng.Next(0, 1));

        /// <summary>Failure-rate multiplier: 1 up to 10 years of age, rising linearly to 1.6 at 40 years and beyond.</summary>
        private static double AgeFactor(int year) => 1 + (0.6 * Math.Clamp((ReferenceYear - year - 10) / 30.0, 0, 1));

        private string NextAssetId(string prefix)
        {
            _assetSequence++;
            return string.Create(s_invariant, $"{prefix}{_assetSequence:D8}");
        }

        private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _rng.NextDouble())) * Math.Cos(2 * Math.PI * _rng.NextDouble());

        private static double Round(double value) => Math.Round(value, 3);
    }
}
