using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The Smart Accounts for the selector at the top right. Until sign-in exists (issue 3) that is every account.</summary>
public sealed class ListSmartAccounts(ForewarnDbContext db)
{
    public sealed record Item(string Domain, string Name, string TimeZone);

    public async Task<IReadOnlyList<Item>> HandleAsync(CancellationToken ct) =>
        await db.SmartAccounts.AsNoTracking()
            .OrderBy(a => a.Name).ThenBy(a => a.Domain)
            .Select(a => new Item(a.Domain, a.Name, a.TimeZone))
            .ToListAsync(ct);
}
