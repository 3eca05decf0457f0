using System.Globalization;
using System.Text;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Voltage;

/// <summary>The outcome of computing statistics from a readings file.</summary>
/// <param name="Statistics">The statistics; null when any error was found (no row is dropped silently).</param>
/// <param name="Diagnostics">Errors naming file, line and field (the first <see cref="VoltageReadingsReader.MaxDiagnostics"/>, then a count).</param>
/// <param name="Readings">Data rows read.</param>
public sealed record VoltageStatisticsReadResult(VoltageStatistics? Statistics, IReadOnlyList<Diagnostic> Diagnostics, long Readings)
{
    /// <summary>True when statistics were computed.</summary>
    public bool Succeeded => Statistics is not null;
}

/// <summary>One reading the reader accepted (a store keeps them; the statistics do not need them).</summary>
/// <param name="PointId">Metering point.</param>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Timestamp">Reading time with its offset.</param>
/// <param name="VoltageV">Measured voltage, volts.</param>
/// <param name="NominalV">The point's nominal voltage as the profile names it, volts.</param>
/// <param name="AreaId">The point's area (its own id when the file gives none).</param>
/// <param name="FeederId">The point's feeder, or null.</param>
public readonly record struct VoltageReading(string PointId, int Line, DateTimeOffset Timestamp, double VoltageV, double NominalV, string AreaId, string? FeederId);

/// <summary>
/// Streams a readings CSV (<c>point_id,timestamp,voltage_v,nominal_v</c>, optional <c>area_id</c>, <c>feeder_id</c>)
/// into a <see cref="VoltageStatisticsAccumulator"/>. Timestamps are ISO 8601; without an offset they get
/// <see cref="VoltageStatisticsOptions.DefaultOffset"/>. Rows must be in time order per point; points may interleave.
/// </summary>
/// <remarks>
/// O(rows) time, memory bounded by points and groups: the file is read line by line, never held. Quoted fields
/// (RFC 4180, no embedded line breaks) are accepted. A point's nominal voltage, area and feeder must not change between rows.
/// </remarks>
public static class VoltageReadingsReader
{
    /// <summary>Diagnostics listed before the rest are only counted.</summary>
    public const int MaxDiagnostics = 100;

    // The highest transmission voltage in service (1000 kV AC): a nominal voltage above it is a typo.
    private const double MaxNominalV = 1_000_000;

    private static readonly string[] s_required = ["point_id", "timestamp", "voltage_v", "nominal_v"];
    private static readonly string[] s_optional = ["area_id", "feeder_id"];

