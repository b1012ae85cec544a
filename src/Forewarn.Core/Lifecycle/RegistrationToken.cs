using Forewarn.Core.Inventory;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// A registration token created in a Virtual Account: a product instance that presents it to the agent API registers
/// into that Virtual Account (L5). Only its SHA-256 hash is stored; the token is shown once when created.
/// </summary>
public class RegistrationToken
{
    public int Id { get; set; }
    public int SmartAccountId { get; set; }
    public SmartAccount SmartAccount { get; set; } = null!;
    public int VirtualAccountId { get; set; }
    public VirtualAccount VirtualAccount { get; set; } = null!;
    /// <summary>Hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }
    /// <summary>The first characters of the token, to tell tokens apart in listings.</summary>
    public required string Prefix { get; set; }
    public string Description { get; set; } = "";
    public required string CreatedByEmail { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>The secrets the agent API hands out: long random strings with a recognisable prefix, stored as hashes.</summary>
public static class AgentSecrets
{
    /// <summary>Registration tokens (created in the account, given to devices).</summary>
    public const string RegistrationTokenPrefix = "fwreg_";
    /// <summary>Instance credentials (issued to one instance at registration).</summary>
    public const string InstanceCredentialPrefix = "fwpi_";

    /// <summary>Made like the users' API tokens (256 random bits, URL-safe), with the agent's own prefix.</summary>
    public static string New(string prefix) => prefix + Accounts.ApiToken.NewSecret()[Accounts.ApiToken.TokenPrefix.Length..];

    /// <summary>Hashed like the users' API tokens: SHA-256 suffices, the secrets are random, there is nothing to guess that a slow hash would protect.</summary>
    public static string HashOf(string secret) => Accounts.ApiToken.HashOf(secret);

    /// <summary>How a secret is shown in listings: its prefix and six characters.</summary>
    public static string Preview(string secret) => secret[..Math.Min(secret.Length, secret.IndexOf('_') + 7)];
}
