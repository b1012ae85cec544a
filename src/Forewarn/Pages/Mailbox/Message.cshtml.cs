using Forewarn.Core.Delivery;
using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Forewarn.Web.Mailbox;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages.Mailbox;

public sealed class MessageModel(ListSmartAccounts listSmartAccounts, MailboxQueries mailbox, MailboxReader reader, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public MailboxQueries.Message? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        // Mail to anyone else is "no such message": the page does not tell which ids exist.
        Message = await mailbox.OpenAsync(await reader.HandleAsync(new MailboxReader.Request(User.UserId()), ct), Id, ct);
        if (Message is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
