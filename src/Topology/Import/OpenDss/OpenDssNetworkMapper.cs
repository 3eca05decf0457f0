using System.Globalization;
using Lumen.Topology.Network;

namespace Lumen.Topology.Import.OpenDss;

/// <summary>
/// Turns the objects recorded by <see cref="OpenDssScript"/> into Lumen specs: a single-line (positive-sequence)
/// model with one branch per line, series reactor and transformer winding pair, devices and load points.
/// </summary>
/// <remarks>Not thread-safe; one instance per import. All passes are iterative (no recursion over the topology).</remarks>
internal sealed class OpenDssNetworkMapper
{
    /// <summary>OpenDSS's default lengths are per 1000 ft (its default line is 336 MCM ACSR in ohms per kft).</summary>
    private const double KmPerKft = 0.3048;

    /// <summary>
    /// Self capacitance above which a line code is taken as a cable: overhead lines have about 10 nF/km per phase,
    /// shielded cables 100-400 nF/km.
    /// </summary>
    private const double CableCapacitanceNfPerKm = 50;

    private static readonly HashSet<string> s_modelledClasses = new(StringComparer.Ordinal)
    {
        "circuit", "line", "linecode", "transformer", "xfmrcode", "load", "capacitor", "regcontrol", "energymeter",
        "fuse", "recloser", "relay", "swtcontrol", "reactor",
    };

    private readonly OpenDssScript _script;
    private readonly List<Diagnostic> _diagnostics;
    private readonly Dictionary<string, LineCodeInfo?> _lineCodes = new(StringComparer.Ordinal);
    private readonly List<BranchDraft> _branches = [];
    private readonly Dictionary<string, BranchDraft> _branchOfElement = new(StringComparer.Ordinal);
    private readonly List<DeviceDraft> _devices = [];
    private readonly List<LoadPointSpec> _loads = [];
    private readonly Dictionary<string, SourceLocation> _referencedBuses = new(StringComparer.Ordinal);
    private readonly List<(string Bus, string Field, string Owner, SourceLocation Location)> _attachedBuses = [];
    private readonly HashSet<string> _renamedBuses = new(StringComparer.Ordinal);
    private int _linesWithoutUnits;
    private SourceLocation _firstLineWithoutUnits;

    public OpenDssNetworkMapper(OpenDssScript script)
    {
        _script = script;
        _diagnostics = script.Diagnostics;
    }

    /// <summary>Objects per class after the last Clear.</summary>
    public Dictionary<string, int> ObjectCounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Distinct bus names referenced by the model's elements (before any renaming).</summary>
    public int BusCount => _referencedBuses.Count;

    /// <summary>Branch id of each OpenDSS element that became (part of) a branch, keyed <c>class.name</c>.</summary>
    public Dictionary<string, string> ElementBranches { get; } = new(StringComparer.Ordinal);

    /// <summary>Maps everything and builds the network.</summary>
    public BuildResult Map(string masterPath)
    {
        foreach (KeyValuePair<string, List<DssObject>> pair in _script.ObjectsByClass)
        {
            ObjectCounts[pair.Key] = pair.Value.Count;
            if (!s_modelledClasses.Contains(pair.Key) && pair.Value.Count > 0)
            {
                _diagnostics.Add(new Diagnostic(
                    pair.Value[0].Location,
                    string.Empty,
                    $"{pair.Value.Count} object(s) of class '{pair.Key}' are not modelled by the topology import and are ignored",
                    DiagnosticSeverity.Warning));
            }
        }

        DssObject? circuit = Objects("circuit").Count > 0 ? Objects("circuit")[0] : null;
        string sourceBus = "sourcebus";
        double sourceKv = 115;
        if (circuit is null)
        {
            _diagnostics.Add(new Diagnostic(new SourceLocation(masterPath, 0), "circuit", "no circuit is defined ('New Circuit.Name' is missing)"));
        }
        else
        {
            ReadCircuit(circuit, ref sourceBus, ref sourceKv);
            Reference(sourceBus, circuit.Location);
        }

        foreach (DssObject line in Objects("line"))
        {
            MapLine(line);
        }

        MapTransformers();
        foreach (DssObject reactor in Objects("reactor"))
        {
            MapReactor(reactor);
        }

        CollapseParallelBranches();
        RenameOpenTieBuses();
        CheckReferences();
        foreach (DssObject load in Objects("load"))
        {
            MapLoad(load);
        }

        foreach (DssObject capacitor in Objects("capacitor"))
        {
            DssAssignment? bus = capacitor.Last("bus1");
            if (bus is null)
            {
                Error(capacitor.Location, "bus1", $"capacitor.{capacitor.Name} has no bus1");
            }
            else if (IsEnabled(capacitor))
            {
                string name = OpenDssLexer.BusName(bus.Value.Value);
                Reference(name, bus.Value.Location);
                _attachedBuses.Add((name, "bus1", "capacitor." + capacitor.Name, bus.Value.Location));
            }
        }

        MapProtection("fuse", DeviceKind.Fuse);
        MapProtection("recloser", DeviceKind.Recloser);
        MapProtection("relay", DeviceKind.Breaker);
        MapProtection("swtcontrol", DeviceKind.LoadBreakSwitch);
        ApplySwitchCommands();

        if (_linesWithoutUnits > 0)
        {
            _diagnostics.Add(new Diagnostic(
                _firstLineWithoutUnits,
                "units",
                $"{_linesWithoutUnits} line(s) give no length units in the line or its line code; lengths taken as kft (the unit of OpenDSS's default impedances)",
                DiagnosticSeverity.Warning));
        }

        return Assemble(sourceBus, sourceKv, circuit?.Location ?? new SourceLocation(masterPath, 0));
    }

    private List<DssObject> Objects(string className) =>
        _script.ObjectsByClass.TryGetValue(className, out List<DssObject>? list) ? list : [];

    private void Error(SourceLocation location, string field, string message) =>
        _diagnostics.Add(new Diagnostic(location, field, message));

