using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The Smart Accounts for the selector at the top right: only those the user holds some access to (§1).</summary>
public sealed class ListSmartAccounts(ForewarnDbContext db)
{
    public sealed record Item(string Domain, string Name, string TimeZone);

    public sealed record Request(int UserId);

    public async Task<IReadOnlyList<Item>> HandleAsync(Request request, CancellationToken ct) =>
        await db.SmartAccounts.AsNoTracking()
            .Where(a => db.Access.Any(x => x.UserId == request.UserId && x.SmartAccountId == a.Id))
            .OrderBy(a => a.Name).ThenBy(a => a.Domain)
            .Select(a => new Item(a.Domain, a.Name, a.TimeZone))
            .ToListAsync(ct);
}
