using Forewarn.Core.Data;
using Forewarn.Core.Delivery;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.StatusNotifications;

/// <summary>
/// A6: mails every change (event) not yet status-notified. Per Smart Account, once its oldest waiting change is older than
/// the coalescing window (or at once when the caller flushes), it takes all its waiting changes and writes ONE email per
/// recipient with Status Notification on who selected and can see at least one of them, plus a copy for each additional
/// address of an admin (N5), and marks the changes notified, all in one transaction. The changes are claimed with a
/// conditional update (only those still unmarked); if another process took any of them first, everything rolls back, so
/// no change is ever notified twice (docs/decisions/0602).
/// </summary>
public sealed class SendStatusNotifications(ForewarnDbContext db, TimeProvider clock, StatusNotificationEmail email,
    IOptions<StatusNotificationOptions> statusOptions, IOptions<ForewarnOptions> options)
{
    /// <summary>Any constant: on PostgreSQL one run at a time takes an account's changes (pg_advisory_xact_lock(class, account)).</summary>
    private const int AccountLockClass = 0x46575354; // "FWST"

    /// <param name="Flush">Take every waiting change now, without waiting for the coalescing window (the daily run does).</param>
    /// <param name="SmartAccountDomain">Only this account; null: all.</param>
    public sealed record Request(bool Flush = false, string? SmartAccountDomain = null);

    /// <param name="SmartAccounts">Accounts whose changes were taken.</param>
    /// <param name="Changes">Changes taken and marked notified (mailed to someone or not).</param>
    /// <param name="Notifications">Emails to users written to the outbox.</param>
    /// <param name="Copies">Copies to additional addresses (N5) written to the outbox.</param>
    /// <param name="Waiting">Accounts whose changes wait for the coalescing window.</param>
    /// <param name="TakenByAnotherRun">Times another process took the changes first (ours rolled back).</param>
    public sealed record Summary(int SmartAccounts, int Changes, int Notifications, int Copies, int Waiting, int TakenByAnotherRun)
    {
        public static readonly Summary None = new(0, 0, 0, 0, 0, 0);
        public Summary Plus(Summary o) => new(SmartAccounts + o.SmartAccounts, Changes + o.Changes, Notifications + o.Notifications,
            Copies + o.Copies, Waiting + o.Waiting, TakenByAnotherRun + o.TakenByAnotherRun);
    }

    private sealed record Account(int Id, string Name, string Domain, string TimeZone);

    public async Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        var domain = request.SmartAccountDomain?.Trim().ToLowerInvariant();
        var pending = await db.Events.AsNoTracking()
            .Where(e => e.StatusNotifiedAt == null)
            .GroupBy(e => e.SmartAccountId)
            .Select(g => new { SmartAccountId = g.Key, Oldest = g.Min(e => e.At) })
            .ToListAsync(ct);
        if (pending.Count == 0) return Summary.None;
        var ids = pending.Select(p => p.SmartAccountId).ToList();
        var accounts = await db.SmartAccounts.AsNoTracking()
            .Where(a => ids.Contains(a.Id) && (domain == null || a.Domain == domain))
            .OrderBy(a => a.Id)
            .Select(a => new Account(a.Id, a.Name, a.Domain, a.TimeZone))
            .ToListAsync(ct);

        var cutoff = Now() - statusOptions.Value.CoalescingWindow;
        var total = Summary.None;
        foreach (var account in accounts)
        {
            if (!request.Flush && pending.Single(p => p.SmartAccountId == account.Id).Oldest > cutoff)
            {
                total = total with { Waiting = total.Waiting + 1 };
                continue;
            }
            var taken = Summary.None;
            while (true)
            {
                var (batch, full) = await TakeAsync(account, ct);
                taken = taken.Plus(batch);
                if (!full || batch.TakenByAnotherRun > 0) break;
            }
            total = total.Plus(taken with { SmartAccounts = taken.Changes > 0 ? 1 : 0 });
        }
        return total;
    }

    /// <summary>One transaction: claim up to MaxChangesPerEmail waiting changes, write the emails, commit.</summary>
    /// <returns>What was done, and whether the batch was full (more may be waiting).</returns>
    private async Task<(Summary Done, bool Full)> TakeAsync(Account account, CancellationToken ct)
    {
        var max = statusOptions.Value.MaxChangesPerEmail;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // SQLite's transaction already holds the write lock; PostgreSQL serialises runs per account so they do not collide.
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock({0}, {1})", [AccountLockClass, account.Id], ct);

            var events = await db.Events.AsNoTracking()
                .Where(e => e.SmartAccountId == account.Id && e.StatusNotifiedAt == null)
                .OrderBy(e => e.Id)
                .Take(max)
                .Select(e => new { e.Id, e.At, e.Type, e.Message, e.VirtualAccountId, VirtualAccount = e.VirtualAccount != null ? e.VirtualAccount.Name : null })
                .ToListAsync(ct);
            if (events.Count == 0) return (Summary.None, false);
            var ids = events.Select(e => e.Id).ToList();

            // The claim: only changes still unmarked. Fewer than we read means another run took some; ours rolls back whole.
            var now = Now();
            var claimed = await db.Events.Where(e => ids.Contains(e.Id) && e.StatusNotifiedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.StatusNotifiedAt, now), ct);
            if (claimed != ids.Count)
            {
                await transaction.RollbackAsync(ct);
                return (Summary.None with { TakenByAnotherRun = 1 }, false);
            }

            var lines = await (
                    from r in db.ExpirationRaises.AsNoTracking()
                    where ids.Contains(r.EventId)
                    join l in db.LicenseLines on r.LicenseLineId equals l.Id
                    select new { r.EventId, License = l.License.Name, VirtualAccount = l.License.VirtualAccount.Name, l.Quantity, r.ExpiryDate, r.RaisedOn })
                .ToDictionaryAsync(x => x.EventId, ct);
            var changes = events.Select(e => new StatusChange(e.Id, e.At, e.Type, e.Message, e.VirtualAccountId, e.VirtualAccount,
                lines.TryGetValue(e.Id, out var l) ? new ChangedLine(l.License, l.VirtualAccount, l.Quantity, l.ExpiryDate, l.RaisedOn) : null)).ToList();

            var zone = AccountClock.Zone(account.TimeZone);
            int notifications = 0, copies = 0;
            foreach (var recipient in await LoadRecipientsAsync(account.Id, ct))
            {
                var groups = StatusNotificationBuilder.Groups(recipient, changes, zone);
                if (groups.Count == 0) continue;
                var model = new StatusNotificationModel(account.Name, account.Domain, account.TimeZone, recipient.Name, recipient.Email,
                    groups, options.Value.OrderingUrl);
                // The claim's first change belongs to this claim alone, so the key (and the Message-Id) is unique per mail.
                var key = $"{StatusNotificationEmail.Kind}|{account.Domain}|events:{ids[0]}-{ids[^1]}|{recipient.Email}";
                var mail = await email.RenderAsync(model);
                db.Outbox.Add(OutboxEntry.Create(StatusNotificationEmail.Kind, key, account.Domain, recipient.Email, recipient.Name,
                    mail.Subject, mail.Text, mail.Html, mail.Headers, now));
                notifications++;
                foreach (var address in recipient.AdditionalEmails.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    var copy = await email.RenderAsync(model with { CopyTo = address });
                    db.Outbox.Add(OutboxEntry.Create(StatusNotificationEmail.Kind, $"{key}|copy:{address}", account.Domain, address, null,
                        copy.Subject, copy.Text, copy.Html, copy.Headers, now));
                    copies++;
                }
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (new Summary(0, events.Count, notifications, copies, 0, 0), events.Count == max);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Users with Status Notification on for the account who can see something of it (N1, §1).</summary>
    private async Task<List<StatusRecipient>> LoadRecipientsAsync(int accountId, CancellationToken ct)
    {
        var prefs = await (
            from p in db.NotificationPreferences.AsNoTracking()
            join u in db.Users.AsNoTracking() on p.UserId equals u.Id
            where p.SmartAccountId == accountId && p.StatusNotification
            orderby u.Email
            select new { u.Id, u.Email, u.Name, p.Events, p.AdditionalEmails }).ToListAsync(ct);
        var access = (await db.Access.AsNoTracking()
                .Where(x => x.SmartAccountId == accountId)
                .Select(x => new { x.UserId, x.Role, x.VirtualAccountId }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => (x.Role, x.VirtualAccountId));
        var result = new List<StatusRecipient>();
        foreach (var p in prefs)
        {
            var visibility = Visibility.From(access[p.Id]);
            if (!visibility.Any) continue;
            // N5: copies only while the user is SmartAccountAdmin of this account.
            var copies = visibility.IsSmartAccountAdmin && p.AdditionalEmails.Length > 0 ? p.AdditionalEmails.Split(',') : [];
            result.Add(new StatusRecipient(p.Id, p.Email, p.Name, p.Events, visibility, copies));
        }
        return result;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
