using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web.Mailbox;

namespace Forewarn.Pages.Mailbox;

public sealed class IndexModel(ListSmartAccounts listSmartAccounts, MailboxQueries mailbox, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    public MailboxQueries.ListPage List { get; private set; } = new(1, PageRequest.DefaultSize, 0, []);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        List = await mailbox.ListAsync(new PageRequest(PageNumber, 50), ct);
    }
}
