using System.Globalization;

namespace Forewarn.Pages.Shared;

/// <summary>Previous/next links of a paged list, keeping the selected account and the list's filter (<paramref name="Keep"/>).</summary>
public sealed record Pager(string? Sa, int PageNumber, int PageCount, int Total, IReadOnlyDictionary<string, string>? Keep = null)
{
    /// <summary>The query of the link to page <paramref name="number"/>: sa, p, then the filter.</summary>
    public Dictionary<string, string> Route(int number)
    {
        var route = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Sa is not null) route["sa"] = Sa;
        route["p"] = number.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in Keep ?? new Dictionary<string, string>()) route[key] = value;
        return route;
    }
}
