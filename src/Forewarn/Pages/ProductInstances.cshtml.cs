using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages;

public sealed class ProductInstancesModel(ListSmartAccounts listSmartAccounts, ListProductInstances listProductInstances, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    public AccountListPage<ListProductInstances.Row>? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        List = await listProductInstances.HandleAsync(new(User.UserId(), Selected.Domain, new PageRequest(PageNumber)), ct);
        return List is null ? UnknownAccountPage() : Page();
    }
}
