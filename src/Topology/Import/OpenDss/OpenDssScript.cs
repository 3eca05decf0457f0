using Lumen.Topology.Network;

namespace Lumen.Topology.Import.OpenDss;

/// <summary>One property assignment as written, with where it was written.</summary>
/// <param name="Property">Lower-case property name (positional values already named).</param>
/// <param name="Value">The raw value (brackets removed); interpreted only when the importer needs it.</param>
/// <param name="Location">File and line of the assignment.</param>
internal readonly record struct DssAssignment(string Property, string Value, SourceLocation Location);

/// <summary>An OpenDSS object: its class, name and every property assignment in order (edits and <c>like=</c> included).</summary>
/// <remarks>
/// Assignments are replayed in order when the object is interpreted, which gives OpenDSS's "last assignment wins"
/// and the stateful transformer syntax (<c>wdg=2 kv=4.16</c>) without a per-class property model here.
/// </remarks>
internal sealed class DssObject(string className, string name, SourceLocation location)
{
    /// <summary>Lower-case class name (<c>line</c>, <c>transformer</c>, …; the source is <c>circuit</c>).</summary>
    public string ClassName { get; } = className;

    /// <summary>Lower-case object name.</summary>
    public string Name { get; } = name;

    /// <summary>Where the object was created.</summary>
    public SourceLocation Location { get; } = location;

    /// <summary>Assignments in the order they were made.</summary>
    public List<DssAssignment> Assignments { get; } = [];

    /// <summary>The last value assigned to <paramref name="property"/>, or null.</summary>
    public DssAssignment? Last(string property)
    {
        for (int i = Assignments.Count - 1; i >= 0; i--)
        {
            if (Assignments[i].Property == property)
            {
                return Assignments[i];
            }
        }

        return null;
    }
}

/// <summary>An <c>Open</c> or <c>Close</c> command.</summary>
internal readonly record struct DssSwitchCommand(string ClassName, string Name, int Terminal, bool Open, SourceLocation Location);

/// <summary>
/// Executes an OpenDSS script as far as the topology needs: follows Redirect/Compile, records objects and their
/// property assignments, Open/Close commands and bus coordinates, and reports syntax problems.
/// </summary>
/// <remarks>Not thread-safe; one instance per import. File nesting is bounded by <see cref="MaxFileDepth"/>.</remarks>
internal sealed class OpenDssScript
{
    /// <summary>Deepest Redirect/Compile nesting accepted (guards against a file that redirects to itself indirectly).</summary>
    public const int MaxFileDepth = 32;

    private static readonly HashSet<string> s_ignoredCommands = new(StringComparer.Ordinal)
    {
        "solve", "show", "plot", "calcvoltagebases", "calcv", "export", "interpolate", "help", "summary",
        "batchedit", "closedi", "sample", "reset", "makebuslist", "visualize", "dump", "cleanup", "totals", "voltexception",
        "var", "get", "select", "save", "fileedit", "formedit", "zsc", "zsc10", "allocateloads", "estimate", "reprocessbuses",
        "setkvbase", "disable", "enable", "_initsnap", "_solvenocontrol", "_samplecontrols", "_docontrolactions",
        "_shownoncontrol", "_solvedirect", "_solvepflow", "addbusmarker", "guids", "aligncol", "uuids", "currents",
        "powers", "voltages", "losses", "phaselosses", "cktlosses", "nodelist", "lambdas", "variable", "relcalc",
        "calcincmatrix", "calclaplacian", "clearbusmarkers", "fncspublish", "tear", "obfuscate", "seqcurrents",
    };

    private readonly List<DssToken> _tokens = [];
    private readonly List<string> _fileStack = [];
    private readonly HashSet<string> _warnedKeys = new(StringComparer.Ordinal);
    private DssObject? _active;

    /// <summary>Objects by class, then by lower-case name, in creation order within each class.</summary>
    public Dictionary<string, List<DssObject>> ObjectsByClass { get; } = new(StringComparer.Ordinal);

    /// <summary>Index into <see cref="ObjectsByClass"/>: key <c>class.name</c>.</summary>
    public Dictionary<string, DssObject> ObjectIndex { get; } = new(StringComparer.Ordinal);

    /// <summary>Open and Close commands in script order.</summary>
    public List<DssSwitchCommand> SwitchCommands { get; } = [];

    /// <summary>Bus coordinates by lower-case bus name, with the place they were read from.</summary>
    public Dictionary<string, (double X, double Y, SourceLocation Location)> Coordinates { get; } = new(StringComparer.Ordinal);

    /// <summary>Every problem found so far.</summary>
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The frequency given by <c>Set DefaultBaseFrequency=…</c> (Hz); null when the script does not set it.</summary>
    public double? DefaultBaseFrequency { get; private set; }