    private void Reference(string bus, SourceLocation location) => _referencedBuses.TryAdd(bus, location);

    private bool TryNumber(in DssAssignment a, string owner, out double value)
    {
        if (OpenDssLexer.TryParseDouble(a.Value, out value, out string? error))
        {
            return true;
        }

        Error(a.Location, a.Property, $"{owner}: {error}");
        return false;
    }

    private bool TryBool(in DssAssignment a, string owner, out bool value)
    {
        if (OpenDssLexer.TryParseBool(a.Value, out value))
        {
            return true;
        }

        Error(a.Location, a.Property, $"{owner}: '{a.Value}' is not yes/no/true/false");
        return false;
    }

    private bool IsEnabled(DssObject obj)
    {
        DssAssignment? enabled = obj.Last("enabled");
        if (enabled is null)
        {
            return true;
        }

        return !TryBool(enabled.Value, obj.ClassName + "." + obj.Name, out bool value) || value;
    }

    private void ReadCircuit(DssObject circuit, ref string sourceBus, ref double sourceKv)
    {
        string owner = "circuit." + circuit.Name;
        foreach (DssAssignment a in circuit.Assignments)
        {
            switch (a.Property)
            {
                case "bus1":
                    sourceBus = OpenDssLexer.BusName(a.Value);
                    break;
                case "basekv":
                    if (TryNumber(a, owner, out double kv))
                    {
                        if (kv <= 0)
                        {
                            Error(a.Location, a.Property, $"{owner}: base voltage {kv} kV must be positive");
                        }
                        else
                        {
                            sourceKv = kv;
                        }
                    }

                    break;
                case "pu":
                case "angle":
                case "mvasc3":
                case "mvasc1":
                case "isc3":
                case "isc1":
                case "r1":
                case "x1":
                case "r0":
                case "x0":
                    TryNumber(a, owner, out _);
                    break;
            }
        }
    }

    private void MapLine(DssObject line)
    {
        string owner = "line." + line.Name;
        string? bus1 = null;
        string? bus2 = null;
        SourceLocation bus1At = line.Location;
        SourceLocation bus2At = line.Location;
        DssAssignment? lineCode = null;
        int lineCodeIndex = -1;
        int ownRIndex = -1;
        int ownXIndex = -1;
        double ownR = 0.058;
        double ownX = 0.1206;
        double length = 1;
        double kmPerUnit = double.NaN;
        bool unitsGiven = false;
        bool isSwitch = false;
        bool enabled = true;
        double normAmps = double.NaN;
        bool ok = true;
        List<DssAssignment> assignments = line.Assignments;
        for (int i = 0; i < assignments.Count; i++)
        {
            DssAssignment a = assignments[i];
            switch (a.Property)
            {
                case "bus1":
                    bus1 = OpenDssLexer.BusName(a.Value);
                    bus1At = a.Location;
                    break;
                case "bus2":
                    bus2 = OpenDssLexer.BusName(a.Value);
                    bus2At = a.Location;
                    break;
                case "linecode":
                    lineCode = a;
                    lineCodeIndex = i;
                    break;
                case "length":
                    if (!TryNumber(a, owner, out length))
                    {
                        ok = false;
                    }
                    else if (length < 0)
                    {
                        Error(a.Location, a.Property, $"{owner}: length {length.ToString(CultureInfo.InvariantCulture)} must not be negative");
                        ok = false;
                    }

                    break;
                case "units":
                    if (!OpenDssSchema.TryKmPerUnit(a.Value, out kmPerUnit))
                    {
                        Error(a.Location, a.Property, $"{owner}: unknown length unit '{a.Value}' (use mi, kft, km, m, ft, in, cm or none)");
                        ok = false;
                    }

                    unitsGiven = !double.IsNaN(kmPerUnit);
                    break;
                case "r1":
                    ok &= TryNumber(a, owner, out ownR);
                    ownRIndex = i;
                    break;
                case "x1":
                    ok &= TryNumber(a, owner, out ownX);
                    ownXIndex = i;
                    break;
                case "rmatrix":
                case "xmatrix":
                    if (!OpenDssLexer.TryParseMatrix(a.Value, out double self, out double mutual, out _, out string? matrixError))
                    {
                        Error(a.Location, a.Property, $"{owner}: {matrixError}");
                        ok = false;
                    }
                    else if (a.Property == "rmatrix")
                    {
                        ownR = self - mutual;
                        ownRIndex = i;
                    }
                    else
                    {
                        ownX = self - mutual;
                        ownXIndex = i;
                    }

                    break;
                case "switch":
                    ok &= TryBool(a, owner, out isSwitch);
                    break;
                case "enabled":
                    ok &= TryBool(a, owner, out enabled);
                    break;
                case "normamps":
                    ok &= TryNumber(a, owner, out normAmps);
                    break;
                case "phases":
                case "r0":
                case "x0":
                case "c1":
                case "c0":
                    ok &= TryNumber(a, owner, out _);
                    break;
            }
        }

        if (bus1 is null)
        {
            Error(line.Location, "bus1", $"{owner} has no bus1");
            ok = false;
        }
        else
        {
            Reference(bus1, bus1At);
        }

        if (bus2 is null)
        {
            Error(line.Location, "bus2", $"{owner} has no bus2");
            ok = false;
        }
        else
        {
            Reference(bus2, bus2At);
        }

        LineCodeInfo? code = null;
        if (lineCode is not null)
        {
            code = ResolveLineCode(lineCode.Value, owner);
            ok &= code is not null;
        }

        if (!ok)
        {
            return;
        }

        if (!enabled && !isSwitch)
        {
            _diagnostics.Add(new Diagnostic(line.Location, "enabled", $"{owner} is disabled (enabled=false) and left out", DiagnosticSeverity.Warning));
            return;
        }

        double lengthKm;
        if (unitsGiven)
        {
            lengthKm = length * kmPerUnit;
        }
        else if (code is not null && !double.IsNaN(code.KmPerUnit))
        {
            lengthKm = length * code.KmPerUnit;
        }
        else
        {
            lengthKm = length * KmPerKft;
            if (!isSwitch && _linesWithoutUnits++ == 0)
            {
                _firstLineWithoutUnits = line.Location;
            }
        }

        // The line's own impedances win when written after its line code (OpenDSS: last assignment wins).
        double r = ownR * length;
        double x = ownX * length;
        if (code is not null)
        {
            double codeR = double.IsNaN(code.KmPerUnit) ? code.RPerUnit * length : code.RPerUnit / code.KmPerUnit * lengthKm;
            double codeX = double.IsNaN(code.KmPerUnit) ? code.XPerUnit * length : code.XPerUnit / code.KmPerUnit * lengthKm;
            r = ownRIndex > lineCodeIndex ? r : codeR;
            x = ownXIndex > lineCodeIndex ? x : codeX;
            if (double.IsNaN(normAmps))
            {
                normAmps = code.NormAmps;
            }
        }

        BranchKind kind = isSwitch ? BranchKind.BusTie : code is not null && code.IsCable ? BranchKind.Cable : BranchKind.OverheadLine;
        var branch = new BranchDraft("line." + line.Name, bus1!, bus2!, kind, line.Location)
        {
            LengthKm = isSwitch ? 0 : lengthKm,
            ROhm = isSwitch ? 0 : Math.Abs(r),
            XOhm = isSwitch ? 0 : Math.Abs(x),
            Rating = normAmps > 0 ? normAmps : double.NaN,
            IsSwitch = isSwitch,
        };
        AddBranch(branch, "line." + line.Name);
        if (isSwitch)
        {
            var device = new DeviceDraft("switch." + line.Name, branch, DeviceKind.LoadBreakSwitch, line.Location) { AtBus = bus1!, AutoSwitch = true };
            if (!enabled)
            {
                // enabled=false is OpenDSS's usual way of writing a normally-open switch (IEEE 8500 ties): keep the
                // tie, open, so that restoration studies can use it.
                device.NormallyOpen = true;
                _diagnostics.Add(new Diagnostic(line.Location, "enabled", $"{owner} is a disabled switch (enabled=false): imported as a normally-open tie", DiagnosticSeverity.Warning));
            }

            _devices.Add(device);
        }
    }

