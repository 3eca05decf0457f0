using System.Globalization;
using System.Numerics;
using Lumen.Topology.Network;
using Lumen.Topology.Phases;

namespace Lumen.Topology.Import.OpenDss;

/// <summary>
/// Turns the objects recorded by <see cref="OpenDssScript"/> into the phase-level <see cref="PhaseNetwork"/>: line
/// impedance and capacitance matrices (from line codes, own matrices or sequence data), transformer windings with their
/// connections and taps, loads (wye/delta, ZIP models 1–3 and 5–8, exponential model 4 with exponents 0–2), capacitors, series reactors, regulator
/// controls, load shapes and the source's short-circuit impedance, following OpenDSS's defaults.
/// </summary>
/// <remarks>
/// The balanced import stays the authority on topology errors: anything this mapper cannot model (a 4-wire neutral
/// conductor, a series capacitor, a CVR load) leaves the phase network out with one warning saying why, and the
/// network is solved balanced. Not thread-safe; one instance per import.
/// </remarks>
internal sealed class OpenDssPhaseMapper
{
    private const double DefaultFrequency = 60;

    private readonly OpenDssScript _script;
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, int> _busIndex = new(StringComparer.Ordinal);
    private readonly List<string> _busIds = [];
    private readonly Dictionary<string, LineImpedance> _codes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _openElements = new(StringComparer.Ordinal);
    private readonly double _frequency;

    public OpenDssPhaseMapper(OpenDssScript script)
    {
        _script = script;
        _frequency = script.DefaultBaseFrequency ?? DefaultFrequency;
    }

    /// <summary>Builds the phase network; null with the reasons in <paramref name="problem"/> when it cannot be modelled.</summary>
    public PhaseNetwork? Map(out string? problem)
    {
        foreach (DssSwitchCommand command in _script.SwitchCommands)
        {
            string key = command.ClassName + "." + command.Name;
            if (command.Open)
            {
                _openElements.Add(key);
            }
            else
            {
                _openElements.Remove(key);
            }
        }

        DssObject? circuit = Objects("circuit").Count > 0 ? Objects("circuit")[0] : null;
        if (circuit is null)
        {
            problem = "no circuit";
            return null;
        }

        PhaseSource source = ReadSource(circuit);
        var lines = new List<PhaseLine>();
        foreach (DssObject line in Objects("line"))
        {
            if (ReadLine(line) is { } l)
            {
                lines.Add(l);
            }
        }

        foreach (DssObject reactor in Objects("reactor"))
        {
            if (ReadReactor(reactor) is { } r)
            {
                lines.Add(r);
            }
        }

        var transformers = new List<PhaseTransformer>();
        var transformerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (DssObject transformer in Objects("transformer"))
        {
            if (ReadTransformer(transformer) is { } t)
            {
                transformerIndex[transformer.Name] = transformers.Count;
                transformers.Add(t);
            }
        }

        var loads = new List<PhaseLoad>();
        foreach (DssObject load in Objects("load"))
        {
            if (ReadLoad(load) is { } l)
            {
                loads.Add(l);
            }
        }

        var capacitors = new List<PhaseCapacitor>();
        foreach (DssObject capacitor in Objects("capacitor"))
        {
            if (ReadCapacitor(capacitor) is { } c)
            {
                capacitors.Add(c);
            }
        }

        var regulators = new List<PhaseRegulator>();
        foreach (DssObject control in Objects("regcontrol"))
        {
            if (ReadRegulator(control, transformerIndex, transformers) is { } r)
            {
                regulators.Add(r);
            }
        }

        var shapes = new Dictionary<string, PhaseLoadShape>(StringComparer.Ordinal);
        foreach (DssObject shape in Objects("loadshape"))
        {
            if (ReadLoadShape(shape) is { } s)
            {
                shapes[shape.Name] = s;
            }
        }

        if (_problems.Count > 0)
        {
            problem = string.Join("; ", _problems.Take(3)) + (_problems.Count > 3 ? $"; and {_problems.Count - 3} more" : string.Empty);
            return null;
        }

        double[] baseKv = BaseVoltages(source, lines, transformers);
        problem = null;
        return new PhaseNetwork(_busIds, baseKv, source, lines, transformers, loads, capacitors, regulators, shapes);
    }

    private List<DssObject> Objects(string className) =>
        _script.ObjectsByClass.TryGetValue(className, out List<DssObject>? list) ? list : [];

