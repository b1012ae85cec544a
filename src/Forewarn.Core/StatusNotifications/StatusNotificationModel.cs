using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;

namespace Forewarn.Core.StatusNotifications;

/// <summary>One person a status notification may go to: what they chose (N1, N2) and what they can see (§1).</summary>
public sealed record StatusRecipient(int UserId, string Email, string Name, NotificationTypes Events, Visibility Visibility,
    IReadOnlyList<string> AdditionalEmails);

/// <summary>An event waiting to be notified, with the license line it is about when it is an expiration raise.</summary>
public sealed record StatusChange(long EventId, DateTime AtUtc, EventType Type, string Message, int? VirtualAccountId, string? VirtualAccountName,
    ChangedLine? Line = null);

/// <param name="RaisedOn">The account's date of the raise; days left count from it.</param>
public sealed record ChangedLine(string License, string VirtualAccount, int Quantity, DateOnly Expires, DateOnly RaisedOn);

/// <summary>Everything one status notification email shows; its text and HTML parts are both rendered from it (A6).</summary>
public sealed record StatusNotificationModel(
    string SmartAccountName,
    string SmartAccountDomain,
    string TimeZone,
    string RecipientName,
    string RecipientEmail,
    IReadOnlyList<StatusChangeGroup> Groups,
    string OrderingUrl,
    string? CopyTo = null)
{
    public int ChangeCount => Groups.Sum(g => g.Rows.Count);

    public string PreparedFor => CopyTo is null
        ? $"Prepared for {RecipientName} <{RecipientEmail}>"
        : $"A copy of the notification prepared for {RecipientName} <{RecipientEmail}>, sent to {CopyTo}";

    public string Reason => CopyTo is null
        ? "You receive this notification because Status Notification is on in your Forewarn preferences for this Smart Account."
        : $"{CopyTo} receives this copy because {RecipientName}, a Smart Account admin, added it as an additional email address in their Forewarn preferences.";
}

public sealed record StatusChangeGroup(EventType Type, IReadOnlyList<StatusChangeRow> Rows)
{
    public bool AllExpiring => Rows.All(r => r.Expiring is not null);
    public bool AllExpired => Rows.All(r => r.Expired is not null);
}

/// <param name="LocalTime">When it happened, in the account's zone, <c>yyyy-MM-dd HH:mm</c>.</param>
public sealed record StatusChangeRow(long EventId, string LocalTime, string? VirtualAccount, string Message,
    ExpiringLineRow? Expiring = null, ExpiredLineRow? Expired = null)
{
    /// <summary>The plain-text line: the D6 format for an expiring line (A6), its sibling for an expired one, else the event.</summary>
    public string TextLine => Expiring?.TextLine ?? Expired?.TextLine ?? $"- {LocalTime} | {VirtualAccount ?? "Smart Account"} | {Message}";
}

public sealed record ExpiredLineRow(string License, string VirtualAccount, int Quantity, DateOnly ExpiredOn)
{
    public string TextLine => $"- {License} | {VirtualAccount} | qty {Quantity} | expired {ExpiredOn:yyyy-MM-dd}";
}

/// <summary>Which waiting changes one recipient is told about, and in what order. Pure: no database, no clock.</summary>
public static class StatusNotificationBuilder
{
    /// <summary>A change is told to a recipient who selected its type (N2, §1 table) and can see it (§1); never-mailed types never.</summary>
    public static bool Selects(StatusRecipient recipient, StatusChange change)
    {
        var selectedBy = NotificationTypeCatalog.SelectedBy(change.Type);
        return selectedBy != NotificationTypes.None && recipient.Events.HasFlag(selectedBy)
               && recipient.Visibility.CanSeeEvent(change.VirtualAccountId);
    }

    /// <summary>
    /// Groups by event type, alert events first in the order of the Preferences tab (N2, as in the digest); expiring and
    /// expired lines by date, license and VA (as D3 rows); other changes newest first (as D2).
    /// </summary>
    public static IReadOnlyList<StatusChangeGroup> Groups(StatusRecipient recipient, IEnumerable<StatusChange> changes, TimeZoneInfo zone) =>
        changes.Where(c => Selects(recipient, c))
            .GroupBy(c => c.Type)
            .OrderBy(g => NotificationTypeCatalog.Position(NotificationTypeCatalog.SelectedBy(g.Key))).ThenBy(g => g.Key)
            .Select(g => new StatusChangeGroup(g.Key, g
                .Select(c => Row(c, zone))
                .OrderBy(r => r.Expiring?.Expires ?? r.Expired?.ExpiredOn ?? DateOnly.MaxValue)
                .ThenBy(r => r.Expiring?.License ?? r.Expired?.License, StringComparer.Ordinal)
                .ThenBy(r => r.Expiring?.VirtualAccount ?? r.Expired?.VirtualAccount, StringComparer.Ordinal)
                .ThenByDescending(r => r.LocalTime, StringComparer.Ordinal).ThenByDescending(r => r.EventId)
                .ToList()))
            .ToList();

    private static StatusChangeRow Row(StatusChange c, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(c.AtUtc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm");
        return c switch
        {
            { Type: EventType.LicensesExpiring, Line: { } l } => new StatusChangeRow(c.EventId, local, c.VirtualAccountName, c.Message,
                Expiring: new ExpiringLineRow(l.License, l.VirtualAccount, l.Quantity, l.Expires, DigestWindow.DaysLeft(l.RaisedOn, l.Expires))),
            { Type: EventType.LicensesExpired, Line: { } l } => new StatusChangeRow(c.EventId, local, c.VirtualAccountName, c.Message,
                Expired: new ExpiredLineRow(l.License, l.VirtualAccount, l.Quantity, l.Expires)),
            _ => new StatusChangeRow(c.EventId, local, c.VirtualAccountName, c.Message),
        };
    }
}