    private void AddBranch(BranchDraft branch, string element)
    {
        _branches.Add(branch);
        _branchOfElement[element] = branch;
        ElementBranches[element] = branch.Id;
    }

    private LineCodeInfo? ResolveLineCode(in DssAssignment reference, string owner)
    {
        string name = reference.Value.Trim().ToLowerInvariant();
        if (_lineCodes.TryGetValue(name, out LineCodeInfo? cached))
        {
            if (cached is null)
            {
                Error(reference.Location, "linecode", $"{owner}: line code '{name}' is not defined or is invalid");
            }

            return cached;
        }

        DssObject? code = _script.Find("linecode", name);
        if (code is null)
        {
            Error(reference.Location, "linecode", $"{owner}: line code '{name}' is not defined");
            _lineCodes[name] = null;
            return null;
        }

        string codeOwner = "linecode." + name;
        var info = new LineCodeInfo { RPerUnit = 0.058, XPerUnit = 0.1206, KmPerUnit = double.NaN, NormAmps = double.NaN };
        double capacitance = 0;
        bool ok = true;
        foreach (DssAssignment a in code.Assignments)
        {
            switch (a.Property)
            {
                case "r1":
                    ok &= TryNumber(a, codeOwner, out double r1);
                    info.RPerUnit = r1;
                    break;
                case "x1":
                    ok &= TryNumber(a, codeOwner, out double x1);
                    info.XPerUnit = x1;
                    break;
                case "c1":
                    ok &= TryNumber(a, codeOwner, out capacitance);
                    break;
                case "rmatrix":
                case "xmatrix":
                case "cmatrix":
                    if (!OpenDssLexer.TryParseMatrix(a.Value, out double self, out double mutual, out _, out string? error))
                    {
                        Error(a.Location, a.Property, $"{codeOwner}: {error}");
                        ok = false;
                    }
                    else if (a.Property == "rmatrix")
                    {
                        info.RPerUnit = self - mutual;
                    }
                    else if (a.Property == "xmatrix")
                    {
                        info.XPerUnit = self - mutual;
                    }
                    else
                    {
                        capacitance = self;
                    }

                    break;
                case "units":
                    if (!OpenDssSchema.TryKmPerUnit(a.Value, out double kmPerUnit))
                    {
                        Error(a.Location, a.Property, $"{codeOwner}: unknown length unit '{a.Value}'");
                        ok = false;
                    }

                    info.KmPerUnit = kmPerUnit;
                    break;
                case "normamps":
                    ok &= TryNumber(a, codeOwner, out double amps);
                    info.NormAmps = amps;
                    break;
                case "nphases":
                case "r0":
                case "x0":
                case "c0":
                    ok &= TryNumber(a, codeOwner, out _);
                    break;
            }
        }

        double capacitanceNfPerKm = capacitance / (double.IsNaN(info.KmPerUnit) ? KmPerKft : info.KmPerUnit);
        info.IsCable = capacitanceNfPerKm > CableCapacitanceNfPerKm || NamesCable(name);
        LineCodeInfo? result = ok ? info : null;
        _lineCodes[name] = result;
        if (!ok)
        {
            Error(reference.Location, "linecode", $"{owner}: line code '{name}' is invalid");
        }

        return result;
    }

    private static bool NamesCable(string name)
    {
        if (name.Contains("cable", StringComparison.Ordinal))
        {
            return true;
        }

        // "ug" as a word of the name (UG_500, 3ph_ug), not inside another word.
        for (int i = name.IndexOf("ug", StringComparison.Ordinal); i >= 0; i = name.IndexOf("ug", i + 1, StringComparison.Ordinal))
        {
            bool startOk = i == 0 || !char.IsLetter(name[i - 1]);
            bool endOk = i + 2 >= name.Length || !char.IsLetter(name[i + 2]);
            if (startOk && endOk)
            {
                return true;
            }
        }

        return false;
    }

