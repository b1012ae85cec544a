using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Alerts;

/// <summary>
/// A5: a user who may change the alert's virtual account dismisses it; the dismissal is logged as an AlertDismissed event
/// (Event Log only, never mailed) and the alert keeps who and when. Dismissing a dismissed alert changes nothing.
/// The Alerts tab and the API both call it.
/// </summary>
public sealed class DismissAlert(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(int UserId, string SmartAccountDomain, long AlertId);

    public async Task<Result<ListAlerts.Row>> HandleAsync(Request request, CancellationToken ct)
    {
        var viewer = await ListAlerts.Viewer.FindAsync(db, clock, request.UserId, request.SmartAccountDomain, ct);
        if (viewer is null)
            return Result<ListAlerts.Row>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == request.AlertId, ct);
        // An alert the user cannot see is answered like one that does not exist (visibility equals eligibility, §1).
        if (alert is null || !viewer.CanSee(alert))
            return Result<ListAlerts.Row>.NotFound("alertId", $"No alert {request.AlertId} in {viewer.Account.Domain} is visible to you.");
        if (!viewer.MayDismiss(alert.VirtualAccountId))
            return Result<ListAlerts.Row>.Forbidden("alertId",
                "Only users who may change this " + (alert.VirtualAccountId is null ? "Smart Account (SmartAccountAdmin, SmartAccountUser)"
                    : "virtual account (SmartAccountAdmin, SmartAccountUser, or VirtualAccountAdmin or VirtualAccountUser of it)") +
                " may dismiss its alerts; viewers may not.");

        for (var attempt = 0; ; attempt++)
        {
            switch (alert.State)
            {
                case AlertState.Cleared:
                    return Result<ListAlerts.Row>.Invalid([new FieldError("alertId",
                        $"Alert {alert.Id} is cleared: what it reported is over, so there is nothing to dismiss.")]);
                case AlertState.Dismissed:
                    return Result<ListAlerts.Row>.Ok(await RowAsync(viewer, alert.Id, ct));
            }
            var actor = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId).Select(u => u.Email).SingleAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            alert.State = AlertState.Dismissed;
            alert.DismissedAt = now;
            alert.DismissedBy = actor;
            alert.UpdatedAt = now;
            db.Events.Add(new Event
            {
                SmartAccountId = alert.SmartAccountId, VirtualAccountId = alert.VirtualAccountId, At = now, Type = EventType.AlertDismissed,
                ActorEmail = actor, Message = AlertMessages.DismissedEvent(actor, alert.Kind, alert.Message),
                StatusNotifiedAt = now, // never mailed (§1 table): nothing for the status notification run to wait for
            });
            try
            {
                await db.SaveChangesAsync(ct);
                return Result<ListAlerts.Row>.Ok(await RowAsync(viewer, alert.Id, ct));
            }
            catch (DbUpdateConcurrencyException) when (attempt == 0)
            {
                // Cleared or dismissed meanwhile by someone else: decide again on what is stored now.
                db.ChangeTracker.Clear();
                alert = await db.Alerts.SingleAsync(a => a.Id == request.AlertId, ct);
            }
        }
    }

    private async Task<ListAlerts.Row> RowAsync(ListAlerts.Viewer viewer, long id, CancellationToken ct) =>
        (await viewer.RowsAsync(db, db.Alerts.AsNoTracking().Where(a => a.Id == id), ct)).Single();
}
