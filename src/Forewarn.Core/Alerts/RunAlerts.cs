using Forewarn.Core.Data;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Alerts;

/// <summary>
/// The daily alert run (§4): for every Smart Account (or one), on its local date D or a given date, the expiration alerts
/// (A1–A3) and the insufficient-licenses check (A4). Safe to repeat and to run on several processes at once: every raise
/// is recorded under a unique key. The events it writes are mailed by <see cref="StatusNotifications.SendStatusNotifications"/>.
/// </summary>
public sealed class RunAlerts(ForewarnDbContext db, TimeProvider clock, RaiseExpirationAlerts expiration, CheckInsufficientLicenses insufficient)
{
    /// <param name="Date">The date for every account; null: today in each account's zone.</param>
    /// <param name="SmartAccountDomain">Only this account; null: all.</param>
    public sealed record Request(DateOnly? Date, string? SmartAccountDomain = null);

    /// <param name="NotYetDue">Accounts skipped because the date has not begun in their zone (raising early would be wrong).</param>
    /// <param name="Superseded">Accounts skipped because their alerts already ran for a later date (going back would re-raise
    /// thresholds already passed, refresh alerts with stale days left, and clear shortfalls that still stand).</param>
    public sealed record Summary(int SmartAccounts, int ExpiringRaised, int ExpiredRaised, int InsufficientRaised, int BackInCompliance,
        int LostToAnotherRun, int AlertsCleared, int NotYetDue, int Superseded = 0)
    {
        public int Changes => ExpiringRaised + ExpiredRaised + InsufficientRaised + BackInCompliance;
    }

    public async Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        var domain = request.SmartAccountDomain?.Trim().ToLowerInvariant();
        var accounts = await db.SmartAccounts.AsNoTracking()
            .Where(a => domain == null || a.Domain == domain)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.TimeZone })
            .ToListAsync(ct);
        var total = new Summary(0, 0, 0, 0, 0, 0, 0, 0);
        foreach (var a in accounts)
        {
            var today = AccountClock.Today(clock, AccountClock.Zone(a.TimeZone));
            var date = request.Date ?? today;
            if (date > today)
            {
                total = total with { SmartAccounts = total.SmartAccounts + 1, NotYetDue = total.NotYetDue + 1 };
                continue;
            }
            // Claim the date: only forward (or the same date again, which is safe: every raise is keyed). A conditional
            // update, so two runs racing for different dates cannot both pass with the earlier one last.
            var claimed = await db.SmartAccounts
                .Where(s => s.Id == a.Id && (s.AlertsRunThrough == null || s.AlertsRunThrough <= date))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.AlertsRunThrough, date), ct);
            if (claimed == 0)
            {
                total = total with { SmartAccounts = total.SmartAccounts + 1, Superseded = total.Superseded + 1 };
                continue;
            }
            var x = await expiration.HandleAsync(new(a.Id, date), ct);
            var i = await insufficient.HandleAsync(new(a.Id, date), ct);
            total = new Summary(total.SmartAccounts + 1, total.ExpiringRaised + x.Expiring, total.ExpiredRaised + x.Expired,
                total.InsufficientRaised + i.Raised, total.BackInCompliance + i.BackInCompliance,
                total.LostToAnotherRun + x.LostToAnotherRun + i.LostToAnotherRun, total.AlertsCleared + x.AlertsCleared, total.NotYetDue,
                total.Superseded);
        }
        return total;
    }
}
