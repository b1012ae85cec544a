namespace Forewarn.Core.Alerts;

/// <summary>Sorted in this order on the Alerts tab (§1).</summary>
public enum AlertSeverity { Major, Minor, Informational }

/// <summary>Active and Dismissed alerts are open (one per kind and subject); Cleared is final.</summary>
public enum AlertState { Active, Dismissed, Cleared }

public enum AlertKind { LicensesExpiring, LicensesExpired, InsufficientLicenses, ProductInstanceFailedToConnect, AuthorizationExpired }

/// <summary>
/// An actionable item on the Alerts tab (§1). At most one open (not Cleared) alert per (kind, subject), the subject being
/// a license line (LicensesExpiring, LicensesExpired), a license (InsufficientLicenses) or a product instance; a new
/// raise refreshes the open alert. The database enforces it with partial unique indexes (ForewarnDbContext).
/// </summary>
public class Alert
{
    public long Id { get; set; }
    public int SmartAccountId { get; set; }
    /// <summary>The source: null for a Smart-Account-level alert, seen only by SA-level roles (like events, D2).</summary>
    public int? VirtualAccountId { get; set; }
    public AlertKind Kind { get; set; }
    public AlertSeverity Severity { get; set; }
    public required string Message { get; set; }
    /// <summary>What the alert is about: a license line (with its license, for the link), a license, or a product instance.</summary>
    public int? LicenseLineId { get; set; }
    public int? LicenseId { get; set; }
    public int? ProductInstanceId { get; set; }
    /// <summary>A calendar date in the Smart Account's zone; for license-line alerts the line's expiry date.</summary>
    public DateOnly ActionDue { get; set; }
    /// <summary>A concurrency token: every change of state is conditional on the state it was read in.</summary>
    public AlertState State { get; set; } = AlertState.Active;
    public DateTime RaisedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DismissedAt { get; set; }
    /// <summary>Email of the user who dismissed it (A5).</summary>
    public string? DismissedBy { get; set; }
    public DateTime? ClearedAt { get; set; }
}

/// <summary>
/// A2's ledger: each (line, kind, threshold, expiry date) is raised once, enforced by a unique index, so a concurrent run
/// loses cleanly. Kind LicensesExpired with threshold 0 marks A3's raise. Keyed by expiry date, so a changed date re-arms.
/// </summary>
public class ExpirationRaise
{
    public long Id { get; set; }
    public int LicenseLineId { get; set; }
    public AlertKind Kind { get; set; }
    public int Threshold { get; set; }
    public DateOnly ExpiryDate { get; set; }
    /// <summary>The account's local date of the run that raised it; days left in the status notification count from it.</summary>
    public DateOnly RaisedOn { get; set; }
    /// <summary>The event written with the raise; lets the status notification show the line in the D6 format (A6).</summary>
    public long EventId { get; set; }
    public Inventory.Event Event { get; set; } = null!;
}
