namespace Forewarn.Core.Inventory;

/// <summary>A named entitlement in a Virtual Account, in the CSSM license shape (§8).</summary>
public class License
{
    public int Id { get; set; }
    public int VirtualAccountId { get; set; }
    public VirtualAccount VirtualAccount { get; set; } = null!;
    public required string Name { get; set; }
    public int Quantity { get; set; }
    public int InUse { get; set; }
    public int Available { get; set; }
    public string Status { get; set; } = "";
    public string BillingType { get; set; } = "";

    public List<LicenseLine> Lines { get; set; } = [];
}

public enum LicenseType { Perpetual, Term, Subscription, Demo }

/// <summary>One line of a license (<c>licenseDetails</c>). Valid through the end of its expiry date, in the SA's zone.</summary>
public class LicenseLine
{
    public int Id { get; set; }
    public int LicenseId { get; set; }
    public License License { get; set; } = null!;
    /// <summary>Position of the line inside the license as imported; with the license it identifies the line on re-import.</summary>
    public int Position { get; set; }
    public LicenseType Type { get; set; }
    public int Quantity { get; set; }
    public DateOnly StartDate { get; set; }
    /// <summary>Null only for perpetual lines.</summary>
    public DateOnly? EndDate { get; set; }
    public string? SubscriptionId { get; set; }
    public string Status { get; set; } = "";
}
