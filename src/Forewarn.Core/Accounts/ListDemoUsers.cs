using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Accounts;

/// <summary>
/// The users who still have the documented demo password of the bundled sample, with their access, for the hint on the
/// sign-in page. Empty as soon as every demo user has a password of their own (or there was never a sample).
/// </summary>
public sealed class ListDemoUsers(ForewarnDbContext db)
{
    public sealed record Grant(Role Role, string SmartAccount, string? VirtualAccount);

    public sealed record DemoUser(string Email, string Name, IReadOnlyList<Grant> Access);

    public async Task<IReadOnlyList<DemoUser>> HandleAsync(CancellationToken ct)
    {
        var rows = await db.Users.AsNoTracking()
            .Where(u => u.HasDemoPassword)
            .OrderBy(u => u.Email)
            .Select(u => new
            {
                u.Email, u.Name,
                Access = u.Access.Select(a => new Grant(a.Role, a.SmartAccount.Name, a.VirtualAccount == null ? null : a.VirtualAccount.Name)).ToList(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new DemoUser(r.Email, r.Name,
            r.Access.OrderBy(a => a.Role).ThenBy(a => a.SmartAccount, StringComparer.Ordinal).ToList())).ToList();
    }
}
