using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages;

/// <summary>
/// Inventory → Licenses; <c>?license=&lt;id&gt;</c> shows only that license's lines (the Alerts tab links here, issue 4
/// item 3). A license the user cannot see answers 404 with the same words as one that does not exist (§1).
/// </summary>
public sealed class LicensesModel(ListSmartAccounts listSmartAccounts, ListLicenses listLicenses, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    [BindProperty(SupportsGet = true, Name = "license")]
    public string? LicenseQuery { get; set; }

    /// <summary>The license the list is narrowed to, when <c>?license=</c> was a valid id.</summary>
    public int? LicenseId { get; private set; }

    public AccountListPage<ListLicenses.Row>? List { get; private set; }

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        var errors = new List<FieldError>();
        LicenseId = ReadId("license", "license", LicenseQuery, errors);
        List = await listLicenses.HandleAsync(new(User.UserId(), Selected.Domain, new PageRequest(PageNumber), LicenseId), ct);
        if (List is null) return UnknownAccountPage();
        // A bad id: say which and why, and show every license beneath (as the Alerts tab does with a bad filter).
        Errors = errors;
        if (errors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (LicenseId is not null && List.Total == 0) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>What the pager keeps besides the account and page.</summary>
    public IReadOnlyDictionary<string, string>? Filter =>
        LicenseId is int id ? new Dictionary<string, string> { ["license"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null;

    public static string RowClass(LicenseExpiry expiry) => expiry.State switch
    {
        ExpiryState.Expired => "expired",
        ExpiryState.ExpiresToday => "expires-today",
        _ => "",
    };
}