    private void MapTransformers()
    {
        // Parallel units between the same two buses (a bank of single-phase regulators, an open-delta pair) become one
        // branch: the single-line model has one connection per bus pair, and separate branches would form loops.
        var groups = new Dictionary<(string, string), TransformerGroup>();
        foreach (DssObject transformer in Objects("transformer"))
        {
            TransformerData? data = ReadTransformer(transformer);
            if (data is null)
            {
                continue;
            }

            if (!data.Enabled)
            {
                _diagnostics.Add(new Diagnostic(transformer.Location, "enabled", $"transformer.{transformer.Name} is disabled (enabled=false) and left out", DiagnosticSeverity.Warning));
                continue;
            }

            for (int w = 1; w < data.Windings; w++)
            {
                string from = data.Buses[0]!;
                string to = data.Buses[w]!;
                if (from == to)
                {
                    continue;
                }

                (string, string) key = string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from);
                double zBaseOhm = data.Kv[0] * data.Kv[0] * 1000 / data.Kva[0];
                double xPercent = w == 1 ? data.XhlPercent : w == 2 ? data.XhtPercent : data.XhlPercent;
                double rOhm = (data.RPercent[0] + data.RPercent[w]) / 100 * zBaseOhm;
                double xOhm = xPercent / 100 * zBaseOhm;
                string element = "transformer." + transformer.Name;
                if (!groups.TryGetValue(key, out TransformerGroup? group))
                {
                    string id = w == 1 ? element : $"{element}.w{w + 1}";
                    var branch = new BranchDraft(id, from, to, BranchKind.Transformer, transformer.Location)
                    {
                        KvRatio = data.Kv[w] / data.Kv[0],
                    };
                    group = new TransformerGroup(branch);
                    groups.Add(key, group);
                    _branches.Add(branch);
                }

                if (group.Members.Add(transformer.Name))
                {
                    group.RatingKva += data.Kva[0];
                    group.SumROhm += rOhm;
                    group.SumXOhm += xOhm;
                }

                // Referred to the group's from side when a unit is written the other way round.
                _branchOfElement.TryAdd(element, group.Branch);
                ElementBranches.TryAdd(element, group.Branch.Id);
            }
        }

