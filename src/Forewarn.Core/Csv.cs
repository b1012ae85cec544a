using System.Globalization;
using System.Text;

namespace Forewarn.Core;

/// <summary>
/// RFC 4180 CSV (CRLF line ends, UTF-8). A field holding a comma, a quote, CR or LF is quoted with quotes doubled; a
/// text cell starting with <c>= + - @</c>, tab or CR gets a leading apostrophe so a spreadsheet shows it instead of
/// running it as a formula (OWASP "CSV injection"). Numbers and dates the API formats itself are written as they are.
/// </summary>
public sealed class Csv
{
    private readonly StringBuilder _text = new();

    public Csv Row(params CsvCell[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) _text.Append(',');
            _text.Append(Field(cells[i]));
        }
        _text.Append("\r\n");
        return this;
    }

    public override string ToString() => _text.ToString();

    public static string Field(CsvCell cell)
    {
        var value = cell.Value ?? "";
        if (cell.IsText && value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}

/// <summary>One CSV cell: user-supplied text (defused) or a value the API formatted itself (written verbatim).</summary>
public readonly record struct CsvCell(string? Value, bool IsText)
{
    public static implicit operator CsvCell(string? text) => new(text, true);

    public static CsvCell Number(int? n) => new(n?.ToString(CultureInfo.InvariantCulture), false);
    public static CsvCell Id(long id) => new(id.ToString(CultureInfo.InvariantCulture), false);
    public static CsvCell Date(DateOnly? d) => new(d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false);
    public static CsvCell Instant(DateTimeOffset? t) => new(t?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), false);
}
