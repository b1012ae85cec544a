using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Accounts;

/// <summary>Who am I: the user and the Smart Accounts they hold access to, with their roles (§1).</summary>
public sealed class GetMe(ForewarnDbContext db)
{
    public sealed record Request(int UserId);

    public sealed record AccountRole(string Role, string? VirtualAccount);

    public sealed record MyAccount(string Domain, string Name, string TimeZone, IReadOnlyList<AccountRole> Roles);

    public sealed record Me(string Email, string Name, string? TimeZone, IReadOnlyList<MyAccount> SmartAccounts);

    public async Task<Result<Me>> HandleAsync(Request request, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UserId, ct);
        if (user is null) return Result<Me>.NotFound("user", "No such user.");
        var rows = await db.Access.AsNoTracking().Where(a => a.UserId == request.UserId)
            .Select(a => new { a.SmartAccount.Domain, a.SmartAccount.Name, a.SmartAccount.TimeZone, a.Role,
                VirtualAccount = a.VirtualAccount == null ? null : a.VirtualAccount.Name })
            .ToListAsync(ct);
        var accounts = rows.GroupBy(r => (r.Domain, r.Name, r.TimeZone))
            .OrderBy(g => g.Key.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => new MyAccount(g.Key.Domain, g.Key.Name, g.Key.TimeZone,
                g.OrderBy(r => r.Role).ThenBy(r => r.VirtualAccount).Select(r => new AccountRole(r.Role.ToString(), r.VirtualAccount)).ToList()))
            .ToList();
        return Result<Me>.Ok(new Me(user.Email, user.Name, user.TimeZone, accounts));
    }
}
