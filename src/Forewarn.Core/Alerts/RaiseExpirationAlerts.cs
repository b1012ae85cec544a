using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Alerts;

/// <summary>
/// A1–A3 for one Smart Account on its local date D. Reads the lines that can need a raise (expiry in
/// [D − lookback, D + largest threshold], never perpetual) in keyset batches, and per line raises at most one thing:
/// the nearest passed threshold not yet raised for its current expiry date (<see cref="ExpirationSchedule"/>), or, from
/// the day after expiry, LicensesExpired. A raise is an <see cref="ExpirationRaise"/> row (unique, so a concurrent run
/// loses cleanly), the line's alert created or refreshed, and an Event, in one transaction; the status notification run
/// mails the event (A6). Only lines Forewarn knew before they expired get LicensesExpired (docs/decisions/0601).
/// </summary>
public sealed class RaiseExpirationAlerts(ForewarnDbContext db, TimeProvider clock, IOptions<AlertOptions> alertOptions,
    IOptions<ForewarnOptions> options)
{
    public const int LineBatchSize = 1000;

    public sealed record Request(int SmartAccountId, DateOnly Date);

    /// <param name="Expiring">LicensesExpiring raises (A1, A2).</param>
    /// <param name="Expired">LicensesExpired raises (A3).</param>
    /// <param name="LostToAnotherRun">Raises another run made first (the unique ledger refused ours).</param>
    /// <param name="AlertsCleared">Alerts about an expiry date the line no longer has, or whose date passed.</param>
    public sealed record Summary(int Expiring, int Expired, int LostToAnotherRun, int AlertsCleared)
    {
        public static readonly Summary None = new(0, 0, 0, 0);
        public Summary Plus(Summary o) => new(Expiring + o.Expiring, Expired + o.Expired, LostToAnotherRun + o.LostToAnotherRun, AlertsCleared + o.AlertsCleared);
    }

    private sealed record Candidate(int LineId, int LicenseId, string License, int VirtualAccountId, string VirtualAccount, int Quantity, DateOnly Expiry);

    public async Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        var schedule = alertOptions.Value.Thresholds;
        var date = request.Date;
        var first = date.AddDays(-alertOptions.Value.ExpiredLookbackDays);
        var last = date.AddDays(schedule.Max());
        var total = Summary.None;
        var afterId = 0;
        while (true)
        {
            var batch = await db.LicenseLines.AsNoTracking()
                .Where(l => l.Id > afterId && l.License.VirtualAccount.SmartAccountId == request.SmartAccountId
                            && l.Type != LicenseType.Perpetual && l.EndDate != null && l.EndDate >= first && l.EndDate <= last)
                .OrderBy(l => l.Id)
                .Take(LineBatchSize)
                .Select(l => new Candidate(l.Id, l.LicenseId, l.License.Name, l.License.VirtualAccountId, l.License.VirtualAccount.Name,
                    l.Quantity, l.EndDate!.Value))
                .ToListAsync(ct);
            if (batch.Count > 0) total = total.Plus(await RaiseAsync(request.SmartAccountId, date, schedule, batch, ct));
            if (batch.Count < LineBatchSize) break;
            afterId = batch[^1].LineId;
        }
        return total with { AlertsCleared = total.AlertsCleared + await ClearStaleAsync(request.SmartAccountId, date, ct) };
    }

    /// <summary>
    /// Decides and saves the raises of a batch in one SaveChanges (each raise's rows together, so each is atomic). If another
    /// run got in first anywhere in the batch, starts over line by line so only the contended line is given up.
    /// </summary>
    private async Task<Summary> RaiseAsync(int accountId, DateOnly date, IReadOnlyList<int> schedule, IReadOnlyList<Candidate> lines,
        CancellationToken ct)
    {
        try
        {
            var planned = await PlanAsync(accountId, date, schedule, lines, ct);
            await db.SaveChangesAsync(ct);
            return planned;
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || DatabaseSetup.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            if (lines.Count == 1) return Summary.None with { LostToAnotherRun = 1 };
            var total = Summary.None;
            foreach (var line in lines) total = total.Plus(await RaiseAsync(accountId, date, schedule, [line], ct));
            return total;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<Summary> PlanAsync(int accountId, DateOnly date, IReadOnlyList<int> schedule, IReadOnlyList<Candidate> lines,
        CancellationToken ct)
    {
        var ids = lines.Select(l => l.LineId).ToList();
        var raised = (await db.ExpirationRaises.AsNoTracking()
                .Where(r => ids.Contains(r.LicenseLineId))
                .Select(r => new { r.LicenseLineId, r.Kind, r.Threshold, r.ExpiryDate })
                .ToListAsync(ct))
            .ToLookup(r => (r.LicenseLineId, r.ExpiryDate));
        var open = (await db.Alerts
                .Where(a => a.LicenseLineId != null && ids.Contains(a.LicenseLineId.Value) && a.State != AlertState.Cleared
                            && (a.Kind == AlertKind.LicensesExpiring || a.Kind == AlertKind.LicensesExpired))
                .ToListAsync(ct))
            .ToDictionary(a => (a.LicenseLineId!.Value, a.Kind));

        var now = clock.GetUtcNow().UtcDateTime;
        var url = options.Value.OrderingUrl;
        int expiring = 0, expired = 0;
        foreach (var line in lines)
        {
            var ledger = raised[(line.LineId, line.Expiry)].ToList();
            open.TryGetValue((line.LineId, AlertKind.LicensesExpiring), out var expiringAlert);
            if (line.Expiry >= date)
            {
                var thresholds = ledger.Where(r => r.Kind == AlertKind.LicensesExpiring).Select(r => r.Threshold).ToHashSet();
                if (ExpirationSchedule.ThresholdToRaise(date, line.Expiry, schedule, thresholds) is not int threshold) continue;
                var e = NewEvent(accountId, line, now, EventType.LicensesExpiring,
                    AlertMessages.ExpiringEvent(line.License, line.VirtualAccount, line.Quantity, line.Expiry, date, threshold));
                db.ExpirationRaises.Add(new ExpirationRaise
                {
                    LicenseLineId = line.LineId, Kind = AlertKind.LicensesExpiring, Threshold = threshold, ExpiryDate = line.Expiry,
                    RaisedOn = date, Event = e,
                });
                Refresh(expiringAlert ?? NewAlert(accountId, line, AlertKind.LicensesExpiring, now), line, now,
                    ExpirationSchedule.SeverityFor(threshold),
                    AlertMessages.ExpiringAlert(line.License, line.VirtualAccount, line.Quantity, line.Expiry, date, url));
                expiring++;
            }
            else
            {
                // A3, only for lines Forewarn knew before they expired: importing long-expired lines raises nothing.
                var known = ledger.Any(r => r.Kind == AlertKind.LicensesExpiring);
                var already = ledger.Any(r => r.Kind == AlertKind.LicensesExpired);
                var dismissed = expiringAlert is { State: AlertState.Dismissed } d && d.ActionDue == line.Expiry;
                if (!known || !ExpirationSchedule.ShouldRaiseExpired(date, line.Expiry, already, dismissed)) continue;
                var e = NewEvent(accountId, line, now, EventType.LicensesExpired,
                    AlertMessages.ExpiredEvent(line.License, line.VirtualAccount, line.Quantity, line.Expiry));
                db.ExpirationRaises.Add(new ExpirationRaise
                {
                    LicenseLineId = line.LineId, Kind = AlertKind.LicensesExpired, Threshold = 0, ExpiryDate = line.Expiry,
                    RaisedOn = date, Event = e,
                });
                open.TryGetValue((line.LineId, AlertKind.LicensesExpired), out var expiredAlert);
                Refresh(expiredAlert ?? NewAlert(accountId, line, AlertKind.LicensesExpired, now), line, now, AlertSeverity.Major,
                    AlertMessages.ExpiredAlert(line.License, line.VirtualAccount, line.Quantity, line.Expiry, url));
                // The expiring alert has served its purpose: LicensesExpired takes its place.
                if (expiringAlert is { State: AlertState.Active })
                {
                    expiringAlert.State = AlertState.Cleared;
                    expiringAlert.ClearedAt = now;
                    expiringAlert.UpdatedAt = now;
                }
                expired++;
            }
        }
        return new Summary(expiring, expired, 0, 0);
    }

    private Event NewEvent(int accountId, Candidate line, DateTime now, EventType type, string message)
    {
        var e = new Event { SmartAccountId = accountId, VirtualAccountId = line.VirtualAccountId, At = now, Type = type, Message = message };
        db.Events.Add(e);
        return e;
    }

    private Alert NewAlert(int accountId, Candidate line, AlertKind kind, DateTime now)
    {
        var alert = new Alert
        {
            SmartAccountId = accountId, VirtualAccountId = line.VirtualAccountId, Kind = kind, Message = "",
            LicenseLineId = line.LineId, LicenseId = line.LicenseId, RaisedAt = now,
        };
        db.Alerts.Add(alert);
        return alert;
    }

    /// <summary>
    /// A raise refreshes the open alert. A dismissal holds for the expiry date it was made for; once the date changed
    /// (renewal re-armed the schedule) the alert is active again.
    /// </summary>
    private static void Refresh(Alert alert, Candidate line, DateTime now, AlertSeverity severity, string message)
    {
        if (alert.State == AlertState.Dismissed && alert.ActionDue != line.Expiry)
        {
            alert.State = AlertState.Active;
            alert.DismissedAt = null;
            alert.DismissedBy = null;
        }
        alert.Severity = severity;
        alert.Message = message;
        alert.ActionDue = line.Expiry;
        alert.UpdatedAt = now;
    }

    /// <summary>
    /// Clears open line alerts that no longer say anything true: the line's expiry date is not the one the alert is about
    /// (renewed, changed, now perpetual), or an active expiring alert whose date has passed (LicensesExpired took over, or
    /// the line was outside the lookback). Dismissed alerts for the line's current date stay, so A3 still sees them.
    /// </summary>
    private async Task<int> ClearStaleAsync(int accountId, DateOnly date, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Alerts
            .Where(a => a.SmartAccountId == accountId && a.State != AlertState.Cleared
                        && (a.Kind == AlertKind.LicensesExpiring || a.Kind == AlertKind.LicensesExpired)
                        && !db.LicenseLines.Any(l => l.Id == a.LicenseLineId && l.Type != LicenseType.Perpetual && l.EndDate == a.ActionDue))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AlertState.Cleared).SetProperty(a => a.ClearedAt, now)
                .SetProperty(a => a.UpdatedAt, now), ct);
        var passed = await db.Alerts
            .Where(a => a.SmartAccountId == accountId && a.State == AlertState.Active && a.Kind == AlertKind.LicensesExpiring
                        && a.ActionDue < date)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AlertState.Cleared).SetProperty(a => a.ClearedAt, now)
                .SetProperty(a => a.UpdatedAt, now), ct);
        return changed + passed;
    }
}
