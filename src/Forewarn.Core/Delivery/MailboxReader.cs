using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Delivery;

/// <summary>
/// Whose mail a signed-in user may read in the development mailbox (M3): mail prepared for them
/// (<c>X-Forewarn-Prepared-For</c>) — their own notifications and the copies of them sent to their additional
/// addresses (N5). Nobody reads mail prepared for another user, whatever address it went to (§1: users are told only
/// what their roles cover; docs/decisions/0402-ui-mailbox-shows-own-mail.md).
/// </summary>
public sealed class MailboxReader(ForewarnDbContext db)
{
    public sealed record Request(int UserId);

    /// <returns>The user's lower-case email (the key mail is read by); empty for an unknown user.</returns>
    public async Task<IReadOnlyList<string>> HandleAsync(Request request, CancellationToken ct)
    {
        var own = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        return own is null ? [] : [own.ToLowerInvariant()];
    }
}
