using Forewarn.Core.Alerts;
using Forewarn.Core.Data;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// THE single place where the lifecycle raises and clears its alerts (L3: ProductInstanceFailedToConnect when grace
/// starts, L4: AuthorizationExpired when grace expires; a successful retry or a new registration clears both). Changes
/// are tracked on the given context, so they commit in the caller's transaction with the transition's events.
/// Raising AuthorizationExpired clears the instance's ProductInstanceFailedToConnect alert: its deadline (the grace end)
/// has passed and the new alert takes its place, as LicensesExpired takes the place of LicensesExpiring (0601).
/// Action due is the grace deadline's calendar date in the account's zone, as every date Forewarn shows.
/// </summary>
public static class LifecycleAlerts
{
    /// <param name="raise">Alerts to raise for the instance (the step's RaiseAlerts).</param>
    /// <param name="clear">Whether the instance's lapse alerts clear (a successful retry, or a new registration).</param>
    /// <param name="zone">The Smart Account's time zone: action-due dates are its calendar dates.</param>
    public static async Task ApplyAsync(ForewarnDbContext db, int smartAccountId, int virtualAccountId, int productInstanceId,
        IReadOnlyList<LifecycleAlert> raise, bool clear, DateTime now, TimeZoneInfo zone, CancellationToken ct)
    {
        if (!clear && raise.Count == 0) return;
        var open = await db.Alerts
            .Where(a => a.ProductInstanceId == productInstanceId && a.State != AlertState.Cleared
                        && (a.Kind == AlertKind.ProductInstanceFailedToConnect || a.Kind == AlertKind.AuthorizationExpired))
            .ToListAsync(ct);
        var superseded = raise.Any(r => r.Kind == LifecycleAlertKind.AuthorizationExpired);
        foreach (var alert in open.Where(a => clear || (superseded && a.Kind == AlertKind.ProductInstanceFailedToConnect)))
        {
            alert.State = AlertState.Cleared;
            alert.ClearedAt = now;
            alert.UpdatedAt = now;
        }
        if (raise.Count == 0) return;
        var instance = await db.ProductInstances.AsNoTracking().Where(p => p.Id == productInstanceId)
            .Select(p => new { p.Name, p.UdiSerialNumber }).SingleAsync(ct);
        foreach (var r in raise)
        {
            var kind = r.Kind == LifecycleAlertKind.AuthorizationExpired ? AlertKind.AuthorizationExpired : AlertKind.ProductInstanceFailedToConnect;
            var due = AccountClock.LocalDate(r.ActionDue, zone);
            var message = kind == AlertKind.AuthorizationExpired
                ? $"Product instance {instance.Name} ({instance.UdiSerialNumber}): authorization and its grace period have expired; Forewarn keeps retrying. Check the instance's connection."
                : $"Product instance {instance.Name} ({instance.UdiSerialNumber}) failed to renew its authorization: grace period started. Check the instance's connection before the grace period ends on {due:yyyy-MM-dd}.";
            var existing = open.FirstOrDefault(a => a.Kind == kind && a.State != AlertState.Cleared);
            if (existing is not null)
            {
                existing.Message = message;
                existing.ActionDue = due;
                existing.UpdatedAt = now;
                continue;
            }
            db.Alerts.Add(new Alert
            {
                SmartAccountId = smartAccountId, VirtualAccountId = virtualAccountId, ProductInstanceId = productInstanceId,
                Kind = kind, Severity = AlertSeverity.Major, Message = message,
                ActionDue = due, State = AlertState.Active, RaisedAt = now, UpdatedAt = now,
            });
        }
    }
}
