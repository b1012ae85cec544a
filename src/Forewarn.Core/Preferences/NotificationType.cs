using Forewarn.Core.Inventory;

namespace Forewarn.Core.Preferences;

/// <summary>The event types a user ticks (N2), as flags so a selection is one value.</summary>
[Flags]
public enum NotificationTypes
{
    None = 0,
    // Alert events
    InsufficientLicenses = 1 << 0,
    LicensesExpiring = 1 << 1,
    LicensesExpired = 1 << 2,
    ProductInstanceFailedToConnect = 1 << 3,
    ProductInstanceFailedToRenew = 1 << 4,
    AuthorizationExpired = 1 << 5,
    // Informational events
    NewLicenses = 1 << 6,
    LicensesRemoved = 1 << 7,
    ProductInstanceRegistered = 1 << 8,
    RegistrationRenewed = 1 << 9,
    AuthorizationRenewed = 1 << 10,

    All = (1 << 11) - 1,
}

public static class NotificationTypeCatalog
{
    public static readonly IReadOnlyList<NotificationTypes> AlertEvents =
    [
        NotificationTypes.InsufficientLicenses, NotificationTypes.LicensesExpiring, NotificationTypes.LicensesExpired,
        NotificationTypes.ProductInstanceFailedToConnect, NotificationTypes.ProductInstanceFailedToRenew,
        NotificationTypes.AuthorizationExpired,
    ];

    public static readonly IReadOnlyList<NotificationTypes> InformationalEvents =
    [
        NotificationTypes.NewLicenses, NotificationTypes.LicensesRemoved, NotificationTypes.ProductInstanceRegistered,
        NotificationTypes.RegistrationRenewed, NotificationTypes.AuthorizationRenewed,
    ];

    public static IEnumerable<NotificationTypes> Each => AlertEvents.Concat(InformationalEvents);

    /// <summary>Where a type stands on the Preferences tab: alert events first (N2).</summary>
    public static int Position(NotificationTypes type) => Each.TakeWhile(t => t != type).Count();

    /// <summary>Which tick selects an event type (§1 table). PreferencesChanged and AlertDismissed are never mailed.</summary>
    public static NotificationTypes SelectedBy(EventType type) => type switch
    {
        EventType.NewLicenses => NotificationTypes.NewLicenses,
        EventType.LicensesRemoved => NotificationTypes.LicensesRemoved,
        EventType.LicensesExpiring => NotificationTypes.LicensesExpiring,
        EventType.LicensesExpired => NotificationTypes.LicensesExpired,
        EventType.InsufficientLicenses or EventType.BackInCompliance => NotificationTypes.InsufficientLicenses,
        EventType.ProductInstanceRegistered => NotificationTypes.ProductInstanceRegistered,
        EventType.RegistrationRenewed => NotificationTypes.RegistrationRenewed,
        EventType.AuthorizationRenewed => NotificationTypes.AuthorizationRenewed,
        EventType.ProductInstanceFailedToConnect or EventType.RegistrationRenewalFailed
            or EventType.AuthorizationRenewalFailed or EventType.GracePeriodStarted => NotificationTypes.ProductInstanceFailedToConnect,
        EventType.ProductInstanceFailedToRenew or EventType.ProductInstanceRemoved => NotificationTypes.ProductInstanceFailedToRenew,
        EventType.AuthorizationExpired or EventType.GracePeriodExpired => NotificationTypes.AuthorizationExpired,
        EventType.PreferencesChanged or EventType.AlertDismissed => NotificationTypes.None,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Event types a selection covers, for filtering the Event Log in SQL.</summary>
    public static IReadOnlyList<EventType> EventTypesSelectedBy(NotificationTypes selection) =>
        Enum.GetValues<EventType>().Where(t => SelectedBy(t) != NotificationTypes.None && selection.HasFlag(SelectedBy(t))).ToList();

    public static bool TryParse(string name, out NotificationTypes type)
    {
        foreach (var t in Each)
            if (string.Equals(t.ToString(), name, StringComparison.Ordinal)) { type = t; return true; }
        type = NotificationTypes.None;
        return false;
    }

    public static IReadOnlyList<string> Names(NotificationTypes selection) =>
        Each.Where(t => selection.HasFlag(t)).Select(t => t.ToString()).ToList();
}
