using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Preferences;

/// <summary>
/// Saves the whole Notifications section for the caller and one Smart Account (N1–N7), in one transaction,
/// with a PreferencesChanged event naming who changed what. A refused save stores nothing.
/// The web form and the API both call this handler.
/// </summary>
public sealed class SavePreferences(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="AdditionalEmails">Entries as typed (each may hold several comma-separated addresses); null or empty: none.</param>
    public sealed record Request(
        int UserId,
        string SmartAccountDomain,
        bool DailyEventSummary,
        bool StatusNotification,
        IReadOnlyList<string> Events,
        int? ExpiringRangeDays,
        IReadOnlyList<string>? AdditionalEmails);

    public async Task<Result<PreferencesView>> HandleAsync(Request request, CancellationToken ct)
    {
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain, clock, ct);
        if (account is null)
            return Result<PreferencesView>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");

        var entries = (request.AdditionalEmails ?? []).SelectMany(e => (e ?? "").Split(',')).Where(e => e.Trim().Length > 0).ToList();
        var isAdmin = account.Visibility.IsSmartAccountAdmin;
        if (!isAdmin && entries.Count > 0)
            return Result<PreferencesView>.Forbidden("additionalEmails",
                "Only a Smart Account admin of this Smart Account may set additional email addresses.");

        var errors = new List<FieldError>();
        var events = NotificationTypes.None;
        for (var i = 0; i < request.Events.Count; i++)
        {
            if (NotificationTypeCatalog.TryParse(request.Events[i], out var t)) events |= t;
            else errors.Add(new FieldError($"events[{i}]", $"'{request.Events[i]}' is not an event type; choose from {string.Join(", ", NotificationTypeCatalog.Each)}."));
        }
        if (request.ExpiringRangeDays is int days && !ExpiringRange.IsOption(days))
            errors.Add(new FieldError("expiringRangeDays", $"{days} is not a range option; choose one of {string.Join(", ", ExpiringRange.Options)} days."));
        var addresses = AdditionalEmailAddresses.Parse(entries, account.Domain);
        errors.AddRange(addresses.Errors.Select(e => new FieldError("additionalEmails", $"{e.Address} {e.Reason}.")));
        if (errors.Count > 0) return Result<PreferencesView>.Invalid(errors);

        var stored = await db.NotificationPreferences
            .SingleOrDefaultAsync(p => p.UserId == request.UserId && p.SmartAccountId == account.Id, ct);
        var before = stored is null ? null : Snapshot(stored);
        if (stored is null)
        {
            stored = new NotificationPreference { UserId = request.UserId, SmartAccountId = account.Id };
            db.NotificationPreferences.Add(stored);
        }
        stored.DailyEventSummary = request.DailyEventSummary;
        stored.StatusNotification = request.StatusNotification;
        stored.Events = events;
        // N3: 90 is preselected only for a user who has no range chosen; one who has keeps it when none is sent.
        stored.ExpiringRangeDays = ExpiringRange.Normalise(request.DailyEventSummary, events, request.ExpiringRangeDays ?? stored.ExpiringRangeDays);
        // A non-admin never sends addresses; ones set while they were admin stay dormant (they receive nothing, N5).
        if (isAdmin) stored.AdditionalEmails = addresses.Joined;

        var changes = PreferencesDiff.Describe(before ?? Snapshot(new NotificationPreference { Events = NotificationTypes.All }), Snapshot(stored));
        if (before is null || changes.Count > 0)
        {
            var actor = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId).Select(u => u.Email).SingleAsync(ct);
            db.Events.Add(new Event
            {
                SmartAccountId = account.Id,
                At = clock.GetUtcNow().UtcDateTime,
                Type = EventType.PreferencesChanged,
                ActorEmail = actor,
                Message = $"{actor} changed notification preferences: " +
                          (changes.Count == 0 ? "saved the defaults" : string.Join("; ", changes)) + ".",
            });
        }
        await db.SaveChangesAsync(ct);
        return Result<PreferencesView>.Ok(PreferencesView.From(account.Domain, stored, isAdmin));
    }

    private static PreferencesDiff.State Snapshot(NotificationPreference p) =>
        new(p.DailyEventSummary, p.StatusNotification, p.Events, p.ExpiringRangeDays, p.AdditionalEmails);
}

/// <summary>N7: what changed between two saved states, in words for the Event Log.</summary>
public static class PreferencesDiff
{
    public sealed record State(bool DailyEventSummary, bool StatusNotification, NotificationTypes Events, int? RangeDays, string AdditionalEmails);

    public static IReadOnlyList<string> Describe(State before, State after)
    {
        var changes = new List<string>();
        static string OnOff(bool b) => b ? "on" : "off";
        static string Range(int? r) => r is int d ? $"{d} days" : "none";
        if (before.DailyEventSummary != after.DailyEventSummary)
            changes.Add($"Daily Event Summary {OnOff(before.DailyEventSummary)} → {OnOff(after.DailyEventSummary)}");
        if (before.StatusNotification != after.StatusNotification)
            changes.Add($"Status Notification {OnOff(before.StatusNotification)} → {OnOff(after.StatusNotification)}");
        var added = NotificationTypeCatalog.Names(after.Events & ~before.Events);
        var removed = NotificationTypeCatalog.Names(before.Events & ~after.Events);
        if (added.Count > 0) changes.Add("events added: " + string.Join(", ", added));
        if (removed.Count > 0) changes.Add("events removed: " + string.Join(", ", removed));
        if (before.RangeDays != after.RangeDays)
            changes.Add($"expiring range {Range(before.RangeDays)} → {Range(after.RangeDays)}");
        if (before.AdditionalEmails != after.AdditionalEmails)
            changes.Add($"additional email addresses [{before.AdditionalEmails.Replace(",", ", ")}] → [{after.AdditionalEmails.Replace(",", ", ")}]");
        return changes;
    }
}
