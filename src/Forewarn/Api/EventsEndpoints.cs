using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Web;

namespace Forewarn.Api;

/// <summary>
/// <c>GET /api/v1/smart-accounts/{domain}/events?from=&amp;to=</c>: the Event Log entries the caller can see (§1, D2),
/// newest first, of a period (default: the last 30 days in the account's zone, 0503); JSON, or CSV with
/// <c>Accept: text/csv</c>.
/// </summary>
public static class EventsEndpoints
{
    /// <param name="VirtualAccount">Null for a Smart-Account-level event.</param>
    /// <param name="Actor">Email of the user who acted, if any.</param>
    public sealed record EventItem(DateTimeOffset At, string Type, string? VirtualAccount, string Message, string? Actor);

    /// <param name="From">First instant of the period, in the account's zone.</param>
    /// <param name="To">End of the period (not included), in the account's zone.</param>
    public sealed record EventsPage(string SmartAccount, DateTimeOffset From, DateTimeOffset To, int Page, int PageSize, int Total,
        IReadOnlyList<EventItem> Items);

    public static readonly string[] CsvHeader = ["Time", "Type", "Virtual Account", "Message", "User"];

    public static void MapEvents(this RouteGroupBuilder api) =>
        api.MapGet("/smart-accounts/{domain}/events", ListAsync)
            .WithName("ListEvents")
            .WithSummary("Event Log entries you can see, newest first. JSON, or CSV with Accept: text/csv.")
            .WithDescription(
                "from and to are dates yyyy-MM-dd (whole days in the account's time zone, both included) or instants with Z or an " +
                "offset (from included, to excluded). Without to: up to the end of today; without from: the 30 days ending with to.")
            .Produces<EventsPage>()
            .ProducesCsv()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(string domain, string? from, string? to, string? page, string? pageSize,
        HttpContext http, ListEvents handler, CancellationToken ct)
    {
        var errors = ApiLists.Read(http.Request, out var query).ToList();
        var period = new EventPeriod(Bound(http.Request, "from", errors), Bound(http.Request, "to", errors));
        if (errors.Count > 0) return ApiProblems.Invalid(errors);
        var fetched = await ApiLists.FetchAsync(query, p => handler.HandleAsync(new(http.User.UserId(), domain, p, period), ct));
        if (fetched is null) return ApiProblems.AccountNotFound(domain);
        // Whether the period runs backwards depends on the account's zone, known only now.
        var account = fetched.Account;
        if (period.Check(account.Zone, account.Today) is { Count: > 0 } backwards) return ApiProblems.Invalid(backwards);

        var items = fetched.Rows.Select(r => new EventItem(r.At, r.Type.ToString(), r.VirtualAccount, r.Message, r.Actor)).ToList();
        if (query.Csv)
            return ApiLists.CsvFile(http, account.Domain, "events", CsvHeader, items.Select(i => new CsvCell[]
                { CsvCell.Instant(i.At), i.Type, i.VirtualAccount, i.Message, i.Actor }));
        var (fromUtc, toUtc) = period.Resolve(account.Zone, account.Today);
        return ApiLists.Json(http, new EventsPage(account.Domain, account.Local(fromUtc), account.Local(toUtc),
            fetched.Page, fetched.PageSize, fetched.Total, items));
    }

    private static PeriodBound? Bound(HttpRequest request, string name, List<FieldError> errors)
    {
        if (ApiLists.Single(request, name, errors) is not { } text) return null;
        if (PeriodBound.TryParse(text, out var bound) is { } why) { errors.Add(new FieldError(name, why)); return null; }
        return bound;
    }
}
