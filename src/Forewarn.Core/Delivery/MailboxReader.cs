using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Delivery;

/// <summary>
/// Whose mail a signed-in user may read in the development mailbox (M3): mail to their own address, and to the
/// additional addresses (N5) on their own preferences for Smart Accounts they are still admin of — the copies they
/// caused. Nobody reads another user's mail (§1: users are told only what their roles cover;
/// docs/decisions/0402-ui-mailbox-shows-own-mail.md).
/// </summary>
public sealed class MailboxReader(ForewarnDbContext db)
{
    public sealed record Request(int UserId);

    /// <returns>Lower-case envelope recipients; empty for an unknown user.</returns>
    public async Task<IReadOnlyList<string>> HandleAsync(Request request, CancellationToken ct)
    {
        var own = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (own is null) return [];
        var additional = await db.NotificationPreferences.AsNoTracking()
            .Where(p => p.UserId == request.UserId && p.AdditionalEmails != "" &&
                        db.Access.Any(a => a.UserId == request.UserId && a.SmartAccountId == p.SmartAccountId && a.Role == Role.SmartAccountAdmin))
            .Select(p => p.AdditionalEmails)
            .ToListAsync(ct);
        return additional.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Prepend(own)
            .Select(a => a.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
