using System.Linq.Expressions;
using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Alerts;

/// <summary>
/// A4 for one Smart Account on its local date D: a license whose in-use count exceeds its valid quantity on D gets a Major
/// InsufficientLicenses alert and event, once while the shortfall lasts (an open alert, active or dismissed, is not raised
/// again); when it no longer does, the open alert is Cleared and a BackInCompliance event written. Both directions are
/// set-based queries read in keyset batches, and every change is conditional, so repeated or concurrent runs change
/// nothing twice.
/// </summary>
public sealed class CheckInsufficientLicenses(ForewarnDbContext db, TimeProvider clock, IOptions<ForewarnOptions> options)
{
    public const int BatchSize = 1000;

    public sealed record Request(int SmartAccountId, DateOnly Date);

    public sealed record Summary(int Raised, int BackInCompliance, int LostToAnotherRun)
    {
        public static readonly Summary None = new(0, 0, 0);
        public Summary Plus(Summary o) => new(Raised + o.Raised, BackInCompliance + o.BackInCompliance, LostToAnotherRun + o.LostToAnotherRun);
    }

    /// <summary>The valid quantity of a license on D: <see cref="LicenseValidity.ValidOn"/> (docs/decisions/0601, 0603).</summary>
    public static Expression<Func<LicenseLine, bool>> ValidOn(DateOnly date) => LicenseValidity.ValidOn(date);

    private sealed record Shortfall(int LicenseId, string License, int VirtualAccountId, string VirtualAccount, int InUse, int Valid);

