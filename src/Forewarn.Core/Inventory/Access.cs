namespace Forewarn.Core.Inventory;

/// <summary>The six roles of §1, from most to least power.</summary>
public enum Role
{
    SmartAccountAdmin, SmartAccountUser, SmartAccountViewer,
    VirtualAccountAdmin, VirtualAccountUser, VirtualAccountViewer,
}

public static class Roles
{
    public static bool IsSmartAccountLevel(this Role role) =>
        role is Role.SmartAccountAdmin or Role.SmartAccountUser or Role.SmartAccountViewer;
}

/// <summary>A user's role on a whole Smart Account (VirtualAccountId null) or on one Virtual Account.</summary>
public class Access
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User User { get; set; } = null!;
    public int SmartAccountId { get; set; }
    public SmartAccount SmartAccount { get; set; } = null!;
    public int? VirtualAccountId { get; set; }
    public VirtualAccount? VirtualAccount { get; set; }
    public Role Role { get; set; }
}