    private int Bus(string spec, out int[] nodes)
    {
        string t = spec.Trim();
        int dot = t.IndexOf('.');
        string name = (dot < 0 ? t : t[..dot]).ToLowerInvariant();
        if (dot < 0)
        {
            nodes = [];
        }
        else
        {
            string[] parts = t[(dot + 1)..].Split('.', StringSplitOptions.RemoveEmptyEntries);
            nodes = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out nodes[i]) || nodes[i] < 0)
                {
                    _problems.Add($"bus '{spec}' has a node that is not a number");
                    nodes[i] = 0;
                }
            }
        }

        if (!_busIndex.TryGetValue(name, out int index))
        {
            index = _busIds.Count;
            _busIndex.Add(name, index);
            _busIds.Add(name);
        }

        return index;
    }

    /// <summary>Nodes of <paramref name="count"/> conductors: the given ones, then the defaults 1, 2, 3 …</summary>
    private static int[] Fill(int[] given, int count)
    {
        var nodes = new int[count];
        for (int i = 0; i < count; i++)
        {
            nodes[i] = i < given.Length ? given[i] : i + 1;
        }

        return nodes;
    }

    /// <summary>A wye element's phase nodes followed by its neutral (ground unless named).</summary>
    private static int[] WyeNodes(int[] given, int phases)
    {
        var nodes = new int[phases + 1];
        for (int i = 0; i < phases; i++)
        {
            nodes[i] = i < given.Length ? given[i] : i + 1;
        }

        nodes[phases] = given.Length > phases ? given[phases] : 0;
        return nodes;
    }

    private static int[] ElementNodes(int[] given, int phases, PhaseConnection connection) =>
        connection == PhaseConnection.Wye ? WyeNodes(given, phases) : Fill(given, phases == 1 ? 2 : phases);

    private double Number(in DssAssignment a, string owner)
    {
        if (OpenDssLexer.TryParseDouble(a.Value, out double value, out string? error))
        {
            return value;
        }

        _problems.Add($"{owner}: {error}");
        return double.NaN;
    }

    private bool Flag(in DssAssignment a) => OpenDssLexer.TryParseBool(a.Value, out bool value) && value;

    private static PhaseConnection Connection(string text) =>
        text.Trim().ToLowerInvariant() is "delta" or "d" or "ll" ? PhaseConnection.Delta : PhaseConnection.Wye;

    private bool Enabled(DssObject obj)
    {
        DssAssignment? enabled = obj.Last("enabled");
        return (enabled is null || Flag(enabled.Value)) && !_openElements.Contains(obj.ClassName + "." + obj.Name);
    }

    private PhaseSource ReadSource(DssObject circuit)
    {
        string owner = "circuit." + circuit.Name;
        string bus = "sourcebus";
        double kv = 115;
        double pu = 1;
        double angle = 0;
        double mvasc3 = 2000;
        double mvasc1 = 2100;
        double x1r1 = 4;
        double x0r0 = 3;
        double isc3 = double.NaN;
        double isc1 = double.NaN;
        double r1 = 1.65;
        double x1 = 6.6;
        double r0 = 1.9;
        double x0 = 5.7;
        int positive = 0; // 0 MVAsc3, 1 Isc3, 2 ohms
        int zero = 0;
        foreach (DssAssignment a in circuit.Assignments)
        {
            switch (a.Property)
            {
                case "bus1": bus = a.Value; break;
                case "basekv": kv = Number(a, owner); break;
                case "pu": pu = Number(a, owner); break;
                case "angle": angle = Number(a, owner); break;
                case "mvasc3": mvasc3 = Number(a, owner); positive = 0; break;
                case "mvasc1": mvasc1 = Number(a, owner); zero = 0; break;
                case "isc3": isc3 = Number(a, owner); positive = 1; break;
                case "isc1": isc1 = Number(a, owner); zero = 1; break;
                case "x1r1": x1r1 = Number(a, owner); break;
                case "x0r0": x0r0 = Number(a, owner); break;
                case "r1": r1 = Number(a, owner); positive = 2; break;
                case "x1": x1 = Number(a, owner); positive = 2; break;
                case "r0": r0 = Number(a, owner); zero = 2; break;
                case "x0": x0 = Number(a, owner); zero = 2; break;
            }
        }

        int index = Bus(bus, out _);
        Complex z1;
        if (positive == 2)
        {
            z1 = new Complex(r1, x1);
        }
        else
        {
            double mva = positive == 1 ? Math.Sqrt(3) * kv * isc3 / 1000 : mvasc3;
            double magnitude = kv * kv / mva;
            double r = magnitude / Math.Sqrt(1 + (x1r1 * x1r1));
            z1 = new Complex(r, r * x1r1);
        }

        Complex z0;
        if (zero == 2)
        {
            z0 = new Complex(r0, x0);
        }
        else
        {
            // OpenDSS: |2·Z1 + Z0| = 3·V_LN / Isc1 with Z0 at the given X0/R0.
            double amps = zero == 1 ? isc1 : mvasc1 * 1000 / (Math.Sqrt(3) * kv);
            double a = 1 + (x0r0 * x0r0);
            double b = 4 * (z1.Real + (z1.Imaginary * x0r0));
            double c = (4 * ((z1.Real * z1.Real) + (z1.Imaginary * z1.Imaginary))) - Math.Pow(3 * kv * 1000 / Math.Sqrt(3) / amps, 2);
            double root = (-b + Math.Sqrt((b * b) - (4 * a * c))) / (2 * a);
            z0 = new Complex(root, root * x0r0);
        }

        if (!(kv > 0) || !(pu > 0) || !double.IsFinite(z1.Real) || !double.IsFinite(z0.Real))
        {
            _problems.Add($"{owner}: base voltage, pu and short-circuit level must be positive");
        }

        return new PhaseSource(index, kv, pu, angle, z1, z0);
    }

    /// <summary>Per-unit-length impedance of a line code or line, with its units (km per unit; NaN for none).</summary>
    private sealed class LineImpedance
    {
        public int Phases = 3;
        public bool Matrix;
        public double[] R = [];
        public double[] X = [];
        public double[] C = [];
        public double R1 = 0.058;
        public double X1 = 0.1206;
        public double R0 = 0.1784;
        public double X0 = 0.4047;
        public double C1 = 3.4;
        public double C0 = 1.6;
        public double KmPerUnit = double.NaN;
        public double BaseFrequency;

        public LineImpedance Copy() => (LineImpedance)MemberwiseClone();

        /// <summary>Series impedance and shunt admittance matrices over <paramref name="length"/> units.</summary>
        public (Complex[] Z, Complex[] Y) Matrices(int phases, double length, double frequency)
        {
            int n = phases;
            var z = new Complex[n * n];
            var y = new Complex[n * n];
            double xScale = BaseFrequency > 0 ? frequency / BaseFrequency : 1;
            double omega = 2 * Math.PI * frequency * 1e-9;
            if (Matrix && R.Length == n * n)
            {
                for (int i = 0; i < n * n; i++)
                {
                    z[i] = new Complex(R[i], X[i] * xScale) * length;
                    y[i] = new Complex(0, omega * (C.Length == n * n ? C[i] : 0)) * length;
                }

                return (z, y);
            }

            var z1 = new Complex(R1, X1 * xScale);
            var z0 = new Complex(R0, X0 * xScale);
            Complex zs = ((2 * z1) + z0) / 3;
            Complex zm = (z0 - z1) / 3;
            double cs = ((2 * C1) + C0) / 3;
            double cm = (C0 - C1) / 3;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    z[(i * n) + j] = (i == j ? zs : zm) * length;
                    y[(i * n) + j] = new Complex(0, omega * (i == j ? cs : cm)) * length;
                }
            }

            return (z, y);
        }
    }

    private bool Apply(LineImpedance target, in DssAssignment a, string owner)
    {
        switch (a.Property)
        {
            case "nphases":
            case "phases":
                target.Phases = (int)Number(a, owner);
                return true;
            case "r1": target.R1 = Number(a, owner); target.Matrix = false; return true;
            case "x1": target.X1 = Number(a, owner); target.Matrix = false; return true;
            case "r0": target.R0 = Number(a, owner); target.Matrix = false; return true;
            case "x0": target.X0 = Number(a, owner); target.Matrix = false; return true;
            case "c1": target.C1 = Number(a, owner); return true;
            case "c0": target.C0 = Number(a, owner); return true;
            case "b1": target.C1 = Number(a, owner) / (2 * Math.PI * _frequency) * 1000; return true;
            case "b0": target.C0 = Number(a, owner) / (2 * Math.PI * _frequency) * 1000; return true;
            case "rmatrix": target.R = FullMatrix(a, owner); target.Matrix = true; return true;
            case "xmatrix": target.X = FullMatrix(a, owner); target.Matrix = true; return true;
            case "cmatrix": target.C = FullMatrix(a, owner); return true;
            case "basefreq": target.BaseFrequency = Number(a, owner); return true;
            case "units":
                if (!OpenDssSchema.TryKmPerUnit(a.Value, out target.KmPerUnit))
                {
                    _problems.Add($"{owner}: unknown length unit '{a.Value}'");
                }

                return true;
            case "kron":
                if (Flag(a))
                {
                    _problems.Add($"{owner}: Kron reduction of a neutral conductor (kron=yes) is not modelled");
                }

                return true;
            default:
                return false;
        }
    }

    private double[] FullMatrix(in DssAssignment a, string owner)
    {
        var values = new List<double>();
        if (!OpenDssLexer.TryParseArray(a.Value, values, out string? error))
        {
            _problems.Add($"{owner}: {error}");
            return [];
        }

        int count = values.Count;
        int tri = 0;
        while ((tri + 1) * (tri + 2) / 2 <= count)
        {
            tri++;
        }

        int n = tri * (tri + 1) / 2 == count ? tri : (int)Math.Round(Math.Sqrt(count));
        bool triangle = tri * (tri + 1) / 2 == count;
        if (!triangle && n * n != count)
        {
            _problems.Add($"{owner}: matrix '{a.Value}' is neither a lower triangle nor a full square");
            return [];
        }

        var full = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double v = triangle ? values[(i * (i + 1) / 2) + j] : values[(i * n) + j];
                full[(i * n) + j] = v;
                full[(j * n) + i] = v;
            }
        }

        return full;
    }

    private LineImpedance? Code(string name, string owner)
    {
        string key = name.Trim().ToLowerInvariant();
        if (_codes.TryGetValue(key, out LineImpedance? cached))
        {
            return cached;
        }

        DssObject? code = _script.Find("linecode", key);
        if (code is null)
        {
            _problems.Add($"{owner}: line code '{name}' is not defined");
            return null;
        }

        var impedance = new LineImpedance { BaseFrequency = _frequency };
        foreach (DssAssignment a in code.Assignments)
        {
            Apply(impedance, a, "linecode." + key);
        }

        _codes[key] = impedance;
        return impedance;
    }

    private PhaseLine? ReadLine(DssObject line)
    {
        string owner = "line." + line.Name;
        if (!Enabled(line))
        {
            return null;
        }

        var z = new LineImpedance { BaseFrequency = _frequency };
        string bus1 = string.Empty;
        string bus2 = string.Empty;
        double length = 1;
        double lineKmPerUnit = double.NaN;
        bool unitsGiven = false;
        int phases = -1;
        foreach (DssAssignment a in line.Assignments)
        {
            switch (a.Property)
            {
                case "bus1": bus1 = a.Value; break;
                case "bus2": bus2 = a.Value; break;
                case "length": length = Number(a, owner); break;
                case "phases": phases = (int)Number(a, owner); break;
                case "units":
                    unitsGiven = OpenDssSchema.TryKmPerUnit(a.Value, out lineKmPerUnit);
                    break;
                case "linecode":
                    if (Code(a.Value, owner) is { } code)
                    {
                        z = code.Copy();
                        phases = code.Phases;
                    }

                    break;
                case "switch":
                    if (Flag(a))
                    {
                        (z.R1, z.X1, z.R0, z.X0, z.C1, z.C0, z.Matrix, z.KmPerUnit) = (1, 1, 1, 1, 1.1, 1, false, double.NaN);
                        length = 0.001;
                        unitsGiven = false;
                    }

                    break;
                default:
                    Apply(z, a, owner);
                    break;
            }
        }

        int n = phases > 0 ? phases : z.Phases;
        if (z.Matrix && z.R.Length != n * n)
        {
            _problems.Add($"{owner}: its impedance matrix is not {n}×{n}");
            return null;
        }

        // The line's length in the impedance's units (OpenDSS converts when both give units).
        double scaled = unitsGiven && !double.IsNaN(z.KmPerUnit) ? length * lineKmPerUnit / z.KmPerUnit : length;
        (Complex[] zm, Complex[] ym) = z.Matrices(n, scaled, _frequency);
        int from = Bus(bus1, out int[] fromNodes);
        int to = Bus(bus2.Length > 0 ? bus2 : bus1, out int[] toNodes);
        return new PhaseLine(owner, from, to, Fill(fromNodes, n), Fill(toNodes, n), zm, ym);
    }

    private PhaseLine? ReadReactor(DssObject reactor)
    {
        string owner = "reactor." + reactor.Name;
        string? bus1 = null;
        string? bus2 = null;
        int phases = 3;
        double r = 0;
        double x = 0;
        foreach (DssAssignment a in reactor.Assignments)
        {
            switch (a.Property)
            {
                case "bus1": bus1 = a.Value; break;
                case "bus2": bus2 = a.Value; break;
                case "phases": phases = (int)Number(a, owner); break;
                case "r": r = Number(a, owner); break;
                case "x": x = Number(a, owner); break;
                case "rmatrix":
                case "xmatrix":
                    _problems.Add($"{owner}: reactor matrices are not modelled");
                    break;
            }
        }

        if (bus1 is null || bus2 is null || !Enabled(reactor))
        {
            if (bus2 is null && bus1 is not null)
            {
                _problems.Add($"{owner}: shunt reactors are not modelled");
            }

            return null;
        }

        var zm = new Complex[phases * phases];
        for (int i = 0; i < phases; i++)
        {
            zm[(i * phases) + i] = new Complex(r, x);
        }

        int from = Bus(bus1, out int[] fromNodes);
        int to = Bus(bus2, out int[] toNodes);
        return new PhaseLine(owner, from, to, Fill(fromNodes, phases), Fill(toNodes, phases), zm, new Complex[phases * phases]);
    }

    private sealed class WindingDraft
    {
        public string Bus = string.Empty;
        public PhaseConnection Connection = PhaseConnection.Wye;
        public double Kv = 12.47;
        public double Kva = 1000;
        public double RPercent = 0.2;
        public double Tap = 1;
        public double MinTap = 0.9;
        public double MaxTap = 1.1;
        public int NumTaps = 32;
    }

    private PhaseTransformer? ReadTransformer(DssObject transformer)
    {
        string owner = "transformer." + transformer.Name;
        if (!Enabled(transformer))
        {
            return null;
        }

        int phases = 3;
        var windings = new List<WindingDraft> { new(), new() };
        int active = 0;
        double xhl = 7;
        double xht = 35;
        double xlt = 30;
        double imag = 0;
        double noLoad = 0;
        double ppm = 1;
        var values = new List<double>();
        var pending = new List<DssAssignment>(transformer.Assignments);
        void Resize(int count)
        {
            while (windings.Count < count)
            {
                windings.Add(new WindingDraft { Kva = windings[0].Kva });
            }

            if (windings.Count > count)
            {
                windings.RemoveRange(count, windings.Count - count);
            }
        }

        for (int i = 0; i < pending.Count; i++)
        {
            DssAssignment a = pending[i];
            switch (a.Property)
            {
                case "phases": phases = (int)Number(a, owner); break;
                case "windings": Resize((int)Number(a, owner)); break;
                case "wdg": active = Math.Clamp((int)Number(a, owner) - 1, 0, windings.Count - 1); break;
                case "bus": windings[active].Bus = a.Value; break;
                case "conn": windings[active].Connection = Connection(a.Value); break;
                case "kv": windings[active].Kv = Number(a, owner); break;
                case "kva": windings[active].Kva = Number(a, owner); break;
                case "%r": windings[active].RPercent = Number(a, owner); break;
                case "tap": windings[active].Tap = Number(a, owner); break;
                case "maxtap": windings[active].MaxTap = Number(a, owner); break;
                case "mintap": windings[active].MinTap = Number(a, owner); break;
                case "numtaps": windings[active].NumTaps = (int)Number(a, owner); break;
                case "xhl": case "x12": xhl = Number(a, owner); break;
                case "xht": case "x13": xht = Number(a, owner); break;
                case "xlt": case "x23": xlt = Number(a, owner); break;
                case "%imag": imag = Number(a, owner); break;
                case "%noloadloss": noLoad = Number(a, owner); break;
                case "ppm_antifloat": case "ppm": ppm = Number(a, owner); break;
                case "%loadloss":
                    double loss = Number(a, owner);
                    windings[0].RPercent = loss / 2;
                    windings[1].RPercent = loss / 2;
                    break;
                case "buses":
                case "conns":
                    string[] words = OpenDssLexer.SplitWords(a.Value);
                    if (words.Length > windings.Count)
                    {
                        Resize(words.Length);
                    }

                    for (int w = 0; w < words.Length; w++)
                    {
                        if (a.Property == "buses")
                        {
                            windings[w].Bus = words[w];
                        }
                        else
                        {
                            windings[w].Connection = Connection(words[w]);
                        }
                    }

                    break;
                case "kvs":
                case "kvas":
                case "%rs":
                case "taps":
                    if (!OpenDssLexer.TryParseArray(a.Value, values, out string? error))
                    {
                        _problems.Add($"{owner}: {error}");
                        break;
                    }

                    for (int w = 0; w < values.Count && w < windings.Count; w++)
                    {
                        switch (a.Property)
                        {
                            case "kvs": windings[w].Kv = values[w]; break;
                            case "kvas": windings[w].Kva = values[w]; break;
                            case "%rs": windings[w].RPercent = values[w]; break;
                            default: windings[w].Tap = values[w]; break;
                        }
                    }

                    break;
                case "xfmrcode":
                    DssObject? code = _script.Find("xfmrcode", a.Value.Trim().ToLowerInvariant());
                    if (code is null)
                    {
                        _problems.Add($"{owner}: XfmrCode '{a.Value}' is not defined");
                    }
                    else
                    {
                        pending.InsertRange(i + 1, code.Assignments);
                    }

                    break;
            }
        }

        if (windings.Count is < 2 or > 3 || phases is not (1 or 3))
        {
            _problems.Add($"{owner}: {phases}-phase, {windings.Count}-winding transformers are not modelled (1 or 3 phases, 2 or 3 windings)");
            return null;
        }

        var result = new PhaseWinding[windings.Count];
        for (int w = 0; w < windings.Count; w++)
        {
            WindingDraft d = windings[w];
            if (d.Bus.Length == 0 || !(d.Kv > 0) || !(d.Kva > 0) || d.NumTaps < 1)
            {
                _problems.Add($"{owner}: winding {w + 1} needs a bus, positive kV and kVA");
                return null;
            }

            int bus = Bus(d.Bus, out int[] nodes);
            result[w] = new PhaseWinding(bus, ElementNodes(nodes, phases, d.Connection), d.Connection, d.Kv, d.Kva, d.RPercent, d.Tap, d.MinTap, d.MaxTap, d.NumTaps);
        }

        return new PhaseTransformer(owner, phases, result, xhl, xht, xlt, imag, noLoad, ppm);
    }

    private PhaseLoad? ReadLoad(DssObject load)
    {
        string owner = "load." + load.Name;
        if (!Enabled(load))
        {
            return null;
        }

        int phases = 3;
        string bus = string.Empty;
        double kv = 12.47;
        double kw = 10;
        double pf = 0.88;
        double kvar = double.NaN;
        double kva = double.NaN;
        bool kvaLast = false;
        int model = 1;
        PhaseConnection connection = PhaseConnection.Wye;
        string? shape = null;
        double[]? zipv = null;
        double cvrWatts = 1;
        double cvrVars = 2;
        foreach (DssAssignment a in load.Assignments)
        {
            switch (a.Property)
            {
                case "phases": phases = (int)Number(a, owner); break;
                case "bus1": bus = a.Value; break;
                case "kv": kv = Number(a, owner); break;
                case "kw": kw = Number(a, owner); kvaLast = false; break;
                case "pf": pf = Number(a, owner); kvar = double.NaN; break;
                case "kvar": kvar = Number(a, owner); break;
                case "kva": kva = Number(a, owner); kvaLast = true; break;
                case "model": model = (int)Number(a, owner); break;
                case "conn": connection = Connection(a.Value); break;
                case "cvrwatts": cvrWatts = Number(a, owner); break;
                case "cvrvars": cvrVars = Number(a, owner); break;
                case "yearly":
                case "daily":
                    shape = a.Value.Trim().ToLowerInvariant();
                    break;
                case "zipv":
                    var values = new List<double>();
                    if (OpenDssLexer.TryParseArray(a.Value, values, out string? error) && values.Count >= 6)
                    {
                        zipv = [.. values];
                    }
                    else
                    {
                        _problems.Add($"{owner}: zipv needs 7 numbers ({error})");
                    }

                    break;
            }
        }

        double sinPhi = Math.Sqrt(Math.Max(0, 1 - (pf * pf)));
        if (kvaLast && double.IsFinite(kva))
        {
            kw = kva * Math.Abs(pf);
            kvar = Math.Sign(pf) * kva * sinPhi;
        }
        else if (double.IsNaN(kvar))
        {
            kvar = pf == 0 ? 0 : Math.Sign(pf) * kw * sinPhi / Math.Abs(pf);
        }

        ZipShares zip;
        switch (model)
        {
            case 1:
            case 6:
                zip = ZipShares.ConstantPower;
                break;
            case 2:
                zip = ZipShares.ConstantImpedance;
                break;
            case 3:
            case 7:
                zip = new ZipShares(0, 0, 1, 1, 0, 0);
                break;
            case 5:
                zip = ZipShares.ConstantCurrent;
                break;
            case 4 when IsZipExponent(cvrWatts) && IsZipExponent(cvrVars):
                // Exponential (CVR) load: P ∝ V^cvrwatts, Q ∝ V^cvrvars; exponents 0, 1 and 2 are exact ZIP shares.
                zip = new ZipShares(cvrWatts == 2 ? 1 : 0, cvrWatts == 1 ? 1 : 0, cvrWatts == 0 ? 1 : 0, cvrVars == 2 ? 1 : 0, cvrVars == 1 ? 1 : 0, cvrVars == 0 ? 1 : 0);
                break;
            case 8 when zipv is not null:
                zip = new ZipShares(zipv[0], zipv[1], zipv[2], zipv[3], zipv[4], zipv[5]);
                break;
            default:
                _problems.Add($"{owner}: load model {model} is not modelled (1, 2, 3, 5, 6, 7, 4 with exponents 0, 1 or 2, and 8 with zipv are)");
                return null;
        }

        if (bus.Length == 0 || !(kv > 0))
        {
            _problems.Add($"{owner}: needs bus1 and a positive kV");
            return null;
        }

        int index = Bus(bus, out int[] nodes);
        return new PhaseLoad(load.Name, index, ElementNodes(nodes, phases, connection), connection, phases, kw, kvar, kv, zip, shape);
    }

    private static bool IsZipExponent(double exponent) => exponent is 0 or 1 or 2;

    private PhaseCapacitor? ReadCapacitor(DssObject capacitor)
    {
        string owner = "capacitor." + capacitor.Name;
        if (!Enabled(capacitor))
        {
            return null;
        }

        int phases = 3;
        string bus = string.Empty;
        double kv = 12.47;
        double kvar = 1200;
        PhaseConnection connection = PhaseConnection.Wye;
        var values = new List<double>();
        foreach (DssAssignment a in capacitor.Assignments)
        {
            switch (a.Property)
            {
                case "phases": phases = (int)Number(a, owner); break;
                case "bus1": bus = a.Value; break;
                case "kv": kv = Number(a, owner); break;
                case "conn": connection = Connection(a.Value); break;
                case "kvar":
                    if (OpenDssLexer.TryParseArray(a.Value, values, out string? error))
                    {
                        kvar = values.Sum();
                    }
                    else
                    {
                        _problems.Add($"{owner}: {error}");
                    }

                    break;
                case "bus2":
                    _problems.Add($"{owner}: series capacitors are not modelled");
                    break;
            }
        }

        int index = Bus(bus, out int[] nodes);
        return new PhaseCapacitor(owner, index, ElementNodes(nodes, phases, connection), connection, phases, kvar, kv);
    }

    private PhaseRegulator? ReadRegulator(DssObject control, Dictionary<string, int> transformerIndex, List<PhaseTransformer> transformers)
    {
        string owner = "regcontrol." + control.Name;
        if (!Enabled(control))
        {
            return null;
        }

        string? transformer = null;
        int winding = 1;
        double vreg = 120;
        double band = 3;
        double pt = 60;
        double ct = 300;
        double r = 0;
        double x = 0;
        int ptPhase = 1;
        int maxChange = 16;
        foreach (DssAssignment a in control.Assignments)
        {
            switch (a.Property)
            {
                case "transformer": transformer = a.Value.Trim().ToLowerInvariant(); break;
                case "winding": winding = (int)Number(a, owner); break;
                case "vreg": vreg = Number(a, owner); break;
                case "band": band = Number(a, owner); break;
                case "ptratio": pt = Number(a, owner); break;
                case "ctprim": ct = Number(a, owner); break;
                case "r": r = Number(a, owner); break;
                case "x": x = Number(a, owner); break;
                case "ptphase":
                    ptPhase = a.Value.Trim().ToLowerInvariant() is "max" or "min" ? 1 : (int)Number(a, owner);
                    break;
                case "maxtapchange": maxChange = (int)Number(a, owner); break;
            }
        }

        if (transformer is null || !transformerIndex.TryGetValue(transformer, out int t))
        {
            _problems.Add($"{owner}: transformer '{transformer}' is not a modelled transformer");
            return null;
        }

        if (winding < 1 || winding > transformers[t].Windings.Count || !(pt > 0) || !(ct > 0) || maxChange < 1)
        {
            _problems.Add($"{owner}: winding, ptratio, ctprim and maxtapchange must be valid");
            return null;
        }

        return new PhaseRegulator(control.Name, t, winding - 1, vreg, band, pt, ct, r, x, ptPhase - 1, maxChange);
    }

    private PhaseLoadShape? ReadLoadShape(DssObject shape)
    {
        string owner = "loadshape." + shape.Name;
        double minutes = 60;
        int points = 0;
        double[]? multipliers = null;
        foreach (DssAssignment a in shape.Assignments)
        {
            switch (a.Property)
            {
                case "npts": points = (int)Number(a, owner); break;
                case "minterval": minutes = Number(a, owner); break;
                case "sinterval": minutes = Number(a, owner) / 60; break;
                case "interval": minutes = Number(a, owner) * 60; break;
                case "mult":
                    multipliers = Multipliers(a, owner);
                    break;
            }
        }

        if (multipliers is null)
        {
            return null;
        }

        if (points > 0 && points < multipliers.Length)
        {
            multipliers = multipliers[..points];
        }

        return new PhaseLoadShape(minutes, multipliers);
    }

    private double[]? Multipliers(in DssAssignment a, string owner)
    {
        string text = a.Value.Trim();
        var values = new List<double>();
        if (text.StartsWith("file", StringComparison.OrdinalIgnoreCase) && text.Contains('='))
        {
            string relative = text[(text.IndexOf('=') + 1)..].Trim();
            string? path = OpenDssScript.ResolvePath(Path.GetDirectoryName(a.Location.File) ?? ".", relative);
            if (path is null)
            {
                _problems.Add($"{owner}: load shape file '{relative}' not found");
                return null;
            }

            foreach (string line in File.ReadLines(path))
            {
                string first = line.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
                if (first.Length == 0)
                {
                    continue;
                }

                if (!double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                {
                    _problems.Add($"{path}: '{first}' is not a number");
                    return null;
                }

                values.Add(v);
            }

            return [.. values];
        }

        if (!OpenDssLexer.TryParseArray(text, values, out string? error))
        {
            _problems.Add($"{owner}: {error}");
            return null;
        }

        return [.. values];
    }

    /// <summary>Line-to-line base kV of every bus, breadth-first from the source through lines and transformer ratios.</summary>
    private double[] BaseVoltages(PhaseSource source, List<PhaseLine> lines, List<PhaseTransformer> transformers)
    {
        int count = _busIds.Count;
        var neighbours = new List<(int Bus, double Ratio)>[count];
        void Link(int a, int b, double ratio)
        {
            (neighbours[a] ??= []).Add((b, ratio));
            (neighbours[b] ??= []).Add((a, 1 / ratio));
        }

        foreach (PhaseLine line in lines)
        {
            Link(line.FromBus, line.ToBus, 1);
        }

        foreach (PhaseTransformer t in transformers)
        {
            for (int w = 1; w < t.Windings.Count; w++)
            {
                Link(t.Windings[0].Bus, t.Windings[w].Bus, t.Windings[w].Kv / t.Windings[0].Kv);
            }
        }

        var kv = new double[count];
        Array.Fill(kv, double.NaN);
        kv[source.Bus] = source.BaseKvLl;
        var queue = new Queue<int>();
        queue.Enqueue(source.Bus);
        while (queue.Count > 0)
        {
            int v = queue.Dequeue();
            if (neighbours[v] is null)
            {
                continue;
            }

            foreach ((int w, double ratio) in neighbours[v])
            {
                if (double.IsNaN(kv[w]))
                {
                    kv[w] = kv[v] * ratio;
                    queue.Enqueue(w);
                }
            }
        }

        return kv;
    }
}