        foreach (TransformerGroup group in groups.Values)
        {
            // Units of a bank sit on different phases, so the per-phase (positive-sequence) impedance is that of one
            // unit; averaging also covers banks of unequal units.
            group.Branch.ROhm = group.SumROhm / group.Members.Count;
            group.Branch.XOhm = group.SumXOhm / group.Members.Count;
            group.Branch.Rating = group.RatingKva;
        }
    }

    private TransformerData? ReadTransformer(DssObject transformer)
    {
        string owner = "transformer." + transformer.Name;
        var data = new TransformerData();
        data.Resize(2);
        int active = 0;
        bool ok = true;
        var values = new List<double>();

        // The XfmrCode indirection replays the code's assignments in place; a queue keeps this iterative.
        var pending = new List<DssAssignment>(transformer.Assignments);
        for (int i = 0; i < pending.Count; i++)
        {
            DssAssignment a = pending[i];
            switch (a.Property)
            {
                case "windings":
                    if (TryNumber(a, owner, out double windings) && windings >= 2 && windings <= 10 && windings == Math.Floor(windings))
                    {
                        data.Resize((int)windings);
                    }
                    else
                    {
                        Error(a.Location, a.Property, $"{owner}: windings '{a.Value}' must be a whole number from 2 to 10");
                        ok = false;
                    }

                    break;
                case "wdg":
                    if (TryNumber(a, owner, out double wdg) && wdg >= 1 && wdg <= data.Windings && wdg == Math.Floor(wdg))
                    {
                        active = (int)wdg - 1;
                    }
                    else
                    {
                        Error(a.Location, a.Property, $"{owner}: wdg '{a.Value}' must be a winding number from 1 to {data.Windings}");
                        ok = false;
                    }

                    break;
                case "bus":
                    data.Buses[active] = OpenDssLexer.BusName(a.Value);
                    data.BusAt[active] = a.Location;
                    break;
                case "kv":
                    ok &= TryPositive(a, owner, out data.Kv[active]);
                    break;
                case "kva":
                    ok &= TryPositive(a, owner, out data.Kva[active]);
                    break;
                case "%r":
                    ok &= TryNumber(a, owner, out data.RPercent[active]);
                    break;
                case "buses":
                    string[] buses = OpenDssLexer.SplitWords(a.Value);
                    if (buses.Length > data.Windings)
                    {
                        data.Resize(buses.Length);
                    }

                    for (int w = 0; w < buses.Length; w++)
                    {
                        data.Buses[w] = OpenDssLexer.BusName(buses[w]);
                        data.BusAt[w] = a.Location;
                    }

                    break;
                case "kvs":
                case "kvas":
                case "%rs":
                    if (!OpenDssLexer.TryParseArray(a.Value, values, out string? arrayError))
                    {
                        Error(a.Location, a.Property, $"{owner}: {arrayError}");
                        ok = false;
                        break;
                    }

                    double[] target = a.Property == "kvs" ? data.Kv : a.Property == "kvas" ? data.Kva : data.RPercent;
                    for (int w = 0; w < values.Count && w < data.Windings; w++)
                    {
                        if (a.Property != "%rs" && values[w] <= 0)
                        {
                            Error(a.Location, a.Property, $"{owner}: {a.Property} value {values[w].ToString(CultureInfo.InvariantCulture)} must be positive");
                            ok = false;
                        }

                        target[w] = values[w];
                    }

                    break;
                case "xhl":
                case "x12":
                    ok &= TryNumber(a, owner, out data.XhlPercent);
                    break;
                case "xht":
                case "x13":
                    ok &= TryNumber(a, owner, out data.XhtPercent);
                    break;
                case "xlt":
                case "x23":
                case "phases":
                case "tap":
                case "%loadloss":
                case "%noloadloss":
                case "ppm_antifloat":
                case "%imag":
                    ok &= TryNumber(a, owner, out _);
                    break;
                case "enabled":
                    ok &= TryBool(a, owner, out bool enabled);
                    data.Enabled = enabled;
                    break;
                case "xfmrcode":
                    DssObject? code = _script.Find("xfmrcode", a.Value.Trim().ToLowerInvariant());
                    if (code is null)
                    {
                        Error(a.Location, a.Property, $"{owner}: XfmrCode '{a.Value}' is not defined");
                        ok = false;
                    }
                    else
                    {
                        pending.InsertRange(i + 1, code.Assignments);
                    }

                    break;
            }
        }

        for (int w = 0; w < data.Windings; w++)
        {
            if (data.Buses[w] is null)
            {
                Error(transformer.Location, w == 0 ? "bus" : "buses", $"{owner}: winding {w + 1} has no bus");
                ok = false;
            }
            else
            {
                Reference(data.Buses[w]!, data.BusAt[w]);
            }
        }

        return ok ? data : null;
    }

    private bool TryPositive(in DssAssignment a, string owner, out double value)
    {
        if (!TryNumber(a, owner, out value))
        {
            return false;
        }

        if (value <= 0)
        {
            Error(a.Location, a.Property, $"{owner}: {a.Property} {value.ToString(CultureInfo.InvariantCulture)} must be positive");
            return false;
        }

        return true;
    }

    private void MapReactor(DssObject reactor)
    {
        string owner = "reactor." + reactor.Name;
        string? bus1 = null;
        string? bus2 = null;
        double r = 0;
        double x = 0;
        bool ok = true;
        foreach (DssAssignment a in reactor.Assignments)
        {
            switch (a.Property)
            {
                case "bus1":
                    bus1 = OpenDssLexer.BusName(a.Value);
                    Reference(bus1, a.Location);
                    break;
                case "bus2":
                    bus2 = OpenDssLexer.BusName(a.Value);
                    Reference(bus2, a.Location);
                    break;
                case "r":
                    ok &= TryNumber(a, owner, out r);
                    break;
                case "x":
                    ok &= TryNumber(a, owner, out x);
                    break;
                case "normamps":
                case "emergamps":
                case "kvar":
                case "kv":
                    ok &= TryNumber(a, owner, out _);
                    break;
            }
        }

        if (bus1 is null)
        {
            Error(reactor.Location, "bus1", $"{owner} has no bus1");
            return;
        }

        // A reactor without bus2 is a shunt element: it does not connect anything.
        if (!ok || bus2 is null || bus2 == bus1)
        {
            return;
        }

        if (!IsEnabled(reactor))
        {
            _diagnostics.Add(new Diagnostic(reactor.Location, "enabled", $"{owner} is disabled (enabled=false) and left out", DiagnosticSeverity.Warning));
            return;
        }

        // A series reactor (source impedance, current limiter) has no length: a bus tie carrying its impedance.
        AddBranch(new BranchDraft(owner, bus1, bus2, BranchKind.BusTie, reactor.Location) { ROhm = Math.Abs(r), XOhm = Math.Abs(x) }, owner);
    }

    /// <summary>
    /// Collapses branches between the same two buses into one: the single-phase sections of one circuit
    /// (IEEE 8500's CAP_1A/B/C), or a jumper beside a regulator bank (IEEE 37's phase-B jumper across the open-delta
    /// regulator). In a single-line model they are one connection; kept apart they would form loops. Transformers win
    /// over lines and reactors; parallel lines keep the average impedance (phases of one circuit). Switch lines are
    /// never collapsed: a switch is a real operating point, and a loop through one is reported by validation.
    /// </summary>
    private void CollapseParallelBranches()
    {
        var kept = new Dictionary<(string, string), BranchDraft>();
        var merged = new HashSet<BranchDraft>();
        var ordered = new List<BranchDraft>(_branches.Count);
        foreach (BranchDraft b in _branches)
        {
            if (b.Kind == BranchKind.Transformer)
            {
                ordered.Add(b);
            }
        }

        foreach (BranchDraft b in _branches)
        {
            if (b.Kind != BranchKind.Transformer && !b.IsSwitch)
            {
                ordered.Add(b);
            }
        }

        foreach (BranchDraft b in ordered)
        {
            (string, string) key = string.CompareOrdinal(b.From, b.To) < 0 ? (b.From, b.To) : (b.To, b.From);
            if (!kept.TryGetValue(key, out BranchDraft? survivor))
            {
                kept.Add(key, b);
                continue;
            }

            if (survivor.Kind != BranchKind.Transformer && b.Kind == survivor.Kind)
            {
                survivor.ROhm = ((survivor.ROhm * survivor.Units) + b.ROhm) / (survivor.Units + 1);
                survivor.XOhm = ((survivor.XOhm * survivor.Units) + b.XOhm) / (survivor.Units + 1);
                survivor.LengthKm = Math.Max(survivor.LengthKm, b.LengthKm);
                survivor.Units++;
            }

            merged.Add(b);
        }

        if (merged.Count == 0)
        {
            return;
        }

        _branches.RemoveAll(merged.Contains);
        var redirected = new List<(string Element, BranchDraft Survivor)>();
        foreach (KeyValuePair<string, BranchDraft> pair in _branchOfElement)
        {
            if (merged.Contains(pair.Value))
            {
                BranchDraft b = pair.Value;
                (string, string) key = string.CompareOrdinal(b.From, b.To) < 0 ? (b.From, b.To) : (b.To, b.From);
                redirected.Add((pair.Key, kept[key]));
            }
        }

        foreach ((string element, BranchDraft survivor) in redirected)
        {
            _branchOfElement[element] = survivor;
            ElementBranches[element] = survivor.Id;
        }
    }

    /// <summary>
    /// IEEE 123's master writes its normally-open ties as switches to dangling buses <c>300_OPEN</c>/<c>94_OPEN</c>.
    /// A bus named <c>&lt;x&gt;_open</c> that only switch lines touch, where bus <c>&lt;x&gt;</c> exists, is read as
    /// bus <c>&lt;x&gt;</c> with the switch normally open at that end, which is what the authors meant.
    /// </summary>
    private void RenameOpenTieBuses()
    {
        var touchedByOther = new HashSet<string>(StringComparer.Ordinal);
        foreach (BranchDraft b in _branches)
        {
            if (!b.IsSwitch)
            {
                touchedByOther.Add(b.From);
                touchedByOther.Add(b.To);
            }
        }

        foreach (DssObject load in Objects("load"))
        {
            DssAssignment? bus = load.Last("bus1");
            if (bus is not null)
            {
                touchedByOther.Add(OpenDssLexer.BusName(bus.Value.Value));
            }
        }

        foreach (DeviceDraft device in _devices)
        {
            BranchDraft b = device.Branch;
            if (!device.AutoSwitch)
            {
                continue;
            }

            for (int end = 0; end < 2; end++)
            {
                string bus = end == 0 ? b.From : b.To;
                string other = end == 0 ? b.To : b.From;
                if (!bus.EndsWith("_open", StringComparison.Ordinal) || touchedByOther.Contains(bus))
                {
                    continue;
                }

                string baseName = bus[..^"_open".Length];
                if (baseName.Length == 0 || baseName == other || !_referencedBuses.ContainsKey(baseName))
                {
                    continue;
                }

                if (end == 0)
                {
                    b.From = baseName;
                }
                else
                {
                    b.To = baseName;
                }

                device.AtBus = baseName;
                device.NormallyOpen = true;
                _renamedBuses.Add(bus);
            }
        }
    }

    private void CheckReferences()
    {
        foreach (DssObject control in Objects("regcontrol"))
        {
            DssAssignment? transformer = control.Last("transformer");
            if (transformer is not null && _script.Find("transformer", transformer.Value.Value.Trim().ToLowerInvariant()) is null)
            {
                Error(transformer.Value.Location, "transformer", $"regcontrol.{control.Name}: transformer '{transformer.Value.Value}' is not defined");
            }
        }

        foreach (DssObject meter in Objects("energymeter"))
        {
            DssAssignment? element = meter.Last("element");
            if (element is not null && FindElement(element.Value.Value) is null)
            {
                Error(element.Value.Location, "element", $"energymeter.{meter.Name}: element '{element.Value.Value}' is not defined");
            }
        }
    }

    private DssObject? FindElement(string qualified)
    {
        string t = qualified.Trim().ToLowerInvariant();
        int dot = t.IndexOf('.');
        return dot <= 0 ? null : _script.Find(t[..dot], t[(dot + 1)..]);
    }

    private void MapLoad(DssObject load)
    {
        string owner = "load." + load.Name;
        string? bus = null;
        SourceLocation busAt = load.Location;
        double kw = 10;
        double kvar = 0;
        double pf = 0.88;
        double kva = double.NaN;
        bool kvarGiven = false;
        bool kvaLast = false;
        int customers = 1;
        bool ok = true;
        foreach (DssAssignment a in load.Assignments)
        {
            switch (a.Property)
            {
                case "bus1":
                    bus = OpenDssLexer.BusName(a.Value);
                    busAt = a.Location;
                    break;
                case "kw":
                    ok &= TryNonNegative(a, owner, out kw);
                    kvaLast = false;
                    break;
                case "kvar":
                    ok &= TryNumber(a, owner, out kvar);
                    kvarGiven = true;
                    break;
                case "pf":
                    if (TryNumber(a, owner, out pf) && (pf == 0 || Math.Abs(pf) > 1))
                    {
                        Error(a.Location, a.Property, $"{owner}: power factor {pf.ToString(CultureInfo.InvariantCulture)} must be in -1..1 and not 0");
                        ok = false;
                    }

                    kvarGiven = false;
                    break;
                case "kva":
                    ok &= TryNonNegative(a, owner, out kva);
                    kvaLast = true;
                    break;
                case "numcust":
                    if (TryNumber(a, owner, out double n) && n >= 0 && n == Math.Floor(n) && n <= int.MaxValue)
                    {
                        customers = (int)n;
                    }
                    else
                    {
                        Error(a.Location, a.Property, $"{owner}: numcust '{a.Value}' must be a whole number of customers");
                        ok = false;
                    }

                    break;
                case "kv":
                case "phases":
                case "model":
                    ok &= TryNumber(a, owner, out _);
                    break;
            }
        }

        if (bus is null)
        {
            Error(load.Location, "bus1", $"{owner} has no bus1");
            return;
        }

        Reference(bus, busAt);
        if (!ok)
        {
            return;
        }

        if (!IsEnabled(load))
        {
            _diagnostics.Add(new Diagnostic(load.Location, "enabled", $"{owner} is disabled (enabled=false) and left out", DiagnosticSeverity.Warning));
            return;
        }

        double absPf = Math.Abs(pf);
        double sinPhi = Math.Sqrt(Math.Max(0, 1 - (absPf * absPf)));
        if (kvaLast && !double.IsNaN(kva))
        {
            kw = kva * absPf;
            kvar = Math.Sign(pf) * kva * sinPhi;
        }
        else if (!kvarGiven)
        {
            kvar = Math.Sign(pf) * kw * sinPhi / absPf;
        }

        _attachedBuses.Add((bus, "bus1", owner, busAt));
        _loads.Add(new LoadPointSpec(load.Name, bus, load.Location)
        {
            Customers = customers,
            PeakKw = kw,
            AverageKw = kw,
            PeakKvar = kvar,
        });
    }

    private bool TryNonNegative(in DssAssignment a, string owner, out double value)
    {
        if (!TryNumber(a, owner, out value))
        {
            return false;
        }

        if (value < 0)
        {
            Error(a.Location, a.Property, $"{owner}: {a.Property} {value.ToString(CultureInfo.InvariantCulture)} must not be negative");
            return false;
        }

        return true;
    }

    private void MapProtection(string className, DeviceKind kind)
    {
        foreach (DssObject obj in Objects(className))
        {
            string owner = className + "." + obj.Name;
            DssAssignment? monitored = obj.Last("monitoredobj");
            DssAssignment? switched = obj.Last("switchedobj") ?? monitored;
            DssAssignment? terminalText = obj.Last("switchedterm") ?? obj.Last("monitoredterm");
            if (switched is null)
            {
                Error(obj.Location, className == "swtcontrol" ? "switchedobj" : "monitoredobj", $"{owner} names no element to switch");
                continue;
            }

            int terminal = 1;
            if (terminalText is not null)
            {
                if (!TryNumber(terminalText.Value, owner, out double t))
                {
                    continue;
                }

                if (t != 1 && t != 2)
                {
                    Error(terminalText.Value.Location, terminalText.Value.Property, $"{owner}: terminal {t.ToString(CultureInfo.InvariantCulture)} must be 1 or 2");
                    continue;
                }

                terminal = (int)t;
            }

            string element = switched.Value.Value.Trim().ToLowerInvariant();
            if (!_branchOfElement.TryGetValue(element, out BranchDraft? branch))
            {
                Error(switched.Value.Location, switched.Value.Property, $"{owner}: '{switched.Value.Value}' is not a line, transformer or reactor of the model");
                continue;
            }

            bool open = false;
            DssAssignment? normal = obj.Last("normal") ?? obj.Last("state") ?? obj.Last("action");
            if (normal is not null)
            {
                string state = normal.Value.Value.Trim().ToLowerInvariant();
                if (state.StartsWith('o'))
                {
                    open = true;
                }
                else if (!state.StartsWith('c'))
                {
                    Error(normal.Value.Location, normal.Value.Property, $"{owner}: state '{normal.Value.Value}' must be open or closed");
                    continue;
                }
            }

            if (!IsEnabled(obj))
            {
                _diagnostics.Add(new Diagnostic(obj.Location, "enabled", $"{owner} is disabled (enabled=false) and left out", DiagnosticSeverity.Warning));
                continue;
            }

            var device = new DeviceDraft(owner, branch, kind, obj.Location)
            {
                AtBus = terminal == 1 ? branch.From : branch.To,
                NormallyOpen = open,
            };

            // A SwtControl on a switch line is that switch: it replaces the switch the line itself implies.
            if (className == "swtcontrol")
            {
                _devices.RemoveAll(d => d.AutoSwitch && ReferenceEquals(d.Branch, branch));
            }

            _devices.Add(device);
        }
    }

    private void ApplySwitchCommands()
    {
        foreach (DssSwitchCommand command in _script.SwitchCommands)
        {
            string element = command.ClassName + "." + command.Name;
            string verb = command.Open ? "open" : "close";
            if (!_branchOfElement.TryGetValue(element, out BranchDraft? branch))
            {
                Error(command.Location, verb, $"'{element}' is not a line, transformer or reactor of the model");
                continue;
            }

            DeviceDraft? target = null;
            foreach (DeviceDraft d in _devices)
            {
                if (ReferenceEquals(d.Branch, branch) && (target is null || (d.Kind == DeviceKind.LoadBreakSwitch && target.Kind != DeviceKind.LoadBreakSwitch)))
                {
                    target = d;
                }
            }

            string atBus = command.Terminal == 2 ? branch.To : branch.From;
            if (target is null)
            {
                branch.NormallyOpen = command.Open;
            }
            else
            {
                target.NormallyOpen = command.Open;
                if (command.Open)
                {
                    target.AtBus = atBus;
                }
            }
        }
    }

    private BuildResult Assemble(string sourceBus, double sourceKv, SourceLocation sourceAt)
    {
        // Buses of the network: the source and every branch end, in first-seen order.
        var busIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var busNames = new List<string>();
        var busAt = new List<SourceLocation>();
        void AddBus(string name, SourceLocation at)
        {
            if (busIndex.TryAdd(name, busNames.Count))
            {
                busNames.Add(name);
                busAt.Add(_referencedBuses.TryGetValue(name, out SourceLocation first) ? first : at);
            }
        }

        AddBus(sourceBus, sourceAt);
        foreach (BranchDraft b in _branches)
        {
            AddBus(b.From, b.Location);
            AddBus(b.To, b.Location);
        }

        foreach ((string bus, string field, string owner, SourceLocation location) in _attachedBuses)
        {
            if (!busIndex.ContainsKey(bus))
            {
                Error(location, field, $"{owner}: bus '{bus}' is not connected to any line, transformer or the source");
            }
        }

        double[] kv = NominalKv(busIndex, busNames.Count, sourceBus, sourceKv);
        int unknownCoordinates = 0;
        SourceLocation firstUnknown = default;
        foreach (KeyValuePair<string, (double X, double Y, SourceLocation Location)> pair in _script.Coordinates)
        {
            if (!busIndex.ContainsKey(pair.Key) && !_renamedBuses.Contains(pair.Key) && _referencedBuses.ContainsKey(pair.Key) == false)
            {
                if (unknownCoordinates++ == 0)
                {
                    firstUnknown = pair.Value.Location;
                }
            }
        }

        if (unknownCoordinates > 0)
        {
            _diagnostics.Add(new Diagnostic(firstUnknown, "bus", $"{unknownCoordinates} bus coordinate(s) name buses that are not in the model and are ignored", DiagnosticSeverity.Warning));
        }

        var builder = new NetworkBuilder(busNames.Count, _branches.Count, _devices.Count, _loads.Count);
        foreach (Diagnostic d in _diagnostics)
        {
            builder.Report(d);
        }

        for (int i = 0; i < busNames.Count; i++)
        {
            string name = busNames[i];
            bool hasXy = _script.Coordinates.TryGetValue(name, out (double X, double Y, SourceLocation Location) xy);
            builder.AddBus(new BusSpec(name, name == sourceBus ? NodeKind.Source : NodeKind.Bus, busAt[i])
            {
                NominalKv = kv[i],
                X = hasXy ? xy.X : double.NaN,
                Y = hasXy ? xy.Y : double.NaN,
            });
        }

        foreach (BranchDraft b in _branches)
        {
            builder.AddBranch(new BranchSpec(b.Id, b.From, b.To, b.Kind, b.Location)
            {
                LengthKm = b.LengthKm,
                ROhm = b.ROhm,
                XOhm = b.XOhm,
                Rating = b.Rating,
                NormallyOpen = b.NormallyOpen,
            });
        }

        foreach (DeviceDraft d in _devices)
        {
            builder.AddDevice(new DeviceSpec(d.Id, d.Branch.Id, d.AtBus, d.Kind, d.Location) { NormallyOpen = d.NormallyOpen });
        }

        foreach (LoadPointSpec load in _loads)
        {
            // A load on an unconnected bus was reported above; adding it would report the same problem again.
            if (busIndex.ContainsKey(load.Bus))
            {
                builder.AddLoadPoint(load);
            }
        }

        return builder.Build();
    }

    private double[] NominalKv(Dictionary<string, int> busIndex, int count, string sourceBus, double sourceKv)
    {
        // Breadth-first from the source over every branch, open or not: lines keep the voltage, transformers scale it by
        // their winding ratio. Buses not reached keep NaN (unknown).
        var kv = new double[count];
        Array.Fill(kv, double.NaN);
        var rowStart = new int[count + 1];
        foreach (BranchDraft b in _branches)
        {
            rowStart[busIndex[b.From] + 1]++;
            rowStart[busIndex[b.To] + 1]++;
        }

        for (int i = 0; i < count; i++)
        {
            rowStart[i + 1] += rowStart[i];
        }

        var fill = (int[])rowStart.Clone();
        var neighbor = new int[rowStart[count]];
        var ratio = new double[rowStart[count]];
        foreach (BranchDraft b in _branches)
        {
            int f = busIndex[b.From];
            int t = busIndex[b.To];
            double r = b.Kind == BranchKind.Transformer && b.KvRatio > 0 && double.IsFinite(b.KvRatio) ? b.KvRatio : 1;
            neighbor[fill[f]] = t;
            ratio[fill[f]++] = r;
            neighbor[fill[t]] = f;
            ratio[fill[t]++] = 1 / r;
        }

        var queue = new int[count];
        int head = 0;
        int tail = 0;
        int source = busIndex[sourceBus];
        kv[source] = sourceKv;
        queue[tail++] = source;
        while (head < tail)
        {
            int v = queue[head++];
            for (int k = rowStart[v]; k < rowStart[v + 1]; k++)
            {
                int w = neighbor[k];
                if (double.IsNaN(kv[w]))
                {
                    kv[w] = kv[v] * ratio[k];
                    queue[tail++] = w;
                }
            }
        }

        return kv;
    }

    private sealed class LineCodeInfo
    {
        public double RPerUnit { get; set; }

        public double XPerUnit { get; set; }

        /// <summary>km per length unit of the code; NaN when the code has no units.</summary>
        public double KmPerUnit { get; set; }

        public double NormAmps { get; set; }

        public bool IsCable { get; set; }
    }

    private sealed class TransformerData
    {
        public double XhlPercent = 7;
        public double XhtPercent = 35;
        public bool Enabled = true;

        public int Windings { get; private set; }

        public string?[] Buses { get; private set; } = [];

        public SourceLocation[] BusAt { get; private set; } = [];

        public double[] Kv { get; private set; } = [];

        public double[] Kva { get; private set; } = [];

        public double[] RPercent { get; private set; } = [];

        public void Resize(int windings)
        {
            int old = Windings;
            Windings = windings;
            Buses = Grow(Buses, windings, null);
            BusAt = Grow(BusAt, windings, default);
            Kv = Grow(Kv, windings, 12.47);
            Kva = Grow(Kva, windings, old > 0 ? Kva[0] : 1000);
            RPercent = Grow(RPercent, windings, 0.2);
        }

        private static T[] Grow<T>(T[] array, int length, T fill)
        {
            var result = new T[length];
            for (int i = 0; i < length; i++)
            {
                result[i] = i < array.Length ? array[i] : fill;
            }

            return result;
        }
    }

    private sealed class TransformerGroup(BranchDraft branch)
    {
        public BranchDraft Branch { get; } = branch;

        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);

        public double RatingKva { get; set; }

        public double SumROhm { get; set; }

        public double SumXOhm { get; set; }
    }

    private sealed class BranchDraft(string id, string from, string to, BranchKind kind, SourceLocation location)
    {
        public string Id { get; } = id;

        public string From { get; set; } = from;

        public string To { get; set; } = to;

        public BranchKind Kind { get; } = kind;

        public SourceLocation Location { get; } = location;

        public double LengthKm { get; set; }

        public double ROhm { get; set; }

        public double XOhm { get; set; }

        public double Rating { get; set; } = double.NaN;

        public bool NormallyOpen { get; set; }

        public bool IsSwitch { get; set; }

        /// <summary>Number of parallel OpenDSS elements merged into this branch.</summary>
        public int Units { get; set; } = 1;

        /// <summary>To-side kV over from-side kV (transformers); 1 otherwise.</summary>
        public double KvRatio { get; set; } = 1;
    }

    private sealed class DeviceDraft(string id, BranchDraft branch, DeviceKind kind, SourceLocation location)
    {
        public string Id { get; } = id;

        public BranchDraft Branch { get; } = branch;

        public DeviceKind Kind { get; } = kind;

        public SourceLocation Location { get; } = location;

        public string AtBus { get; set; } = string.Empty;

        public bool NormallyOpen { get; set; }

        /// <summary>True for the switch implied by a line's <c>switch=yes</c>.</summary>
        public bool AutoSwitch { get; init; }
    }
}
