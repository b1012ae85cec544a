using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages;

public sealed class LicensesModel(ListSmartAccounts listSmartAccounts, ListLicenses listLicenses, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    public AccountListPage<ListLicenses.Row>? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        List = await listLicenses.HandleAsync(new(User.UserId(), Selected.Domain, new PageRequest(PageNumber)), ct);
        return List is null ? UnknownAccountPage() : Page();
    }

    public static string RowClass(LicenseExpiry expiry) => expiry.State switch
    {
        ExpiryState.Expired => "expired",
        ExpiryState.ExpiresToday => "expires-today",
        _ => "",
    };
}
