using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages;

public sealed class EventsModel(ListSmartAccounts listSmartAccounts, ListEvents listEvents, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    public AccountListPage<ListEvents.Row>? List { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        List = await listEvents.HandleAsync(new(User.UserId(), Selected.Domain, new PageRequest(PageNumber)), ct);
        return List is null ? UnknownAccountPage() : Page();
    }
}
