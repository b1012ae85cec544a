using Forewarn.Core.Delivery;
using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Forewarn.Web.Mailbox;

namespace Forewarn.Pages.Mailbox;

/// <summary>The development mailbox (M3): only mail to the signed-in user and to the additional addresses they set.</summary>
public sealed class IndexModel(ListSmartAccounts listSmartAccounts, MailboxQueries mailbox, MailboxReader reader, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    public MailboxQueries.ListPage List { get; private set; } = new(1, PageRequest.DefaultSize, 0, []);

    /// <summary>The addresses whose mail is shown.</summary>
    public IReadOnlyList<string> Readable { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        Readable = await reader.HandleAsync(new MailboxReader.Request(User.UserId()), ct);
        List = await mailbox.ListAsync(Readable, new PageRequest(PageNumber, 50), ct);
    }
}
