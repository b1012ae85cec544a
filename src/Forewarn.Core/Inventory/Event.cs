namespace Forewarn.Core.Inventory;

/// <summary>Every event type of §1. Each is selected by one <see cref="Preferences.NotificationType"/> except PreferencesChanged.</summary>
public enum EventType
{
    NewLicenses, LicensesRemoved, LicensesExpiring, LicensesExpired,
    InsufficientLicenses, BackInCompliance,
    ProductInstanceRegistered, RegistrationRenewed, AuthorizationRenewed,
    ProductInstanceFailedToConnect, RegistrationRenewalFailed, AuthorizationRenewalFailed, GracePeriodStarted,
    ProductInstanceFailedToRenew, ProductInstanceRemoved,
    AuthorizationExpired, GracePeriodExpired,
    PreferencesChanged,
    /// <summary>A5: a user dismissed an alert. In the Event Log only, never mailed (like PreferencesChanged).</summary>
    AlertDismissed,
}

/// <summary>An immutable entry of the Smart Account's Event Log.</summary>
public class Event
{
    public long Id { get; set; }
    public int SmartAccountId { get; set; }
    public SmartAccount SmartAccount { get; set; } = null!;
    /// <summary>Null for Smart-Account-level events, seen only by SA-level roles (D2).</summary>
    public int? VirtualAccountId { get; set; }
    public VirtualAccount? VirtualAccount { get; set; }
    /// <summary>UTC instant.</summary>
    public DateTime At { get; set; }
    public EventType Type { get; set; }
    public required string Message { get; set; }
    /// <summary>Email of the acting user, if any.</summary>
    public string? ActorEmail { get; set; }
    /// <summary>
    /// UTC instant at which the status notification run took this event (A6), mailed or not; null while it waits.
    /// Imported events are history and are stamped at import, so they are never mailed.
    /// </summary>
    public DateTime? StatusNotifiedAt { get; set; }
}
