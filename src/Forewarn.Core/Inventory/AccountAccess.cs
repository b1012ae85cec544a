using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>A Smart Account as one user may see it: the account and what their roles cover (§1).</summary>
public sealed record AccountAccess(int SmartAccountId, string Name, string Domain, string TimeZone, Visibility Visibility,
    IReadOnlyList<Role> Roles)
{
    /// <summary>The account by domain if the user holds some access to it; null otherwise (callers answer 404, never 403).</summary>
    public static async Task<AccountAccess?> FindAsync(ForewarnDbContext db, int userId, string domain, CancellationToken ct)
    {
        var d = domain.Trim().ToLowerInvariant();
        var sa = await db.SmartAccounts.AsNoTracking().Where(a => a.Domain == d)
            .Select(a => new { a.Id, a.Name, a.Domain, a.TimeZone }).SingleOrDefaultAsync(ct);
        if (sa is null) return null;
        var access = await db.Access.AsNoTracking().Where(x => x.UserId == userId && x.SmartAccountId == sa.Id)
            .Select(x => new { x.Role, x.VirtualAccountId }).ToListAsync(ct);
        if (access.Count == 0) return null;
        var visibility = Visibility.From(access.Select(x => (x.Role, x.VirtualAccountId)));
        return new AccountAccess(sa.Id, sa.Name, sa.Domain, sa.TimeZone, visibility, access.Select(x => x.Role).Distinct().Order().ToList());
    }
}
