using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Lumen.Topology.Network;

/// <summary>
/// A built network and its study case in a compact binary form that loads without parsing or re-validating the CSV
/// it came from: the element arrays are written as they are held in memory, strings once each (low-cardinality
/// columns such as feeders and classes as a table of distinct values plus one code per element), each string column
/// as one block of UTF-8 bytes with the end offset of every string, so that reading can skip over it and decode the
/// columns and index the ids on all cores at once.
/// </summary>
/// <remarks>
/// Layout: an 8-byte magic, a format version, the payload length, the payload's XxHash128, then the payload. Reading
/// checks all of them and every stored index, kind and id, so a damaged or foreign image is an
/// <see cref="InvalidDataException"/>, never a network that crashes later. The checksum detects damage, not forgery:
/// images are written and read only by the store that owns them. Little-endian machines only (x64, Arm64).
/// </remarks>
/// <param name="Network">The network.</param>
/// <param name="Case">The study case it was imported with.</param>
public sealed record NetworkImage(Network Network, StudyCase Case)
{
    /// <summary>The format this code writes and reads; an image of another version is rejected (rebuild it from the files).</summary>
    /// <remarks>Format 1 (strings one by one, SHA-256) is no longer read: its stores rebuild the image from their files once.</remarks>
    public const int FormatVersion = 2;

    private const int HashLength = 16;
    private const int HeaderLength = 8 + 4 + 8 + HashLength;
    private static ReadOnlySpan<byte> Magic => "LUMENNET"u8;

