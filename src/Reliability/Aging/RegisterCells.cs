using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using Lumen.Topology.Import;
using Lumen.Topology.Network;

namespace Lumen.Reliability.Aging;

/// <summary>The cells of the register reader's current record, by column index (-1: the column is absent, an empty cell).</summary>
/// <remarks>
/// A cell is its text trimmed as <see cref="string.Trim()"/> trims it. With spans on, cells are read from the parser's
/// UTF-8 bytes: numbers are parsed there, repeated texts (classes, labels, manufacturers) are shared through a dictionary
/// looked up by characters, and only ids and other unique texts become new strings. A cell the bytes cannot settle (a
/// non-ASCII character at either end, a number that does not parse or is out of range, a long text) takes the string
/// path, which gives every value and message; with spans off every cell takes it (the oracle of the fast path).
/// </remarks>
internal sealed class RegisterCells
{
    private const int MaxStackChars = 256;

    private readonly CsvReader _reader;
    private readonly bool _spans;
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _textsByChars;

    public RegisterCells(CsvReader reader, bool spans)
    {
        _reader = reader;
        _spans = spans;
        _textsByChars = _texts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>False, with the diagnostic <see cref="StrictCsv.CheckFieldLengths"/> gives, when a field is too long.</summary>
    public bool CheckFieldLengths(SourceLocation at, string[] header, List<Diagnostic> diagnostics)
    {
        for (int i = 0; i < header.Length; i++)
        {
            // A field has no more characters than bytes: only a field too long in bytes is counted.
            bool tooLong;
            if (_spans)
            {
                ReadOnlySpan<byte> field = _reader.GetSpan(i);
                tooLong = field.Length > StrictCsv.MaxFieldLength && Encoding.UTF8.GetCharCount(field) > StrictCsv.MaxFieldLength;
            }
            else
            {
                tooLong = _reader.GetString(i).Length > StrictCsv.MaxFieldLength;
            }

            if (tooLong)
            {
                diagnostics.Add(StrictCsv.TooLong(at, header[i], _reader.GetString(i)));
                return false;
            }
        }

        return true;
    }

    public bool IsEmpty(int i) => TryCell(i, out ReadOnlySpan<byte> cell) ? cell.IsEmpty : Text(i).Length == 0;

    /// <summary>The trimmed cell as a new string (ids, failure lists).</summary>
    public string Text(int i)
    {
        if (TryCell(i, out ReadOnlySpan<byte> cell))
        {
            return cell.IsEmpty ? string.Empty : Encoding.UTF8.GetString(cell);
        }

        return _reader.GetString(i).Trim();
    }

    /// <summary>The trimmed cell as a string shared with every earlier cell of the same text.</summary>
    public string Shared(int i)
    {
        if (!TryCell(i, out ReadOnlySpan<byte> cell) || cell.Length > MaxStackChars)
        {
            return Text(i);
        }

        if (cell.IsEmpty)
        {
            return string.Empty;
        }

        Span<char> buffer = stackalloc char[MaxStackChars];
        Utf8.ToUtf16(cell, buffer, out _, out int written, replaceInvalidSequences: false);
        ReadOnlySpan<char> chars = buffer[..written];
        if (!_textsByChars.TryGetValue(chars, out string? text))
        {
            text = new string(chars);
            _texts.Add(text, text);
        }

        return text;
    }

    /// <summary>The number in the cell when the bytes settle it and it lies in [min, max]; false sends the caller to the string path.</summary>
    public bool TryNumber(int i, double min, double max, out double value)
    {
        value = double.NaN;
        return TryCell(i, out ReadOnlySpan<byte> cell)
            && (cell.IsEmpty || (double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= min && value <= max));
    }

    // The cell's UTF-8 bytes trimmed, when spans are on and the bytes settle the trim (StrictCsv.TryTrimUtf8): else the
    // string path decides. An absent column is an empty cell.
    private bool TryCell(int i, out ReadOnlySpan<byte> cell)
    {
        if (i < 0 || !_spans)
        {
            cell = [];
            return i < 0;
        }

        return StrictCsv.TryTrimUtf8(_reader.GetSpan(i), out cell);
    }
}
