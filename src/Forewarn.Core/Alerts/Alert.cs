namespace Forewarn.Core.Alerts;

public enum AlertSeverity { Major, Minor, Informational }

public enum AlertState { Active, Dismissed, Cleared }

public enum AlertKind { LicensesExpiring, LicensesExpired, InsufficientLicenses, ProductInstanceFailedToConnect, AuthorizationExpired }

/// <summary>An actionable item on the Alerts tab (§1). One open alert per (kind, subject); a new raise refreshes it.</summary>
public class Alert
{
    public long Id { get; set; }
    public int SmartAccountId { get; set; }
    public int? VirtualAccountId { get; set; }
    public AlertKind Kind { get; set; }
    public AlertSeverity Severity { get; set; }
    public required string Message { get; set; }
    /// <summary>What the alert is about: a license line, a license or a product instance.</summary>
    public int? LicenseLineId { get; set; }
    public int? LicenseId { get; set; }
    public int? ProductInstanceId { get; set; }
    public DateOnly ActionDue { get; set; }
    public AlertState State { get; set; } = AlertState.Active;
    public DateTime RaisedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DismissedAt { get; set; }
    public string? DismissedBy { get; set; }
    public DateTime? ClearedAt { get; set; }
}

/// <summary>A2's ledger: each (line, threshold, expiry date) raised once; threshold 0 with Expired marks A3's LicensesExpired.</summary>
public class ExpirationRaise
{
    public long Id { get; set; }
    public int LicenseLineId { get; set; }
    public AlertKind Kind { get; set; }
    public int Threshold { get; set; }
    public DateOnly ExpiryDate { get; set; }
    public DateOnly RaisedOn { get; set; }
}
