using System.Globalization;
using System.Text;
using Forewarn.Core;
using Forewarn.Core.Inventory;

namespace Forewarn.Api;

/// <summary>One page of a Smart Account's list, as JSON.</summary>
public sealed record ListPage<TItem>(string SmartAccount, int Page, int PageSize, int Total, IReadOnlyList<TItem> Items);

/// <summary>What a list endpoint read from its query and Accept header.</summary>
/// <param name="Explicit">page or pageSize was given; otherwise CSV exports every row.</param>
public sealed record ListQuery(int Page, int PageSize, bool Explicit, bool Csv);

/// <summary>The rows a list endpoint answers with, after paging.</summary>
public sealed record FetchedRows<TRow>(SmartAccountHeader Account, int Page, int PageSize, int Total, IReadOnlyList<TRow> Rows);

/// <summary>Paging (<c>page</c>, <c>pageSize</c>) and the JSON/CSV choice shared by the list endpoints (0503).</summary>
public static class ApiLists
{
    public static IReadOnlyList<FieldError> Read(HttpRequest request, out ListQuery query)
    {
        var errors = new List<FieldError>();
        var page = Integer(request, "page", 1, 1, int.MaxValue, errors);
        var size = Integer(request, "pageSize", PageRequest.DefaultSize, 1, PageRequest.MaxSize, errors);
        query = new ListQuery(page, size, Given(request, "page") || Given(request, "pageSize"), WantsCsv(request));
        return errors;
    }

    /// <summary>
    /// CSV when the Accept header prefers <c>text/csv</c> (highest quality first, earlier first among equals) to JSON;
    /// JSON otherwise, including when there is no Accept header.
    /// </summary>
    public static bool WantsCsv(HttpRequest request)
    {
        var preferred = request.GetTypedHeaders().Accept
            .Where(a => (a.Quality ?? 1) > 0)
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => a.MediaType.Value?.ToLowerInvariant())
            .FirstOrDefault(m => m is "text/csv" or "application/json" or "application/*" or "*/*");
        return preferred == "text/csv";
    }

    /// <summary>One page for JSON (or CSV with explicit paging); every row, page by page, for a CSV export.</summary>
    /// <returns>Null when the account is not visible to the caller.</returns>
    public static async Task<FetchedRows<TRow>?> FetchAsync<TRow>(ListQuery query, Func<PageRequest, Task<AccountListPage<TRow>?>> fetch)
    {
        if (!query.Csv || query.Explicit)
        {
            var one = await fetch(new PageRequest(query.Page, query.PageSize));
            if (one is null) return null;
            // The Core pulls a page past the end back to the last one (navigation); a script paging on needs an empty page to stop.
            var rows = one.PageNumber == query.Page ? one.Rows : [];
            return new(one.Account, query.Page, query.PageSize, one.Total, rows);
        }
        var all = new List<TRow>();
        AccountListPage<TRow>? current = null;
        for (var number = 1; ; number++)
        {
            current = await fetch(new PageRequest(number, PageRequest.MaxSize));
            if (current is null) return null;
            if (current.PageNumber != number) break;
            all.AddRange(current.Rows);
            if (!current.HasNext) break;
        }
        return new(current.Account, 1, all.Count, current.Total, all);
    }

    public static IResult CsvFile(HttpContext http, string domain, string list, string[] header, IEnumerable<CsvCell[]> rows)
    {
        var csv = new Csv().Row(header.Select(h => new CsvCell(h, false)).ToArray());
        foreach (var row in rows) csv.Row(row);
        http.Response.Headers.Vary = "Accept";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"{domain}-{list}.csv");
    }

    public static IResult Json<T>(HttpContext http, T body)
    {
        http.Response.Headers.Vary = "Accept";
        return TypedResults.Ok(body);
    }

    /// <summary>A query parameter given once, or null; a second value is an error (which one would count?).</summary>
    public static string? Single(HttpRequest request, string name, List<FieldError> errors)
    {
        var values = request.Query[name];
        if (values.Count > 1) { errors.Add(new FieldError(name, "is given more than once.")); return null; }
        var value = values.Count == 1 ? values[0]?.Trim() : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An id filter (<c>license</c>, <c>instance</c>): null when absent, an error naming it when not a whole number.</summary>
    public static int? Id(HttpRequest request, string name, List<FieldError> errors)
    {
        if (Single(request, name, errors) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        errors.Add(new FieldError(name, $"'{text}' is not an id: ids are whole numbers such as 42."));
        return null;
    }

    private static bool Given(HttpRequest request, string name) => !string.IsNullOrWhiteSpace(request.Query[name].ToString());

    private static int Integer(HttpRequest request, string name, int fallback, int min, int max, List<FieldError> errors)
    {
        if (Single(request, name, errors) is not { } text) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            errors.Add(new FieldError(name, max == int.MaxValue
                ? $"'{text}' is not a whole number of at least {min}."
                : $"'{text}' is not a whole number from {min} to {max}."));
            return fallback;
        }
        return n;
    }
}
