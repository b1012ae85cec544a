using Forewarn.Core;
using Forewarn.Api;

namespace Forewarn.Tests.Api;

/// <summary>CSV cells: RFC 4180 quoting and formula defusing for user-supplied text (decision 0503).</summary>
public class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tlead", "'\tlead")]
    [InlineData("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")]
    public void Field_Text_QuotedAndDefused(string? text, string expected) => Assert.Equal(expected, Csv.Field(text));

    [Fact]
    public void Field_NumbersAndDatesTheApiFormats_WrittenVerbatim()
    {
        Assert.Equal("-3", Csv.Field(CsvCell.Number(-3)));
        Assert.Equal("", Csv.Field(CsvCell.Number(null)));
        Assert.Equal("2026-12-01", Csv.Field(CsvCell.Date(new DateOnly(2026, 12, 1))));
        Assert.Equal("2026-12-01T08:00:00-05:00", Csv.Field(CsvCell.Instant(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(-5)))));
    }

    [Fact]
    public void Row_SeveralCells_CommaSeparatedCrLfEnded() =>
        Assert.Equal("a,\"b,c\",'-x,7\r\n", new Csv().Row("a", "b,c", "-x", CsvCell.Number(7)).ToString());
}
