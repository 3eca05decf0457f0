using System.Globalization;
using CsvHelper;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Lumen.Topology.Import;
using Xunit;

namespace Lumen.Topology.Tests.Import;

public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void Quote_QuotesOnlyWhenNeeded(string text, string expected) => Assert.Equal(expected, CsvField.Quote(text));

    [Property(MaxTest = 300)]
    public Property Quote_ReadsBackThroughCsvHelper(NonNull<string> first, NonNull<string> second)
    {
        // CsvHelper is the oracle: a line of two quoted fields parses back to the two texts.
        string a = first.Get;
        string b = second.Get;
        using var parser = new CsvParser(new StringReader(CsvField.Quote(a) + "," + CsvField.Quote(b) + "\n"), CultureInfo.InvariantCulture);
        bool read = parser.Read();
        return (read && parser.Record!.Length == 2 && parser.Record[0] == a && parser.Record[1] == b).Label($"[{a}] [{b}]");
    }
}
