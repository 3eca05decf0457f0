namespace Lumen.Topology.Network;

/// <summary>
/// The ids of one kind of element (buses, branches) of a network being built, indexed once: by position, and by name
/// with the first position winning (as <see cref="NetworkBuilder"/> indexes them), with the positions of the duplicates.
/// An importer makes it as soon as those elements are read, so that the rows read after them can name one by the id's
/// own string instance (<see cref="Find"/>), and hands it to the builder, which takes it as its dictionary instead of
/// indexing the ids again.
/// </summary>
internal sealed class IdIndex
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    private IdIndex(string[] ids, Dictionary<string, int> byName, List<(int Index, int First)> duplicates)
    {
        Ids = ids;
        ByName = byName;
        Duplicates = duplicates;
        _byChars = byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The ids by position.</summary>
    public string[] Ids { get; }

    /// <summary>Position of each id that is not blank (the first one of duplicates).</summary>
    public Dictionary<string, int> ByName { get; }

    /// <summary>Each later element with an id already taken, with the position of the first, in input order.</summary>
    public List<(int Index, int First)> Duplicates { get; }

    /// <summary>Indexes the ids of <paramref name="items"/>, each given by <paramref name="idOf"/>.</summary>
    public static IdIndex Of<T>(ReadOnlySpan<T> items, Func<T, string> idOf)
    {
        string[] ids = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            ids[i] = idOf(items[i]);
        }

        var byName = new Dictionary<string, int>(items.Length, StringComparer.Ordinal);
        return new IdIndex(ids, byName, Fill<string>(ids, static id => id, byName));
    }

    /// <summary>
    /// Fills <paramref name="byName"/> with the ids of <paramref name="items"/> (blank ones left out, the first position
    /// of duplicates winning); returns each later element with an id already taken, with the first's position, in input order.
    /// </summary>
    public static List<(int Index, int First)> Fill<T>(ReadOnlySpan<T> items, Func<T, string> idOf, Dictionary<string, int> byName)
    {
        var duplicates = new List<(int, int)>();
        for (int i = 0; i < items.Length; i++)
        {
            string id = idOf(items[i]);
            if (!string.IsNullOrWhiteSpace(id) && !byName.TryAdd(id, i))
            {
                duplicates.Add((i, byName[id]));
            }
        }

        return duplicates;
    }

    /// <summary>
    /// The id's own string of the element named by <paramref name="name"/>, or null when no element has that id (the
    /// caller then makes a string of the name). A row that names an element by it keeps no copy of the id, so no
    /// copy survives every collection until the build. Rows usually name one of the few elements after the one named
    /// last (<paramref name="last"/>, updated), which are compared before the dictionary is asked.
    /// </summary>
    public string? Find(ReadOnlySpan<char> name, ref int last, int span)
    {
        int end = Math.Min(Ids.Length, last + 1 + span);
        for (int j = Math.Max(last + 1, 0); j < end; j++)
        {
            if (name.SequenceEqual(Ids[j]))
            {
                last = j;
                return Ids[j];
            }
        }

        if (_byChars.TryGetValue(name, out int found))
        {
            last = found;
            return Ids[found];
        }

        return null;
    }
}
