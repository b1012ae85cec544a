namespace Forewarn.Core.Inventory;

public class User
{
    public int Id { get; set; }
    /// <summary>Login; stored lower-case.</summary>
    public required string Email { get; set; }
    public required string Name { get; set; }
    public string? TimeZone { get; set; }

    /// <summary>Framework password hash (PasswordHasher); null: the user cannot sign in with a password yet.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>True while the password is the documented demo password of the bundled sample.</summary>
    public bool HasDemoPassword { get; set; }
    public int FailedSignInCount { get; set; }
    /// <summary>UTC instant until which sign-in is refused after repeated failures.</summary>
    public DateTime? LockedUntil { get; set; }

    public List<Access> Access { get; set; } = [];
}
