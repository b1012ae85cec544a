namespace Forewarn.Core.Inventory;

/// <summary>An organisation (PRODUCT.md §1). Its domain is unique and restricts additional addresses (N5).</summary>
public class SmartAccount
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Top-level domain, stored lower-case, e.g. <c>acme-networks.com</c>.</summary>
    public required string Domain { get; set; }
    /// <summary>IANA time zone id; calendar dates (digest date, expiry) are taken in it.</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>Local hour at which the daily summary is sent (D1), default 06:00.</summary>
    public int DigestHour { get; set; } = 6;
    /// <summary>
    /// The latest date the daily alert run has run for (its local date). Alerts describe the present: a run for an
    /// earlier date raises and clears nothing (docs/decisions/0601).
    /// </summary>
    public DateOnly? AlertsRunThrough { get; set; }

    public List<VirtualAccount> VirtualAccounts { get; set; } = [];
}