    public async Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        var raised = await RaiseAsync(request.SmartAccountId, request.Date, ct);
        var cleared = await ClearAsync(request.SmartAccountId, request.Date, ct);
        return raised.Plus(cleared);
    }

    private async Task<Summary> RaiseAsync(int accountId, DateOnly date, CancellationToken ct)
    {
        var valid = ValidOn(date);
        var total = Summary.None;
        var afterId = 0;
        while (true)
        {
            var batch = await db.Licenses.AsNoTracking()
                .Where(l => l.Id > afterId && l.VirtualAccount.SmartAccountId == accountId
                            && l.InUse > l.Lines.AsQueryable().Where(valid).Sum(x => x.Quantity)
                            && !db.Alerts.Any(a => a.Kind == AlertKind.InsufficientLicenses && a.LicenseId == l.Id
                                                   && a.LicenseLineId == null && a.State != AlertState.Cleared))
                .OrderBy(l => l.Id)
                .Take(BatchSize)
                .Select(l => new Shortfall(l.Id, l.Name, l.VirtualAccountId, l.VirtualAccount.Name, l.InUse,
                    l.Lines.AsQueryable().Where(valid).Sum(x => x.Quantity)))
                .ToListAsync(ct);
            if (batch.Count > 0) total = total.Plus(await SaveRaisesAsync(accountId, date, batch, ct));
            if (batch.Count < BatchSize) return total;
            afterId = batch[^1].LicenseId;
        }
    }

    /// <summary>All raises of a batch in one SaveChanges; if another run raised one of them first, again one by one.</summary>
    private async Task<Summary> SaveRaisesAsync(int accountId, DateOnly date, IReadOnlyList<Shortfall> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var url = options.Value.OrderingUrl;
        try
        {
            foreach (var s in batch)
            {
                db.Alerts.Add(new Alert
                {
                    SmartAccountId = accountId, VirtualAccountId = s.VirtualAccountId, Kind = AlertKind.InsufficientLicenses,
                    Severity = AlertSeverity.Major, LicenseId = s.LicenseId, ActionDue = date, RaisedAt = now, UpdatedAt = now,
                    Message = AlertMessages.InsufficientAlert(s.License, s.VirtualAccount, s.InUse, s.Valid, url),
                });
                db.Events.Add(new Event
                {
                    SmartAccountId = accountId, VirtualAccountId = s.VirtualAccountId, At = now, Type = EventType.InsufficientLicenses,
                    Message = AlertMessages.InsufficientEvent(s.License, s.VirtualAccount, s.InUse, s.Valid),
                });
            }
            await db.SaveChangesAsync(ct);
            return new Summary(batch.Count, 0, 0);
        }
        catch (DbUpdateException e) when (DatabaseSetup.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            if (batch.Count == 1) return Summary.None with { LostToAnotherRun = 1 };
            var total = Summary.None;
            foreach (var s in batch) total = total.Plus(await SaveRaisesAsync(accountId, date, [s], ct));
            return total;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Every open alert against its license's figures on D: one no longer short (or whose license is gone) clears with
    /// BackInCompliance; one still short but by another amount gets the current figures in its message, quietly (no
    /// event, no mail: the shortfall was notified when it began; decision 0601).
    /// </summary>
    private async Task<Summary> ClearAsync(int accountId, DateOnly date, CancellationToken ct)
    {
        var valid = ValidOn(date);
        var url = options.Value.OrderingUrl;
        var total = Summary.None;
        var afterId = 0L;
        while (true)
        {
            // The alerts are tracked, their State is the concurrency token of the clears.
            var batch = await db.Alerts
                .Where(a => a.Id > afterId && a.SmartAccountId == accountId && a.Kind == AlertKind.InsufficientLicenses
                            && a.LicenseLineId == null && a.State != AlertState.Cleared)
                .OrderBy(a => a.Id)
                .Take(BatchSize)
                .Select(a => new
                {
                    Alert = a,
                    License = db.Licenses.Where(l => l.Id == a.LicenseId)
                        .Select(l => new { l.Name, VirtualAccount = l.VirtualAccount.Name, l.InUse, Valid = l.Lines.AsQueryable().Where(valid).Sum(x => x.Quantity) })
                        .FirstOrDefault(),
                })
                .ToListAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var b in batch)
            {
                if (b.License is not { } l || l.InUse <= l.Valid) continue;
                var message = AlertMessages.InsufficientAlert(l.Name, l.VirtualAccount, l.InUse, l.Valid, url);
                if (message != b.Alert.Message)
                    await db.Alerts.Where(a => a.Id == b.Alert.Id && a.State != AlertState.Cleared)
                        .ExecuteUpdateAsync(x => x.SetProperty(a => a.Message, message).SetProperty(a => a.UpdatedAt, now), ct);
            }
            var over = batch.Where(b => b.License is null || b.License.InUse <= b.License.Valid).ToList();
            if (over.Count > 0) total = total.Plus(await SaveClearsAsync(over.Select(b => (b.Alert, b.License?.Name, b.License?.VirtualAccount,
                b.License?.InUse ?? 0, b.License?.Valid ?? 0)).ToList(), ct));
            else db.ChangeTracker.Clear();
            if (batch.Count < BatchSize) return total;
            afterId = batch[^1].Alert.Id;
        }
    }

    private async Task<Summary> SaveClearsAsync(IReadOnlyList<(Alert Alert, string? License, string? VirtualAccount, int InUse, int Valid)> batch,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (alert, license, va, inUse, valid) in batch)
        {
            alert.State = AlertState.Cleared;
            alert.ClearedAt = now;
            alert.UpdatedAt = now;
            if (license is null) continue; // the license is gone: nothing is back in compliance, the alert just ends
            db.Events.Add(new Event
            {
                SmartAccountId = alert.SmartAccountId, VirtualAccountId = alert.VirtualAccountId, At = now, Type = EventType.BackInCompliance,
                Message = AlertMessages.BackInComplianceEvent(license, va!, inUse, valid),
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return new Summary(0, batch.Count(b => b.License is not null), 0);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another run (or a dismissal) changed one of them first: again one by one, each against its fresh state.
            db.ChangeTracker.Clear();
            if (batch.Count == 1) return Summary.None with { LostToAnotherRun = 1 };
            var total = Summary.None;
            foreach (var b in batch)
            {
                var fresh = await db.Alerts.SingleOrDefaultAsync(a => a.Id == b.Alert.Id && a.State != AlertState.Cleared, ct);
                if (fresh is null) { total = total.Plus(Summary.None with { LostToAnotherRun = 1 }); continue; }
                total = total.Plus(await SaveClearsAsync([(fresh, b.License, b.VirtualAccount, b.InUse, b.Valid)], ct));
            }
            return total;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