    /// <summary>Reads <paramref name="path"/> and computes statistics under <paramref name="profile"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="profile">Limits and minimum episode duration.</param>
    /// <param name="options">Interval, offset and episode options; defaults when null.</param>
    /// <param name="progress">Receives the share of the file read, 0..1, about every 64k rows; may be null.</param>
    /// <param name="cancellationToken">Stops reading (throws <see cref="OperationCanceledException"/>).</param>
    /// <param name="onReading">Receives every accepted reading in file order (also when later rows turn out invalid); may be null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="profile"/> is null.</exception>
    public static VoltageStatisticsReadResult Read(
        string path,
        VoltageProfile profile,
        VoltageStatisticsOptions? options = null,
        IProgress<double>? progress = null,
        CancellationToken cancellationToken = default,
        Action<VoltageReading>? onReading = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(profile);
        options ??= VoltageStatisticsOptions.Default;
        string file = Path.GetFileName(path);
        var diagnostics = new List<Diagnostic>();
        long errors = 0;
        void Error(int line, string field, string message)
        {
            errors++;
            if (diagnostics.Count < MaxDiagnostics)
            {
                diagnostics.Add(new Diagnostic(new SourceLocation(file, line), field, message));
            }
        }

        var accumulator = new VoltageStatisticsAccumulator(profile, options);
        long rows = 0;
        if (!StrictCsv.TryOpenText(path, file, diagnostics, out StreamReader reader))
        {
            return new VoltageStatisticsReadResult(null, diagnostics, 0);
        }

        using (reader)
        {
            long length = reader.BaseStream.Length;
            int lineNumber = 1;
            string? header;
            try
            {
                header = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                Error(1, string.Empty, StrictCsv.NotUtf8);
                return new VoltageStatisticsReadResult(null, diagnostics, 0);
            }

            if (header is null)
            {
                Error(1, string.Empty, "the file is empty: a header row is required");
                return new VoltageStatisticsReadResult(null, diagnostics, 0);
            }

            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            List<string> names = Split(header);
            for (int i = 0; i < names.Count; i++)
            {
                string name = names[i].Trim().ToLowerInvariant();
                if (!columns.TryAdd(name, i))
                {
                    Error(1, name, $"column '{name}' appears twice");
                }
                else if (Array.IndexOf(s_required, name) < 0 && Array.IndexOf(s_optional, name) < 0)
                {
                    diagnostics.Add(new Diagnostic(new SourceLocation(file, 1), name, $"unknown column '{name}' is ignored", DiagnosticSeverity.Warning));
                }
            }

            foreach (string required in s_required)
            {
                if (!columns.ContainsKey(required))
                {
                    Error(1, required, $"required column '{required}' is missing (header: {header})");
                }
            }

            if (errors > 0)
            {
                return new VoltageStatisticsReadResult(null, diagnostics, 0);
            }

            int cPoint = columns["point_id"];
            int cTime = columns["timestamp"];
            int cVolt = columns["voltage_v"];
            int cNominal = columns["nominal_v"];
            int cArea = columns.TryGetValue("area_id", out int a) ? a : -1;
            int cFeeder = columns.TryGetValue("feeder_id", out int f) ? f : -1;
            var fields = new List<string>(names.Count);
            while (true)
            {
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (DecoderFallbackException)
                {
                    Error(lineNumber + 1, string.Empty, StrictCsv.NotUtf8);
                    break;
                }

                if (line is null)
                {
                    break;
                }

                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                rows++;
                if ((rows & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Report(length > 0 ? (double)reader.BaseStream.Position / length : 0);
                }

                Split(line, fields);
                if (fields.Count != names.Count)
                {
                    Error(lineNumber, string.Empty, $"row has {fields.Count} fields but the header has {names.Count}");
                    continue;
                }

                int tooLong = fields.FindIndex(x => x.Length > StrictCsv.MaxFieldLength);
                if (tooLong >= 0)
                {
                    Error(lineNumber, names[tooLong].Trim(), $"{fields[tooLong].Length:N0} characters; at most {StrictCsv.MaxFieldLength:N0} ('{StrictCsv.Quote(fields[tooLong])}')");
                    continue;
                }

                string pointId = fields[cPoint].Trim();
                if (pointId.Length == 0)
                {
                    Error(lineNumber, "point_id", "value is required");
                    continue;
                }

                if (!TryTimestamp(fields[cTime], options.DefaultOffset, out DateTimeOffset timestamp))
                {
                    Error(lineNumber, "timestamp", $"'{StrictCsv.Quote(fields[cTime])}' is not an ISO 8601 timestamp");
                    continue;
                }

                if (!double.TryParse(fields[cVolt], NumberStyles.Float, CultureInfo.InvariantCulture, out double volts) || !double.IsFinite(volts) || volts < 0)
                {
                    Error(lineNumber, "voltage_v", $"'{StrictCsv.Quote(fields[cVolt])}' is not a voltage in volts");
                    continue;
                }

                if (!double.TryParse(fields[cNominal], NumberStyles.Float, CultureInfo.InvariantCulture, out double nominal) || !(nominal > 0) || nominal > MaxNominalV)
                {
                    Error(lineNumber, "nominal_v", $"'{StrictCsv.Quote(fields[cNominal])}' is not a nominal voltage in volts (up to {MaxNominalV:N0} V)");
                    continue;
                }

                string? area = cArea >= 0 && fields[cArea].Trim().Length > 0 ? fields[cArea].Trim() : null;
                string? feeder = cFeeder >= 0 && fields[cFeeder].Trim().Length > 0 ? fields[cFeeder].Trim() : null;
                if (!accumulator.TryGetPoint(pointId, out int point))
                {
                    point = accumulator.RegisterPoint(pointId, nominal, area, feeder, out string? problem);
                    if (point < 0)
                    {
                        Error(lineNumber, "nominal_v", problem!);
                        continue;
                    }
                }
                else
                {
                    (double knownNominal, string knownArea, string? knownFeeder) = accumulator.PointInfo(point);
                    if (!accumulator.Profile.TryGetLimit(nominal, out VoltageLimit l) || l.NominalV != knownNominal)
                    {
                        Error(lineNumber, "nominal_v", string.Create(CultureInfo.InvariantCulture, $"point '{pointId}' changes nominal voltage from {knownNominal} V to {nominal} V"));
                        continue;
                    }

                    if ((area ?? pointId) != knownArea || feeder != knownFeeder)
                    {
                        Error(lineNumber, area != knownArea ? "area_id" : "feeder_id", $"point '{pointId}' changes area or feeder (was '{knownArea}' / '{knownFeeder}')");
                        continue;
                    }
                }

                // Insulation does not survive twice the nominal voltage: a larger reading is a unit error (kV for V?).
                if (volts > 2 * nominal)
                {
                    Error(lineNumber, "voltage_v", string.Create(CultureInfo.InvariantCulture, $"{volts} V is more than twice the nominal {nominal} V (voltage_v is in volts)"));
                    continue;
                }

                switch (accumulator.Add(point, timestamp, volts))
                {
                    case ReadingStatus.Ok when onReading is not null:
                        (double pointNominal, string pointArea, string? pointFeeder) = accumulator.PointInfo(point);
                        onReading(new VoltageReading(pointId, lineNumber, timestamp, volts, pointNominal, pointArea, pointFeeder));
                        break;
                    case ReadingStatus.OutOfOrder:
                        Error(lineNumber, "timestamp", $"point '{pointId}': {fields[cTime]} is earlier than its previous reading (rows must be in time order per point)");
                        break;
                    case ReadingStatus.Duplicate:
                        Error(lineNumber, "timestamp", $"point '{pointId}' already has a reading at {fields[cTime]}");
                        break;
                }
            }
        }

        if (errors > diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error))
        {
            long more = errors - diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            diagnostics.Add(new Diagnostic(new SourceLocation(file, 0), string.Empty, string.Create(CultureInfo.InvariantCulture, $"... and {more} more error(s)")));
        }

        progress?.Report(1);
        return errors > 0
            ? new VoltageStatisticsReadResult(null, diagnostics, rows)
            : new VoltageStatisticsReadResult(accumulator.Complete(), diagnostics, rows);
    }

    /// <summary>Parses an ISO 8601 timestamp; one without an offset gets <paramref name="defaultOffset"/>.</summary>
    public static bool TryTimestamp(string text, TimeSpan defaultOffset, out DateTimeOffset value)
    {
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        int t = s.IndexOfAny('T', ' ');
        bool hasOffset = s.Length > 0 && (s[^1] == 'Z' || s[^1] == 'z' || (t > 0 && s[t..].IndexOfAny('+', '-') > 0));
        if (hasOffset)
        {
            return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
        }

        if (DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime local))
        {
            value = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), defaultOffset);
            return true;
        }

        value = default;
        return false;
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        Split(line, fields);
        return fields;
    }

    private static void Split(string line, List<string> fields)
    {
        fields.Clear();
        if (!line.Contains('"', StringComparison.Ordinal))
        {
            int start = 0;
            while (true)
            {
                int comma = line.IndexOf(',', start);
                if (comma < 0)
                {
                    fields.Add(line[start..]);
                    return;
                }

                fields.Add(line[start..comma]);
                start = comma + 1;
            }
        }

        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
    }
}
