using Forewarn.Core;
using Forewarn.Core.Alerts;
using Forewarn.Web;

namespace Forewarn.Api;

/// <summary>
/// <c>GET /api/v1/smart-accounts/{domain}/alerts</c> (the Alerts tab, §1: by severity then action due, filtered by severity
/// and state; JSON, or CSV with <c>Accept: text/csv</c>) and <c>POST .../alerts/{id}/dismiss</c> (A5, bearer only).
/// </summary>
public static class AlertsEndpoints
{
    /// <param name="Source">"Smart Account" or the virtual account's name.</param>
    /// <param name="LicenseId">For <c>GET .../licenses?license=</c>: that license's lines.</param>
    /// <param name="ProductInstanceId">For <c>GET .../product-instances?instance=</c>: that instance.</param>
    public sealed record AlertItem(long Id, string Kind, string Severity, string Message, string Source, string? License,
        int? LicenseId, string? ProductInstance, int? ProductInstanceId, DateOnly ActionDue, string State, DateTimeOffset RaisedAt,
        string? DismissedBy, DateTimeOffset? DismissedAt, DateTimeOffset? ClearedAt, bool CanDismiss)
    {
        public static AlertItem From(ListAlerts.Row r) => new(r.Id, r.Kind.ToString(), r.Severity.ToString(), r.Message, r.Source,
            r.License, r.LicenseId, r.ProductInstance, r.ProductInstanceId, r.ActionDue, r.State.ToString(), r.RaisedAt, r.DismissedBy,
            r.DismissedAt, r.ClearedAt, r.CanDismiss);
    }

    public static readonly string[] CsvHeader = ["Id", "Severity", "Message", "Source", "Action Due", "State", "Kind", "License", "Product Instance"];

    public static void MapAlerts(this RouteGroupBuilder api)
    {
        api.MapGet("/smart-accounts/{domain}/alerts", ListAsync)
            .WithName("ListAlerts")
            .WithSummary("Alerts of this Smart Account that you can see, by severity (Major, Minor, Informational) then action due. " +
                "Filters: severity (Major, Minor, Informational), state (Active, Dismissed, Cleared). JSON, or CSV with Accept: text/csv.")
            .Produces<ListPage<AlertItem>>()
            .ProducesCsv()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/smart-accounts/{domain}/alerts/{id:long}/dismiss", DismissAsync)
            .RequireAuthorization(ForewarnApi.BearerOnlyPolicy)
            .WithName("DismissAlert")
            .WithSummary("Dismiss an active alert (A5); logged as an AlertDismissed event. Answers the alert as stored.")
            .WithDescription("Allowed for SmartAccountAdmin and SmartAccountUser, and for VirtualAccountAdmin or VirtualAccountUser " +
                "of the alert's virtual account; viewers get 403. Dismissing a dismissed alert changes nothing; a cleared one is refused " +
                "(400). Needs a bearer token: the sign-in cookie is not accepted for changes.")
            .Produces<AlertItem>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // An id that is not a number would otherwise miss the route and get an empty 404: refuse it like the handler's
        // refusals, naming alertId. Undocumented: the route above describes the endpoint.
        api.MapPost("/smart-accounts/{domain}/alerts/{id}/dismiss", (string id) => ApiProblems.Invalid("alertId",
                $"'{id}' is not an alert id: alert ids are whole numbers, as in the alerts list."))
            .RequireAuthorization(ForewarnApi.BearerOnlyPolicy)
            .ExcludeFromDescription();
    }

    private static async Task<IResult> ListAsync(string domain, string? severity, string? state, string? page, string? pageSize,
        HttpContext http, ListAlerts handler, CancellationToken ct)
    {
        var errors = ApiLists.Read(http.Request, out var query).ToList();
        var severityText = ApiLists.Single(http.Request, "severity", errors);
        var stateText = ApiLists.Single(http.Request, "state", errors);
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        Result<ListAlerts.View>? refused = null;
        var fetched = await ApiLists.FetchAsync(query, async p =>
        {
            var result = await handler.HandleAsync(new(http.User.UserId(), domain, severityText, stateText, p), ct);
            if (result.IsOk) return result.Value!.Page;
            refused = result;
            return null;
        });
        if (fetched is null)
            return refused is null ? ApiProblems.AccountNotFound(domain) : ApiProblems.From(refused, v => v);

        var items = fetched.Rows.Select(AlertItem.From).ToList();
        return query.Csv
            ? ApiLists.CsvFile(http, fetched.Account.Domain, "alerts", CsvHeader, items.Select(i => new CsvCell[]
            {
                CsvCell.Id(i.Id), i.Severity, i.Message, i.Source, CsvCell.Date(i.ActionDue), i.State, i.Kind, i.License ?? "", i.ProductInstance ?? "",
            }))
            : ApiLists.Json(http, new ListPage<AlertItem>(fetched.Account.Domain, fetched.Page, fetched.PageSize, fetched.Total, items));
    }

    private static async Task<IResult> DismissAsync(string domain, long id, HttpContext http, DismissAlert handler, CancellationToken ct) =>
        ApiProblems.From(await handler.HandleAsync(new(http.User.UserId(), domain, id), ct), AlertItem.From);
}