    /// <summary>Finds an object by class and name (both lower case).</summary>
    public DssObject? Find(string className, string name) =>
        ObjectIndex.TryGetValue(className + "." + name, out DssObject? o) ? o : null;

    /// <summary>Runs a script file (the master).</summary>
    public void RunFile(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            string? resolved = ResolvePath(Path.GetDirectoryName(full) ?? ".", Path.GetFileName(full));
            if (resolved is null)
            {
                Diagnostics.Add(new Diagnostic(new SourceLocation(full, 0), string.Empty, $"master file '{full}' not found"));
                return;
            }

            full = resolved;
        }

        Execute(full);
    }

    /// <summary>
    /// Resolves <paramref name="relative"/> against <paramref name="directory"/>, matching each path segment
    /// case-insensitively when the exact spelling does not exist (OpenDSS scripts come from Windows).
    /// </summary>
    /// <returns>The full path of an existing file, or null.</returns>
    public static string? ResolvePath(string directory, string relative)
    {
        string cleaned = relative.Trim().Replace('\\', '/');
        if (cleaned.Length == 0)
        {
            return null;
        }

        string exact = Path.GetFullPath(Path.Combine(directory, cleaned));
        if (File.Exists(exact))
        {
            return exact;
        }

        string current = Path.IsPathRooted(cleaned) ? Path.GetPathRoot(exact) ?? "/" : directory;
        string[] segments = cleaned.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(Path.GetFullPath(current)) ?? current;
                continue;
            }

            string candidate = Path.Combine(current, segment);
            if (Directory.Exists(candidate) || File.Exists(candidate))
            {
                current = candidate;
                continue;
            }

            if (!Directory.Exists(current))
            {
                return null;
            }

            string? match = null;
            foreach (string entry in Directory.EnumerateFileSystemEntries(current))
            {
                if (string.Equals(Path.GetFileName(entry), segment, StringComparison.OrdinalIgnoreCase))
                {
                    match = entry;
                    break;
                }
            }

            if (match is null)
            {
                return null;
            }

            current = match;
        }

        return File.Exists(current) ? Path.GetFullPath(current) : null;
    }

    private void Execute(string fullPath)
    {
        if (_fileStack.Count >= MaxFileDepth || _fileStack.Contains(fullPath, StringComparer.Ordinal))
        {
            string from = _fileStack.Count > 0 ? _fileStack[^1] : string.Empty;
            Diagnostics.Add(new Diagnostic(new SourceLocation(from, 0), "redirect", $"'{fullPath}' is already being read: Redirect/Compile loop"));
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(fullPath);
        }
        catch (IOException ex)
        {
            Diagnostics.Add(new Diagnostic(new SourceLocation(fullPath, 0), string.Empty, $"cannot read the file: {ex.Message}"));
            return;
        }

        _fileStack.Add(fullPath);
        bool inBlockComment = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (inBlockComment || line.TrimStart().StartsWith("/*", StringComparison.Ordinal))
            {
                // OpenDSS block comments: /* at the start of a line up to the next */.
                int end = line.IndexOf("*/", StringComparison.Ordinal);
                inBlockComment = end < 0;
                if (end < 0)
                {
                    continue;
                }

                line = line[(end + 2)..];
            }

            ExecuteLine(line, new SourceLocation(fullPath, i + 1));
        }

        _fileStack.RemoveAt(_fileStack.Count - 1);
    }

    private void ExecuteLine(string line, SourceLocation location)
    {
        OpenDssLexer.Tokenize(line, _tokens, out string? error, out string errorField);
        if (error is not null)
        {
            Diagnostics.Add(new Diagnostic(location, errorField, error));
            return;
        }

        if (_tokens.Count == 0)
        {
            return;
        }

        DssToken first = _tokens[0];
        if (first.Name is not null)
        {
            ExecutePropertyEdit(first, location);
            return;
        }

        string verb = first.Value.ToLowerInvariant();
        switch (verb)
        {
            case "~":
            case "more":
            case "m":
                if (_active is null)
                {
                    Diagnostics.Add(new Diagnostic(location, string.Empty, "continuation line ('~' or 'more') with no object being defined"));
                }
                else
                {
                    AddProperties(_active, 1, location);
                }

                return;
            case "new":
                ExecuteNew(location);
                return;
            case "edit":
                ExecuteEdit(location);
                return;
            case "redirect":
            case "compile":
                ExecuteRedirect(verb, location);
                return;
            case "clear":
            case "clearall":
                ObjectsByClass.Clear();
                ObjectIndex.Clear();
                SwitchCommands.Clear();
                Coordinates.Clear();
                _active = null;
                return;
            case "open":
            case "close":
                ExecuteOpenClose(verb == "open", location);
                return;
            case "set":
                ExecuteSet(location);
                return;
            case "buscoords":
            case "buscoordinates":
                ExecuteBusCoords(verb, location);
                return;
            default:
                if (!s_ignoredCommands.Contains(verb) && _warnedKeys.Add("command:" + verb))
                {
                    Diagnostics.Add(new Diagnostic(location, string.Empty, $"command '{first.Value}' is not used by the topology import and is ignored", DiagnosticSeverity.Warning));
                }

                return;
        }
    }

    private void ExecuteSet(SourceLocation location)
    {
        // Only the base frequency matters to the model (line capacitance, reactances); other options are solution settings.
        for (int t = 1; t < _tokens.Count; t++)
        {
            if (_tokens[t].Name is "defaultbasefrequency" or "basefrequency")
            {
                if (OpenDssLexer.TryParseDouble(_tokens[t].Value, out double hz, out _) && hz > 0)
                {
                    DefaultBaseFrequency = hz;
                }
                else
                {
                    Diagnostics.Add(new Diagnostic(location, _tokens[t].Name!, $"base frequency '{_tokens[t].Value}' must be a positive number of Hz"));
                }
            }
        }
    }

    private void ExecuteNew(SourceLocation location)
    {
        if (!TryTarget(location, "new", out string className, out string name))
        {
            return;
        }

        if (className == "vsource" && name == "source")
        {
            className = "circuit";
        }

        if (className == "circuit")
        {
            // One circuit per script: a new one replaces the old definition (OpenDSS requires Clear first).
            if (ObjectsByClass.TryGetValue("circuit", out List<DssObject>? circuits) && circuits.Count > 0)
            {
                ObjectIndex.Remove("circuit." + circuits[0].Name);
                circuits.Clear();
            }
        }

        var obj = new DssObject(className, name, location);
        string key = className + "." + name;
        if (!ObjectsByClass.TryGetValue(className, out List<DssObject>? list))
        {
            list = [];
            ObjectsByClass.Add(className, list);
        }

        if (ObjectIndex.TryGetValue(key, out DssObject? existing))
        {
            Diagnostics.Add(new Diagnostic(location, string.Empty, $"{className}.{name} is defined again (first at {existing.Location}); the new definition replaces it", DiagnosticSeverity.Warning));
            list[list.IndexOf(existing)] = obj;
            ObjectIndex[key] = obj;
        }
        else
        {
            list.Add(obj);
            ObjectIndex.Add(key, obj);
        }

        _active = obj;
        AddProperties(obj, 2, location);
    }

    private void ExecuteEdit(SourceLocation location)
    {
        if (!TryTarget(location, "edit", out string className, out string name))
        {
            return;
        }

        DssObject? obj = FindForEdit(className, name);
        if (obj is null)
        {
            Diagnostics.Add(new Diagnostic(location, "edit", $"{className}.{name} is not defined"));
            _active = null;
            return;
        }

        _active = obj;
        AddProperties(obj, 2, location);
    }

    private void ExecutePropertyEdit(DssToken first, SourceLocation location)
    {
        // Either Class.Name.Property=value … or Property=value … on the active object.
        string qualified = first.Name!;
        int lastDot = qualified.LastIndexOf('.');
        int firstDot = qualified.IndexOf('.');
        DssObject? obj;
        string property;
        if (lastDot > firstDot && firstDot > 0)
        {
            string className = qualified[..firstDot];
            string name = qualified[(firstDot + 1)..lastDot];
            property = qualified[(lastDot + 1)..];
            obj = FindForEdit(className, name);
            if (obj is null)
            {
                Diagnostics.Add(new Diagnostic(location, property, $"{className}.{name} is not defined"));
                return;
            }
        }
        else
        {
            obj = _active;
            property = qualified;
            if (obj is null)
            {
                Diagnostics.Add(new Diagnostic(location, property, $"'{qualified}=' is neither a command nor a property of an object being defined"));
                return;
            }
        }

        _active = obj;
        _tokens[0] = new DssToken(property, first.Value, first.Grouped);
        AddProperties(obj, 0, location);
    }

    private DssObject? FindForEdit(string className, string name)
    {
        if (className == "vsource" && name == "source")
        {
            return ObjectsByClass.TryGetValue("circuit", out List<DssObject>? c) && c.Count > 0 ? c[0] : null;
        }

        return Find(className, name);
    }

    private bool TryTarget(SourceLocation location, string verb, out string className, out string name)
    {
        className = string.Empty;
        name = string.Empty;
        if (_tokens.Count < 2 || (_tokens[1].Name is not null && _tokens[1].Name != "object"))
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"'{verb}' needs an object as Class.Name"));
            _active = null;
            return false;
        }

        string target = _tokens[1].Value.Trim();
        int dot = target.IndexOf('.');
        if (dot <= 0 || dot == target.Length - 1)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"'{target}' is not of the form Class.Name"));
            _active = null;
            return false;
        }

        className = target[..dot].ToLowerInvariant();
        name = target[(dot + 1)..].ToLowerInvariant();
        return true;
    }

    private void AddProperties(DssObject obj, int start, SourceLocation location)
    {
        string[] order = OpenDssSchema.PropertyOrder(obj.ClassName);
        int index = -1;
        for (int t = start; t < _tokens.Count; t++)
        {
            DssToken token = _tokens[t];
            string property;
            if (token.Name is not null)
            {
                property = token.Name;
                index = Array.IndexOf(order, property);
            }
            else
            {
                index++;
                if (index >= order.Length)
                {
                    continue;
                }

                property = order[index];
            }

            if (property == "like")
            {
                DssObject? source = Find(obj.ClassName, token.Value.Trim().ToLowerInvariant());
                if (source is null)
                {
                    Diagnostics.Add(new Diagnostic(location, "like", $"{obj.ClassName}.{obj.Name}: like={token.Value} names no {obj.ClassName} defined before"));
                }
                else if (!ReferenceEquals(source, obj))
                {
                    obj.Assignments.AddRange(source.Assignments);
                }

                continue;
            }

            obj.Assignments.Add(new DssAssignment(property, token.Value, location));
        }
    }

    private void ExecuteRedirect(string verb, SourceLocation location)
    {
        if (_tokens.Count < 2)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"'{verb}' needs a file name"));
            return;
        }

        string relative = _tokens[1].Value;
        string directory = Path.GetDirectoryName(location.File) ?? ".";
        string? resolved = ResolvePath(directory, relative);
        if (resolved is null)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"file '{relative}' not found in '{directory}' (names compared case-insensitively)"));
            return;
        }

        Execute(resolved);
    }

    private void ExecuteOpenClose(bool open, SourceLocation location)
    {
        string verb = open ? "open" : "close";
        if (_tokens.Count < 2 || _tokens[1].Name is not null)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"'{verb}' needs an element as Class.Name"));
            return;
        }

        string target = _tokens[1].Value.Trim();
        int dot = target.IndexOf('.');
        if (dot <= 0)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"'{target}' is not of the form Class.Name"));
            return;
        }

        int terminal = 1;
        for (int t = 2; t < _tokens.Count; t++)
        {
            DssToken token = _tokens[t];
            if (token.Name is null || token.Name == "terminal" || token.Name == "term")
            {
                if (!OpenDssLexer.TryParseDouble(token.Value, out double value, out _) || value < 1 || value > 3 || value != Math.Floor(value))
                {
                    Diagnostics.Add(new Diagnostic(location, "terminal", $"terminal '{token.Value}' must be 1 or 2"));
                    return;
                }

                terminal = (int)value;
                break;
            }
        }

        SwitchCommands.Add(new DssSwitchCommand(target[..dot].ToLowerInvariant(), target[(dot + 1)..].ToLowerInvariant(), terminal, open, location));
    }

    private void ExecuteBusCoords(string verb, SourceLocation location)
    {
        if (_tokens.Count < 2)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"'{verb}' needs a file name"));
            return;
        }

        string relative = _tokens[1].Value;
        string directory = Path.GetDirectoryName(location.File) ?? ".";
        string? resolved = ResolvePath(directory, relative);
        if (resolved is null)
        {
            Diagnostics.Add(new Diagnostic(location, verb, $"file '{relative}' not found in '{directory}' (names compared case-insensitively)"));
            return;
        }

        string[] lines = File.ReadAllLines(resolved);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            int cut = line.Length;
            int bang = line.IndexOf('!');
            int slashes = line.IndexOf("//", StringComparison.Ordinal);
            if (bang >= 0)
            {
                cut = bang;
            }

            if (slashes >= 0 && slashes < cut)
            {
                cut = slashes;
            }

            string[] parts = line[..cut].Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var at = new SourceLocation(resolved, i + 1);
            if (parts.Length < 3)
            {
                Diagnostics.Add(new Diagnostic(at, "y", $"bus '{parts[0]}' has no x and y coordinates"));
                continue;
            }

            if (!OpenDssLexer.TryParseDouble(parts[1], out double x, out _))
            {
                Diagnostics.Add(new Diagnostic(at, "x", $"bus '{parts[0]}': x coordinate '{parts[1]}' is not a number"));
                continue;
            }

            if (!OpenDssLexer.TryParseDouble(parts[2], out double y, out _))
            {
                Diagnostics.Add(new Diagnostic(at, "y", $"bus '{parts[0]}': y coordinate '{parts[2]}' is not a number"));
                continue;
            }

            Coordinates[OpenDssLexer.BusName(parts[0])] = (x, y, at);
        }
    }
}
