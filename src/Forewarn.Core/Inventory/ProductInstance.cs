namespace Forewarn.Core.Inventory;

/// <summary>A device or software instance registered to a Virtual Account (§1, §5).</summary>
public class ProductInstance
{
    public int Id { get; set; }
    public int VirtualAccountId { get; set; }
    public VirtualAccount VirtualAccount { get; set; } = null!;
    public required string Name { get; set; }
    public string ProductType { get; set; } = "";
    public string UdiPid { get; set; } = "";
    public required string UdiSerialNumber { get; set; }
    /// <summary>UTC instant.</summary>
    public DateTime RegisteredAt { get; set; }
    /// <summary>UTC instant of the last successful authorization renewal.</summary>
    public DateTime? LastAuthorizationAt { get; set; }

    public List<LicenseUsage> LicenseUsage { get; set; } = [];
}

public class LicenseUsage
{
    public int Id { get; set; }
    public int ProductInstanceId { get; set; }
    public required string LicenseName { get; set; }
    public int Quantity { get; set; }
}
