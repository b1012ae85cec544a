using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Web;

namespace Forewarn.Api;

/// <summary>
/// <c>GET /api/v1/smart-accounts/{domain}/product-instances</c>: the product instances the caller can see (§1), instants in
/// the account's zone; JSON, or CSV with <c>Accept: text/csv</c>.
/// </summary>
public static class ProductInstancesEndpoints
{
    public sealed record LicenseUseItem(string License, int Quantity);

    /// <param name="Id">What <c>?instance=</c> takes and an alert's productInstanceId names.</param>
    /// <param name="RegistrationState">Registered or RenewalFailed (L1).</param>
    /// <param name="AuthorizationState">Pending (not yet seen by the engine), Authorized, OutOfCompliance, InGrace or GraceExpired (L2–L4).</param>
    /// <param name="NextRenewalAt">The next registration or authorization attempt, whichever comes first; null until the engine has run.</param>
    /// <param name="GraceDeadline">End of the grace period, in grace or after it (L3, L4).</param>
    public sealed record ProductInstanceItem(int Id, string Name, string VirtualAccount, string ProductType, string UdiPid, string UdiSerialNumber,
        DateTimeOffset RegisteredAt, DateTimeOffset? LastAuthorizationAt, IReadOnlyList<LicenseUseItem> Licenses,
        string RegistrationState, string AuthorizationState, DateTimeOffset? NextRenewalAt, DateTimeOffset? AuthorizationExpiresAt,
        DateTimeOffset? GraceDeadline);

    public static readonly string[] CsvHeader =
    [
        "Name", "Virtual Account", "Product Type", "PID", "Serial Number", "Registered", "Last Authorization", "Licenses",
        "Registration", "Authorization", "Next Renewal", "Authorization Expires", "Grace Deadline",
    ];

    public static void MapProductInstances(this RouteGroupBuilder api) =>
        api.MapGet("/smart-accounts/{domain}/product-instances", ListAsync)
            .WithName("ListProductInstances")
            .WithSummary("Product instances of this Smart Account that you can see. JSON, or CSV with Accept: text/csv.")
            .WithDescription("instance: only the product instance with this id (an alert's productInstanceId); one you cannot see " +
                "gives an empty list, as one that does not exist.")
            .Produces<ListPage<ProductInstanceItem>>()
            .ProducesCsv()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(string domain, string? page, string? pageSize, string? instance, HttpContext http,
        ListProductInstances handler, CancellationToken ct)
    {
        var errors = ApiLists.Read(http.Request, out var query).ToList();
        var instanceId = ApiLists.Id(http.Request, "instance", errors);
        if (errors.Count > 0) return ApiProblems.Invalid(errors);
        var fetched = await ApiLists.FetchAsync(query, p => handler.HandleAsync(new(http.User.UserId(), domain, p, instanceId), ct));
        if (fetched is null) return ApiProblems.AccountNotFound(domain);

        var items = fetched.Rows.Select(r => new ProductInstanceItem(r.Id, r.Name, r.VirtualAccount, r.ProductType, r.UdiPid, r.UdiSerialNumber,
            r.RegisteredAt, r.LastAuthorizationAt, r.Licenses.Select(l => new LicenseUseItem(l.License, l.Quantity)).ToList(),
            r.RegistrationState.ToString(), r.AuthorizationState.ToString(), r.NextRenewalAt, r.AuthorizationExpiresAt, r.GraceDeadline)).ToList();
        return query.Csv
            ? ApiLists.CsvFile(http, fetched.Account.Domain, "product-instances", CsvHeader, items.Select(i => new CsvCell[]
            {
                i.Name, i.VirtualAccount, i.ProductType, i.UdiPid, i.UdiSerialNumber, CsvCell.Instant(i.RegisteredAt),
                CsvCell.Instant(i.LastAuthorizationAt),
                string.Join("; ", i.Licenses.Select(l => $"{l.License} x{l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}")),
                i.RegistrationState, i.AuthorizationState, CsvCell.Instant(i.NextRenewalAt), CsvCell.Instant(i.AuthorizationExpiresAt),
                CsvCell.Instant(i.GraceDeadline),
            }))
            : ApiLists.Json(http, new ListPage<ProductInstanceItem>(fetched.Account.Domain, fetched.Page, fetched.PageSize, fetched.Total, items));
    }
}
