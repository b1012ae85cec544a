using Forewarn.Core.Data;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The facts every list of one Smart Account needs: who it is and what "today" is in its zone.</summary>
public sealed record SmartAccountHeader(int Id, string Domain, string Name, string TimeZone, TimeZoneInfo Zone, DateOnly Today,
    Visibility Visibility, IReadOnlyList<Role> Roles, IReadOnlyList<(Role Role, int? VirtualAccountId)> Access)
{
    /// <summary>
    /// The account with this domain (compared lower-case, as stored) as <paramref name="userId"/> may see it, or null when
    /// there is no such account or the user holds no access to it: callers answer 404 either way, never telling
    /// an outsider that an account exists (§1).
    /// </summary>
    public static async Task<SmartAccountHeader?> FindAsync(ForewarnDbContext db, int userId, string domain, TimeProvider clock, CancellationToken ct)
    {
        var key = domain.Trim().ToLowerInvariant();
        var account = await db.SmartAccounts.AsNoTracking()
            .Where(a => a.Domain == key)
            .Select(a => new { a.Id, a.Domain, a.Name, a.TimeZone })
            .FirstOrDefaultAsync(ct);
        if (account is null) return null;
        var access = await db.Access.AsNoTracking().Where(x => x.UserId == userId && x.SmartAccountId == account.Id)
            .Select(x => new { x.Role, x.VirtualAccountId }).ToListAsync(ct);
        if (access.Count == 0) return null;
        var zone = AccountClock.Zone(account.TimeZone);
        return new(account.Id, account.Domain, account.Name, account.TimeZone, zone, AccountClock.Today(clock, zone),
            Visibility.From(access.Select(x => (x.Role, x.VirtualAccountId))), access.Select(x => x.Role).Distinct().Order().ToList(),
            access.Select(x => (x.Role, x.VirtualAccountId)).ToList());
    }

    /// <summary>A UTC instant as the account's wall-clock time, with its offset.</summary>
    public DateTimeOffset Local(DateTime utc)
    {
        var instant = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeFromUtc(instant, Zone), Zone.GetUtcOffset(instant));
    }
}

/// <summary>One page of a list shown for a Smart Account.</summary>
public sealed record AccountListPage<TRow>(SmartAccountHeader Account, int PageNumber, int PageSize, int Total, IReadOnlyList<TRow> Rows)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool HasPrevious => PageNumber > 1;
    public bool HasNext => PageNumber < PageCount;
}

/// <summary>Which page of a list; out-of-range numbers are pulled back into range rather than refused (it is navigation, not data).</summary>
public sealed record PageRequest(int Number = 1, int Size = PageRequest.DefaultSize)
{
    public const int DefaultSize = 100;
    public const int MaxSize = 500;

    public (int Number, int Size, int Skip) Resolve(int total)
    {
        var size = Math.Clamp(Size, 1, MaxSize);
        var pages = Math.Max(1, (total + size - 1) / size);
        var number = Math.Clamp(Number, 1, pages);
        return (number, size, (number - 1) * size);
    }
}
