using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The Event Log tab of a Smart Account: newest first, times in the account's zone.</summary>
public sealed class ListEvents(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="Period">Only events of this period (the API); null: the whole log (the Event Log tab).</param>
    public sealed record Request(int UserId, string SmartAccountDomain, PageRequest? Page = null, EventPeriod? Period = null);

    /// <param name="VirtualAccount">Null for a Smart-Account-level event.</param>
    public sealed record Row(DateTimeOffset At, EventType Type, string? VirtualAccount, string Message, string? Actor);

    /// <returns>Null when no Smart Account with that domain is visible to the user.</returns>
    public async Task<AccountListPage<Row>?> HandleAsync(Request request, CancellationToken ct)
    {
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain, clock, ct);
        if (account is null) return null;

        var events = await VisibleAsync(db, request.UserId, account, ct);
        if (request.Period is { } period)
        {
            var (fromUtc, toUtc) = period.Resolve(account.Zone, account.Today);
            events = events.Where(e => e.At >= fromUtc && e.At < toUtc);
        }
        var total = await events.CountAsync(ct);
        var (number, size, skip) = (request.Page ?? new()).Resolve(total);
        var rows = await events
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(skip).Take(size)
            .Select(e => new { e.At, e.Type, VirtualAccount = e.VirtualAccount != null ? e.VirtualAccount.Name : null, e.Message, e.ActorEmail })
            .ToListAsync(ct);

        return new(account, number, size, total, rows
            .Select(e => new Row(account.Local(e.At), e.Type, e.VirtualAccount, e.Message, e.ActorEmail))
            .ToList());
    }

    /// <summary>The account's events <paramref name="userId"/> may see; the Event Log tab and its export use the same rule.</summary>
    internal static async Task<IQueryable<Event>> VisibleAsync(ForewarnDbContext db, int userId, SmartAccountHeader account, CancellationToken ct)
    {
        var events = db.Events.AsNoTracking().Where(e => e.SmartAccountId == account.Id);
        if (account.Visibility.WholeAccount) return events;
        // VA roles see their VAs' events (never SA-level ones, D2), plus what they did themselves (N7).
        var visible = account.Visibility.VirtualAccountIds.ToList();
        var me = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct);
        return events.Where(e => (e.VirtualAccountId != null && visible.Contains(e.VirtualAccountId.Value)) || e.ActorEmail == me);
    }
}
