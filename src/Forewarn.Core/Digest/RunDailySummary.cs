using Forewarn.Core.Data;
using Forewarn.Core.Delivery;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Digest;

/// <summary>
/// §3: composes the Daily Event Summary of every Smart Account for its digest date and writes each
/// message to the outbox in the same transaction as the decision (M1). Idempotent per
/// (recipient, SA, date) through a unique decision record (D5), also across processes.
/// Lines are read in keyset batches inside the widest chosen range, never the whole inventory.
/// </summary>
public sealed class RunDailySummary(ForewarnDbContext db, TimeProvider clock, DigestEmail email, IOptions<ForewarnOptions> options)
{
    public const int LineBatchSize = 1000;

    /// <param name="Date">Digest date for every account; null: today in each account's zone.</param>
    /// <param name="SmartAccountDomain">Only this account; null: all.</param>
    public sealed record Request(DateOnly? Date, string? SmartAccountDomain = null);

    /// <param name="Recipients">Users with Daily Event Summary on who can see something of the account.</param>
    /// <param name="DigestsQueued">Digests decided in this run and written to the outbox.</param>
    /// <param name="CopiesQueued">Copies to additional addresses (N5) written to the outbox.</param>
    /// <param name="AlreadyDecided">Recipients whose digest for that date was decided by an earlier run (D5).</param>
    /// <param name="NotYetDue">Accounts skipped because the digest date has not begun in their zone, so the day before it
    /// (whose events the digest reports, D2) is not over: deciding now would lose that day's later events for good.</param>
    public sealed record Summary(int SmartAccounts, int Recipients, int DigestsQueued, int CopiesQueued,
        int SkippedEmpty, int AlreadyDecided, int NotYetDue = 0);

    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2999, 12, 31);

    /// <summary>Why a requested digest date cannot be run at all, or null.</summary>
    public static string? DateProblem(DateOnly date) =>
        date < EarliestDate || date > LatestDate
            ? $"{date:yyyy-MM-dd} is outside the supported range {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}"
            : null;

    public async Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        var domain = request.SmartAccountDomain?.Trim().ToLowerInvariant();
        var accounts = await db.SmartAccounts.AsNoTracking()
            .Where(a => domain == null || a.Domain == domain)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, a.Domain, a.TimeZone })
            .ToListAsync(ct);

        if (request.Date is DateOnly requested && DateProblem(requested) is { } problem)
            throw new ArgumentOutOfRangeException(nameof(request), problem);

        var total = new Summary(0, 0, 0, 0, 0, 0);
        foreach (var a in accounts)
        {
            var zone = AccountClock.Zone(a.TimeZone);
            var today = AccountClock.Today(clock, zone);
            var date = request.Date ?? today;
            if (date > today)
            {
                total = total with { SmartAccounts = total.SmartAccounts + 1, NotYetDue = total.NotYetDue + 1 };
                continue;
            }
            var s = await RunAccountAsync(a.Id, a.Name, a.Domain, a.TimeZone, zone, date, ct);
            total = new Summary(total.SmartAccounts + 1, total.Recipients + s.Recipients, total.DigestsQueued + s.DigestsQueued,
                total.CopiesQueued + s.CopiesQueued, total.SkippedEmpty + s.SkippedEmpty, total.AlreadyDecided + s.AlreadyDecided,
                total.NotYetDue);
        }
        return total;
    }

    private async Task<Summary> RunAccountAsync(int accountId, string name, string domain, string zoneId, TimeZoneInfo zone,
        DateOnly date, CancellationToken ct)
    {
        var recipients = await LoadRecipientsAsync(accountId, ct);
        var decided = (await db.DigestRecords.AsNoTracking()
            .Where(r => r.SmartAccountId == accountId && r.DigestDate == date)
            .Select(r => r.UserId).ToListAsync(ct)).ToHashSet();
        var builders = recipients.Where(r => !decided.Contains(r.UserId))
            .Select(r => new DigestBuilder(r, date, zone)).ToList();
        var alreadyDecided = recipients.Count - builders.Count;
        if (builders.Count == 0) return new Summary(1, recipients.Count, 0, 0, 0, alreadyDecided);

        await StreamEventsAsync(accountId, date, zone, builders, ct);
        await StreamLinesAsync(accountId, date, builders, ct);

        int queued = 0, copies = 0, skipped = 0;
        foreach (var builder in builders)
        {
            var model = builder.Build(name, domain, zoneId, options.Value.OrderingUrl);
            var outcome = await DecideAsync(accountId, builder.Recipient, model, ct);
            switch (outcome)
            {
                case null: alreadyDecided++; break;
                case { Sent: false }: skipped++; break;
                case { Sent: true, Copies: var c }: queued++; copies += c; break;
            }
        }
        return new Summary(1, recipients.Count, queued, copies, skipped, alreadyDecided);
    }

    private async Task<List<DigestRecipient>> LoadRecipientsAsync(int accountId, CancellationToken ct)
    {
        var prefs = await (
            from p in db.NotificationPreferences.AsNoTracking()
            join u in db.Users.AsNoTracking() on p.UserId equals u.Id
            where p.SmartAccountId == accountId && p.DailyEventSummary
            orderby u.Email
            select new { u.Id, u.Email, u.Name, p.Events, p.ExpiringRangeDays, p.AdditionalEmails }).ToListAsync(ct);
        var access = (await db.Access.AsNoTracking()
                .Where(x => x.SmartAccountId == accountId)
                .Select(x => new { x.UserId, x.Role, x.VirtualAccountId }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => (x.Role, x.VirtualAccountId));

        var result = new List<DigestRecipient>();
        foreach (var p in prefs)
        {
            var visibility = Visibility.From(access[p.Id]);
            if (!visibility.Any) continue; // no access left: not eligible (visibility equals eligibility)
            var range = ExpiringRange.Normalise(true, p.Events, p.ExpiringRangeDays);
            // N5: copies go out only while the user is SmartAccountAdmin of this account.
            var copies = visibility.IsSmartAccountAdmin && p.AdditionalEmails.Length > 0 ? p.AdditionalEmails.Split(',') : [];
            result.Add(new DigestRecipient(p.Id, p.Email, p.Name, p.Events, range, visibility, copies));
        }
        return result;
    }

    private async Task StreamEventsAsync(int accountId, DateOnly date, TimeZoneInfo zone, List<DigestBuilder> builders, CancellationToken ct)
    {
        var selected = builders.Aggregate(NotificationTypes.None, (acc, b) => acc | b.Recipient.Events);
        var types = NotificationTypeCatalog.EventTypesSelectedBy(selected);
        if (types.Count == 0) return;
        var (start, end) = DigestWindow.EventsUtc(date, zone);
        var events = db.Events.AsNoTracking()
            .Where(e => e.SmartAccountId == accountId && e.At >= start && e.At < end && types.Contains(e.Type))
            .OrderBy(e => e.Id)
            .Select(e => new DigestEventSource(e.Id, e.At, e.Type, e.Message, e.VirtualAccountId,
                e.VirtualAccount == null ? null : e.VirtualAccount.Name))
            .AsAsyncEnumerable();
        await foreach (var e in events.WithCancellation(ct))
            foreach (var b in builders) b.AddEvent(e);
    }

    private async Task StreamLinesAsync(int accountId, DateOnly date, List<DigestBuilder> builders, CancellationToken ct)
    {
        var widest = builders.Select(b => b.Recipient.RangeDays).Max();
        if (widest is not int range) return;
        var last = date.AddDays(range);
        var afterId = 0;
        while (true)
        {
            var batch = await db.LicenseLines.AsNoTracking()
                .Where(l => l.Id > afterId && l.License.VirtualAccount.SmartAccountId == accountId
                            && l.Type != LicenseType.Perpetual && l.EndDate != null && l.EndDate >= date && l.EndDate <= last)
                .OrderBy(l => l.Id)
                .Take(LineBatchSize)
                .Select(l => new DigestLineSource(l.Id, l.License.Name, l.License.VirtualAccountId, l.License.VirtualAccount.Name,
                    l.Quantity, l.Type, l.EndDate))
                .ToListAsync(ct);
            foreach (var line in batch)
                foreach (var b in builders) b.AddLine(line);
            if (batch.Count < LineBatchSize) return;
            afterId = batch[^1].LineId;
        }
    }

    private sealed record Decision(bool Sent, int Copies);

    /// <summary>Records the decision and writes the mails in one transaction; null when another run decided first (D5).</summary>
    private async Task<Decision?> DecideAsync(int accountId, DigestRecipient r, DigestModel model, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new DigestRecord
        {
            SmartAccountId = accountId, UserId = r.UserId, DigestDate = model.DigestDate, DecidedAt = now,
            Outcome = model.IsEmpty ? DigestOutcome.SkippedEmpty : DigestOutcome.Sent,
            EventCount = model.EventCount, ExpiringLineCount = model.Expiring.Count,
        };
        db.DigestRecords.Add(record);
        var copies = 0;
        if (!model.IsEmpty)
        {
            var mail = await email.RenderAsync(model);
            var key = $"{DigestEmail.Kind}|{model.SmartAccountDomain}|{model.DigestDate:yyyy-MM-dd}|{r.Email}";
            db.Outbox.Add(OutboxEntry.Create(DigestEmail.Kind, key, model.SmartAccountDomain, r.Email, r.Name,
                mail.Subject, mail.Text, mail.Html, mail.Headers, now));
            foreach (var address in r.AdditionalEmails.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var copy = await email.RenderAsync(model with { CopyTo = address });
                db.Outbox.Add(OutboxEntry.Create(DigestEmail.Kind, $"{key}|copy:{address}", model.SmartAccountDomain, address, null,
                    copy.Subject, copy.Text, copy.Html, copy.Headers, now));
                copies++;
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return new Decision(!model.IsEmpty, copies);
        }
        catch (DbUpdateException e) when (DatabaseSetup.IsUniqueViolation(e))
        {
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