    /// <summary>Writes the image to <paramref name="stream"/>.</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        NetworkData d = Network.Data;
        using var payload = new MemoryStream(EstimateSize(d));
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Case.Id);
            w.Write(Case.AlternateSupply);
            w.Write((byte)Case.TransformerOutage);
            w.Write(Case.SwitchingTimeHours);
            w.Write(Case.FuseReliability);
            w.Write(Case.BreakerReliability);

            w.Write(d.NodeIds.Length);
            w.Write(d.EdgeIds.Length);
            w.Write(d.DeviceIds.Length);
            w.Write(d.LoadPointIds.Length);
            w.Write(d.Sources.Length);

            WriteStrings(w, d.NodeIds);
            WriteRaw<NodeKind>(w, d.NodeKinds);
            WriteRaw<double>(w, d.NominalKv);
            WriteRaw<double>(w, d.NodeX);
            WriteRaw<double>(w, d.NodeY);
            WriteLocations(w, d.NodeLocations, d.NodeIds.Length);

            WriteStrings(w, d.EdgeIds);
            WriteRaw<int>(w, d.EdgeFrom);
            WriteRaw<int>(w, d.EdgeTo);
            WriteRaw<BranchKind>(w, d.EdgeKinds);
            WriteRaw<double>(w, d.LengthKm);
            WriteRaw<double>(w, d.FailureRatePerYear);
            WriteRaw<double>(w, d.RepairHours);
            WriteRaw<double>(w, d.ReplacementHours);
            WriteRaw<bool>(w, d.EdgeNormallyOpen);
            WriteRaw<double>(w, d.ROhm);
            WriteRaw<double>(w, d.XOhm);
            WriteRaw<double>(w, d.EdgeRating);
            WriteRaw<double>(w, d.EdgeTapPu);
            WriteCoded(w, d.EdgeFeeder);
            WriteAssets(w, d.EdgeAssets);
            WriteLocations(w, d.EdgeLocations, d.EdgeIds.Length);

            WriteStrings(w, d.DeviceIds);
            WriteRaw<int>(w, d.DeviceEdge);
            WriteRaw<int>(w, d.DeviceNode);
            WriteRaw<DeviceKind>(w, d.DeviceKinds);
            WriteRaw<bool>(w, d.DeviceNormallyOpen);
            WriteRaw<bool>(w, d.DeviceAutomated);
            WriteRaw<double>(w, d.DeviceOperatingTimeHours);
            WriteRaw<double>(w, d.DeviceOperatingProbability);
            WriteAssets(w, d.DeviceAssets);

            WriteStrings(w, d.LoadPointIds);
            WriteRaw<int>(w, d.LoadPointNode);
            WriteRaw<int>(w, d.Customers);
            WriteRaw<double>(w, d.AverageKw);
            WriteRaw<double>(w, d.PeakKw);
            WriteRaw<double>(w, d.PeakKvar);
            WriteCoded(w, d.CustomerClass);

            WriteRaw<int>(w, d.Sources);
        }

        ReadOnlySpan<byte> body = payload.GetBuffer().AsSpan(0, (int)payload.Length);
        Span<byte> header = stackalloc byte[HeaderLength];
        Magic.CopyTo(header);
        BitConverter.TryWriteBytes(header[8..], FormatVersion);
        BitConverter.TryWriteBytes(header[12..], (long)body.Length);
        XxHash128.Hash(body, header[20..]);
        stream.Write(header);
        stream.Write(body);
    }

    /// <summary>Reads a image written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a image of this format version, is truncated or damaged, or describes an inconsistent network.</exception>
    public static NetworkImage Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        Span<byte> header = stackalloc byte[HeaderLength];
        if (stream.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength || !header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("not a Lumen network image");
        }

        int version = BitConverter.ToInt32(header[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"network image format {version} is not the supported format {FormatVersion}");
        }

        long length = BitConverter.ToInt64(header[12..]);
        if (length < 0 || length > Array.MaxLength)
        {
            throw new InvalidDataException($"network image payload length {length} is out of range");
        }

        byte[] body = GC.AllocateUninitializedArray<byte>((int)length);
        if (stream.ReadAtLeast(body, body.Length, throwOnEndOfStream: false) < body.Length)
        {
            throw new InvalidDataException("network image is truncated");
        }

        Span<byte> hash = stackalloc byte[HashLength];
        XxHash128.Hash(body, hash);
        if (!hash.SequenceEqual(header[20..]))
        {
            throw new InvalidDataException("network image checksum does not match: the stored form is damaged");
        }

        return Parse(body);
    }

    private static NetworkImage Parse(byte[] body)
    {
        // One pass over the payload copies the fixed-size arrays and notes where each string column lies; decoding
        // those columns and indexing the ids (most of the work) then runs on every core, one task per column.
        var r = new ImageReader(body);
        string caseId = r.String();
        bool alternate = r.Bool();
        var outage = (TransformerOutageMode)r.Byte();
        if (!Enum.IsDefined(outage))
        {
            throw new InvalidDataException($"network image: transformer outage mode {(int)outage} is unknown");
        }

        var study = new StudyCase(caseId, alternate, outage, r.Double(), r.Double(), r.Double());
        int n = r.Count();
        int m = r.Count();
        int devices = r.Count();
        int loads = r.Count();
        int sources = r.Count();

        StringBlock nodeIds = r.Strings(n);
        NodeKind[] nodeKinds = r.Raw<NodeKind>(n);
        double[] nominalKv = r.Raw<double>(n);
        double[] nodeX = r.Raw<double>(n);
        double[] nodeY = r.Raw<double>(n);
        LocationColumn nodeLocations = r.Locations(n);

        StringBlock edgeIds = r.Strings(m);
        int[] edgeFrom = r.Indices(m, n, "branch from-bus");
        int[] edgeTo = r.Indices(m, n, "branch to-bus");
        BranchKind[] edgeKinds = r.Raw<BranchKind>(m);
        double[] lengthKm = r.Raw<double>(m);
        double[] failureRate = r.Raw<double>(m);
        double[] repairHours = r.Raw<double>(m);
        double[] replacementHours = r.Raw<double>(m);
        bool[] edgeOpen = r.Bools(m);
        double[] rOhm = r.Raw<double>(m);
        double[] xOhm = r.Raw<double>(m);
        double[] rating = r.Raw<double>(m);
        double[] tap = r.Raw<double>(m);
        CodedColumn feeder = r.Coded(m);
        AssetColumns edgeAssets = r.Assets(m);
        LocationColumn edgeLocations = r.Locations(m);

        StringBlock deviceIds = r.Strings(devices);
        int[] deviceEdge = r.Indices(devices, m, "device branch");
        int[] deviceNode = r.Indices(devices, n, "device bus");
        DeviceKind[] deviceKinds = r.Raw<DeviceKind>(devices);
        bool[] deviceOpen = r.Bools(devices);
        bool[] automated = r.Bools(devices);
        double[] operatingTime = r.Raw<double>(devices);
        double[] operatingProbability = r.Raw<double>(devices);
        AssetColumns deviceAssets = r.Assets(devices);

        StringBlock loadIds = r.Strings(loads);
        int[] loadNode = r.Indices(loads, n, "load point bus");
        int[] customers = r.Raw<int>(loads);
        double[] averageKw = r.Raw<double>(loads);
        double[] peakKw = r.Raw<double>(loads);
        double[] peakKvar = r.Raw<double>(loads);
        CodedColumn customerClass = r.Coded(loads);
        int[] sourceNodes = r.Indices(sources, n, "source");
        r.End();

        Task<IdColumn> nodeTask = Task.Run(() => IdColumn.Of(nodeIds, "bus"));
        Task<IdColumn> edgeTask = Task.Run(() => IdColumn.Of(edgeIds, "branch"));
        Task<IdColumn> deviceTask = Task.Run(() => IdColumn.Of(deviceIds, "device"));
        Task<IdColumn> loadTask = Task.Run(() => IdColumn.Of(loadIds, "load point"));
        Task<AssetInfo[]> edgeAssetTask = Task.Run(edgeAssets.Decode);
        Task<AssetInfo[]> deviceAssetTask = Task.Run(deviceAssets.Decode);
        Task<SourceLocation[]> nodeLocationTask = Task.Run(nodeLocations.Decode);
        Task<SourceLocation[]> edgeLocationTask = Task.Run(edgeLocations.Decode);
        Task<string?[]> feederTask = Task.Run(feeder.Decode);
        Task<string?[]> customerClassTask = Task.Run(customerClass.Decode);
        CheckKinds(nodeKinds, edgeKinds, deviceKinds, sourceNodes);
        CheckDeviceEnds(deviceEdge, deviceNode, edgeFrom, edgeTo);
        IdColumn nodes = nodeTask.GetAwaiter().GetResult();
        IdColumn edges = edgeTask.GetAwaiter().GetResult();
        IdColumn deviceColumn = deviceTask.GetAwaiter().GetResult();
        IdColumn loadColumn = loadTask.GetAwaiter().GetResult();
        var data = new NetworkData
        {
            NodeIds = nodes.Ids,
            NodeKinds = nodeKinds,
            NominalKv = nominalKv,
            NodeX = nodeX,
            NodeY = nodeY,
            NodeLocations = nodeLocationTask.GetAwaiter().GetResult(),
            NodeByName = nodes.ByName,
            EdgeIds = edges.Ids,
            EdgeFrom = edgeFrom,
            EdgeTo = edgeTo,
            EdgeKinds = edgeKinds,
            LengthKm = lengthKm,
            FailureRatePerYear = failureRate,
            RepairHours = repairHours,
            ReplacementHours = replacementHours,
            EdgeNormallyOpen = edgeOpen,
            ROhm = rOhm,
            XOhm = xOhm,
            EdgeRating = rating,
            EdgeTapPu = tap,
            EdgeFeeder = feederTask.GetAwaiter().GetResult(),
            EdgeAssets = edgeAssetTask.GetAwaiter().GetResult(),
            EdgeLocations = edgeLocationTask.GetAwaiter().GetResult(),
            EdgeByName = edges.ByName,
            DeviceIds = deviceColumn.Ids,
            DeviceEdge = deviceEdge,
            DeviceNode = deviceNode,
            DeviceKinds = deviceKinds,
            DeviceNormallyOpen = deviceOpen,
            DeviceAutomated = automated,
            DeviceOperatingTimeHours = operatingTime,
            DeviceOperatingProbability = operatingProbability,
            DeviceAssets = deviceAssetTask.GetAwaiter().GetResult(),
            DeviceByName = deviceColumn.ByName,
            LoadPointIds = loadColumn.Ids,
            LoadPointNode = loadNode,
            Customers = customers,
            AverageKw = averageKw,
            PeakKw = peakKw,
            PeakKvar = peakKvar,
            CustomerClass = customerClassTask.GetAwaiter().GetResult(),
            LoadPointByName = loadColumn.ByName,
            Sources = sourceNodes,
        };

        return new NetworkImage(new Network(data), study);
    }

    private static void CheckKinds(NodeKind[] nodes, BranchKind[] edges, DeviceKind[] devices, int[] sources)
    {
        foreach (NodeKind k in nodes)
        {
            if (k is not (NodeKind.Bus or NodeKind.Source))
            {
                throw new InvalidDataException($"network image: bus kind {(int)k} is unknown");
            }
        }

        foreach (BranchKind k in edges)
        {
            if (!Enum.IsDefined(k))
            {
                throw new InvalidDataException($"network image: branch kind {(int)k} is unknown");
            }
        }

        foreach (DeviceKind k in devices)
        {
            if (!Enum.IsDefined(k))
            {
                throw new InvalidDataException($"network image: device kind {(int)k} is unknown");
            }
        }

        foreach (int s in sources)
        {
            if (nodes[s] != NodeKind.Source)
            {
                throw new InvalidDataException($"network image: source {s} is not a source bus");
            }
        }
    }

    private static void CheckDeviceEnds(int[] deviceEdge, int[] deviceNode, int[] edgeFrom, int[] edgeTo)
    {
        for (int d = 0; d < deviceEdge.Length; d++)
        {
            int e = deviceEdge[d];
            if (deviceNode[d] != edgeFrom[e] && deviceNode[d] != edgeTo[e])
            {
                throw new InvalidDataException($"network image: device {d} is not at an end of its branch");
            }
        }
    }

    private static int EstimateSize(NetworkData d) =>
        (int)Math.Min(Array.MaxLength, 64L + (60L * d.NodeIds.Length) + (140L * d.EdgeIds.Length) + (70L * d.DeviceIds.Length) + (60L * d.LoadPointIds.Length));

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("network images are written in little-endian byte order");
        }
    }

    private static void WriteRaw<T>(BinaryWriter w, T[] values)
        where T : unmanaged => w.Write(MemoryMarshal.AsBytes(values.AsSpan()));

    // A string column: the total UTF-8 length, the end offset of each string, then the bytes (null is written as "").
    private static void WriteStrings(BinaryWriter w, ReadOnlySpan<string?> values)
    {
        var ends = new int[values.Length];
        int total = 0;
        int longest = 0;
        for (int i = 0; i < values.Length; i++)
        {
            int bytes = values[i] is string s ? Encoding.UTF8.GetByteCount(s) : 0;
            longest = Math.Max(longest, bytes);
            total = checked(total + bytes);
            ends[i] = total;
        }

        w.Write(total);
        WriteRaw(w, ends);
        var scratch = new byte[longest];
        foreach (string? s in values)
        {
            if (s is not null)
            {
                w.Write(scratch, 0, Encoding.UTF8.GetBytes(s, scratch));
            }
        }
    }

    // A nullable string per element: a table of the distinct values, then one code per element (-1 for null).
    private static void WriteCoded(BinaryWriter w, ReadOnlySpan<string?> values)
    {
        var table = new Dictionary<string, int>(StringComparer.Ordinal);
        var codes = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            string? s = values[i];
            if (s is null)
            {
                codes[i] = -1;
            }
            else if (!table.TryGetValue(s, out codes[i]))
            {
                codes[i] = table.Count;
                table.Add(s, codes[i]);
            }
        }

        w.Write(table.Count);
        WriteStrings(w, table.Keys.ToArray());
        WriteRaw(w, codes);
    }

    private static void WriteAssets(BinaryWriter w, AssetInfo[] assets)
    {
        var ids = new string?[assets.Length];
        var classes = new string?[assets.Length];
        var years = new int[assets.Length];
        for (int i = 0; i < assets.Length; i++)
        {
            (ids[i], classes[i], years[i]) = assets[i];
        }

        // Asset ids are mostly unique: a presence flag each and a string column rather than a table.
        var present = new bool[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            present[i] = ids[i] is not null;
        }

        WriteRaw(w, present);
        WriteStrings(w, ids);
        WriteCoded(w, classes);
        WriteRaw(w, years);
    }

    // Empty locations (none known) are written as SourceLocation.None for each of the `count` elements.
    private static void WriteLocations(BinaryWriter w, SourceLocation[] locations, int count)
    {
        var files = new string?[count];
        var lines = new int[count];
        for (int i = 0; i < count; i++)
        {
            SourceLocation location = locations.Length > 0 ? locations[i] : SourceLocation.None;
            files[i] = location.File;
            lines[i] = location.Line;
        }

        WriteCoded(w, files);
        WriteRaw(w, lines);
    }

    /// <summary>Reads the payload front to back; every read checks the remaining length.</summary>
    private ref struct ImageReader(byte[] body)
    {
        private readonly byte[] _array = body;
        private readonly ReadOnlySpan<byte> _body = body;
        private int _at;

        public byte Byte() => Take(1)[0];

        public bool Bool() => Byte() switch
        {
            0 => false,
            1 => true,
            byte b => throw new InvalidDataException($"network image: {b} is not a boolean"),
        };

        public double Double() => BitConverter.ToDouble(Take(8));

        public int Int() => BitConverter.ToInt32(Take(4));

        public int Count()
        {
            int count = Int();
            return count >= 0 ? count : throw new InvalidDataException($"network image: count {count} is negative");
        }

        public string String()
        {
            // BinaryWriter's 7-bit encoded length prefix.
            int length = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (shift > 28)
                {
                    throw new InvalidDataException("network image: bad string length");
                }

                byte b = Byte();
                length |= (b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            return length < 0 ? throw new InvalidDataException("network image: bad string length") : Encoding.UTF8.GetString(Take(length));
        }

        /// <summary>Where a string column of <paramref name="count"/> strings lies; decoded later by <see cref="StringBlock.Decode"/>.</summary>
        public StringBlock Strings(int count)
        {
            int total = Count();
            if ((long)count * sizeof(int) > _body.Length - _at)
            {
                throw new InvalidDataException("network image is shorter than its counts say");
            }

            int ends = _at;
            Take(count * sizeof(int));
            int bytes = _at;
            Take(total);
            return new StringBlock(_array, ends, bytes, count, total);
        }

        public T[] Raw<T>(int count)
            where T : unmanaged
        {
            int size = Unsafe.SizeOf<T>();
            if ((long)count * size > _body.Length - _at)
            {
                throw new InvalidDataException("network image is shorter than its counts say");
            }

            return MemoryMarshal.Cast<byte, T>(Take(count * size)).ToArray();
        }

        public bool[] Bools(int count)
        {
            ReadOnlySpan<byte> bytes = Take(count);
            if (bytes.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
            {
                throw new InvalidDataException("network image: a boolean is neither 0 nor 1");
            }

            return MemoryMarshal.Cast<byte, bool>(bytes).ToArray();
        }

        public int[] Indices(int count, int bound, string what)
        {
            int[] values = Raw<int>(count);
            foreach (int v in values)
            {
                if ((uint)v >= (uint)bound)
                {
                    throw new InvalidDataException($"network image: {what} index {v} is outside 0..{bound - 1}");
                }
            }

            return values;
        }

        public CodedColumn Coded(int count) => new(Strings(Count()).Decode(), Raw<int>(count));

        public AssetColumns Assets(int count) => new(Bools(count), Strings(count), Coded(count), Raw<int>(count));

        public LocationColumn Locations(int count) => new(Coded(count), Raw<int>(count));

        public readonly void End()
        {
            if (_at != _body.Length)
            {
                throw new InvalidDataException($"network image has {_body.Length - _at} bytes after its last array");
            }
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length < 0 || length > _body.Length - _at)
            {
                throw new InvalidDataException("network image ends in the middle of a value");
            }

            ReadOnlySpan<byte> span = _body.Slice(_at, length);
            _at += length;
            return span;
        }
    }

    /// <summary>A string column in the payload: <see cref="Count"/> end offsets at <see cref="Ends"/>, then <see cref="Length"/> bytes of UTF-8 at <see cref="Bytes"/>.</summary>
    private readonly record struct StringBlock(byte[] Body, int Ends, int Bytes, int Count, int Length)
    {
        public string[] Decode()
        {
            ReadOnlySpan<int> ends = MemoryMarshal.Cast<byte, int>(Body.AsSpan(Ends, Count * sizeof(int)));
            ReadOnlySpan<byte> bytes = Body.AsSpan(Bytes, Length);
            var values = new string[Count];
            int start = 0;
            for (int i = 0; i < values.Length; i++)
            {
                int end = ends[i];
                if (end < start || end > bytes.Length)
                {
                    throw new InvalidDataException($"network image: string end {end} is outside {start}..{bytes.Length}");
                }

                values[i] = Encoding.UTF8.GetString(bytes[start..end]);
                start = end;
            }

            return start == bytes.Length ? values : throw new InvalidDataException("network image: a string column has bytes after its last string");
        }
    }

    /// <summary>An id column and its index; every id non-empty and unique.</summary>
    private sealed record IdColumn(string[] Ids, Dictionary<string, int> ByName)
    {
        public static IdColumn Of(StringBlock block, string what)
        {
            string[] ids = block.Decode();
            var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
            for (int i = 0; i < ids.Length; i++)
            {
                if (ids[i].Length == 0 || !index.TryAdd(ids[i], i))
                {
                    throw new InvalidDataException($"network image: {what} id '{ids[i]}' is empty or repeated");
                }
            }

            return new IdColumn(ids, index);
        }
    }

    /// <summary>The asset columns of one element kind as read, put together by <see cref="Decode"/>.</summary>
    private sealed record AssetColumns(bool[] HasId, StringBlock Ids, CodedColumn Classes, int[] Years)
    {
        public AssetInfo[] Decode()
        {
            string[] ids = Ids.Decode();
            string?[] classes = Classes.Decode();
            var assets = new AssetInfo[HasId.Length];
            for (int i = 0; i < assets.Length; i++)
            {
                assets[i] = new AssetInfo(HasId[i] ? ids[i] : null, classes[i], Years[i]);
            }

            return assets;
        }
    }

    /// <summary>A nullable string per element as stored: the distinct values and one code per element (-1 for null).</summary>
    private sealed record CodedColumn(string[] Table, int[] Codes)
    {
        public string?[] Decode()
        {
            var values = new string?[Codes.Length];
            for (int i = 0; i < values.Length; i++)
            {
                int c = Codes[i];
                values[i] = c == -1 ? null : (uint)c < (uint)Table.Length ? Table[c] : throw new InvalidDataException($"network image: string code {c} is outside the table");
            }

            return values;
        }
    }

    /// <summary>Source locations as stored: the file names coded, the lines raw.</summary>
    private sealed record LocationColumn(CodedColumn Files, int[] Lines)
    {
        public SourceLocation[] Decode()
        {
            string?[] files = Files.Decode();
            var locations = new SourceLocation[Lines.Length];
            for (int i = 0; i < locations.Length; i++)
            {
                locations[i] = new SourceLocation(files[i] ?? string.Empty, Lines[i]);
            }

            return locations;
        }
    }
}
