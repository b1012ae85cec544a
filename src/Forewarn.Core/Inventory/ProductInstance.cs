using Forewarn.Core.Lifecycle;

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

    // The lifecycle (§5, Lifecycle/LifecycleRules.cs). Every instant is UTC.

    public RegistrationState RegistrationState { get; set; }
    /// <summary>When the last registration renewal was attempted; a check-in after it makes the next attempt succeed (L5).</summary>
    public DateTime? LastRegistrationAttemptAt { get; set; }
    public DateTime? NextRegistrationAt { get; set; }

    public AuthorizationState AuthorizationState { get; set; }
    /// <summary>End of the authorization period granted by the last success (L3).</summary>
    public DateTime? AuthorizationExpiresAt { get; set; }
    /// <summary>End of the grace period, set when it starts (L3); null outside grace.</summary>
    public DateTime? GraceEndsAt { get; set; }
    /// <summary>When the last authorization renewal or retry was attempted (start of the next window, L5).</summary>
    public DateTime? LastAuthorizationAttemptAt { get; set; }
    public DateTime? NextAuthorizationAt { get; set; }

    /// <summary>Last time the instance talked to the agent API (check-in or usage report).</summary>
    public DateTime? LastCheckInAt { get; set; }
    /// <summary>The earlier of the next registration and authorization attempts: what the engine looks for.</summary>
    public DateTime? LifecycleDueAt { get; set; }
    /// <summary>Hex SHA-256 of the instance credential issued at registration through the agent API; null for imported instances.</summary>
    public string? CredentialHash { get; set; }
}

public class LicenseUsage
{
    public int Id { get; set; }
    public int ProductInstanceId { get; set; }
    public required string LicenseName { get; set; }
    public int Quantity { get; set; }
}
