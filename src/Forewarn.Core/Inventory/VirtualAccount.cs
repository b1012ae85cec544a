namespace Forewarn.Core.Inventory;

/// <summary>A named sub-pool of a Smart Account; licenses and product instances live in exactly one.</summary>
public class VirtualAccount
{
    public int Id { get; set; }
    public int SmartAccountId { get; set; }
    public SmartAccount SmartAccount { get; set; } = null!;
    public required string Name { get; set; }

    public List<License> Licenses { get; set; } = [];
    public List<ProductInstance> ProductInstances { get; set; } = [];
}
