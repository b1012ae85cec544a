using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The Smart Accounts for the selector at the top right: only those the user holds some access to (§1).</summary>
public sealed class ListSmartAccounts(ForewarnDbContext db)
{
    /// <param name="IsAdmin">The user is SmartAccountAdmin of this account.</param>
    public sealed record Item(string Domain, string Name, string TimeZone, bool IsAdmin = false);

    public sealed record Request(int UserId);

    public async Task<IReadOnlyList<Item>> HandleAsync(Request request, CancellationToken ct) =>
        await db.SmartAccounts.AsNoTracking()
            .Where(a => db.Access.Any(x => x.UserId == request.UserId && x.SmartAccountId == a.Id))
            .OrderBy(a => a.Name).ThenBy(a => a.Domain)
            .Select(a => new Item(a.Domain, a.Name, a.TimeZone,
                db.Access.Any(x => x.UserId == request.UserId && x.SmartAccountId == a.Id && x.Role == Role.SmartAccountAdmin)))
            .ToListAsync(ct);
}
