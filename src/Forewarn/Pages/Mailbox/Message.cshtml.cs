using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web.Mailbox;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages.Mailbox;

public sealed class MessageModel(ListSmartAccounts listSmartAccounts, MailboxQueries mailbox, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public MailboxQueries.Message? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        Message = await mailbox.OpenAsync(Id, ct);
        if (Message is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
