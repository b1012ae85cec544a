using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Web;

namespace Forewarn.Api;

/// <summary>
/// <c>GET /api/v1/smart-accounts/{domain}/licenses</c>: one row per license line the caller can see (§1), with days left
/// in the account's zone; JSON, or CSV with <c>Accept: text/csv</c>.
/// </summary>
public static class LicensesEndpoints
{
    /// <param name="LineType">PERPETUAL, TERM, SUBSCRIPTION or DEMO (§1).</param>
    /// <param name="DaysLeft">Expiry date minus today in the account's zone (0: expires today; negative: expired); null when perpetual.</param>
    /// <param name="State">Perpetual, Valid, ExpiresToday or Expired.</param>
    /// <param name="LicenseId">The license the line belongs to: <c>?license=</c> takes it, alerts name it.</param>
    public sealed record LicenseItem(string License, string VirtualAccount, string LineType, int Quantity,
        DateOnly StartDate, DateOnly? ExpiryDate, int? DaysLeft, string State, int LicenseId);

    public static readonly string[] CsvHeader = ["License", "Virtual Account", "Type", "Quantity", "Start Date", "Expiry Date", "Days Left", "State"];

    public static void MapLicenses(this RouteGroupBuilder api) =>
        api.MapGet("/smart-accounts/{domain}/licenses", ListAsync)
            .WithName("ListLicenses")
            .WithSummary("License lines of this Smart Account that you can see, by license name. JSON, or CSV with Accept: text/csv.")
            .WithDescription("license: only the lines of the license with this id (an alert's licenseId); a license you cannot see " +
                "gives an empty list, as one that does not exist.")
            .Produces<ListPage<LicenseItem>>()
            .ProducesCsv()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> ListAsync(string domain, string? page, string? pageSize, string? license, HttpContext http,
        ListLicenses handler, CancellationToken ct)
    {
        var errors = ApiLists.Read(http.Request, out var query).ToList();
        var licenseId = ApiLists.Id(http.Request, "license", errors);
        if (errors.Count > 0) return ApiProblems.Invalid(errors);
        var fetched = await ApiLists.FetchAsync(query, p => handler.HandleAsync(new(http.User.UserId(), domain, p, licenseId), ct));
        if (fetched is null) return ApiProblems.AccountNotFound(domain);

        var items = fetched.Rows.Select(r => new LicenseItem(r.License, r.VirtualAccount, r.LineType.ToString().ToUpperInvariant(),
            r.Quantity, r.StartDate, r.ExpiryDate, r.Expiry.DaysLeft, r.Expiry.State.ToString(), r.LicenseId)).ToList();
        return query.Csv
            ? ApiLists.CsvFile(http, fetched.Account.Domain, "licenses", CsvHeader, items.Select(i => new CsvCell[]
            {
                i.License, i.VirtualAccount, i.LineType, CsvCell.Number(i.Quantity), CsvCell.Date(i.StartDate),
                CsvCell.Date(i.ExpiryDate), CsvCell.Number(i.DaysLeft), i.State,
            }))
            : ApiLists.Json(http, new ListPage<LicenseItem>(fetched.Account.Domain, fetched.Page, fetched.PageSize, fetched.Total, items));
    }
}
