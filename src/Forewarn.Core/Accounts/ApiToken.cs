using System.Security.Cryptography;
using System.Text;
using Forewarn.Core.Inventory;

namespace Forewarn.Core.Accounts;

/// <summary>A personal access token for the HTTP API. Only its SHA-256 hash is stored.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User User { get; set; } = null!;
    public required string Name { get; set; }
    /// <summary>Hex SHA-256 of the whole token.</summary>
    public required string Hash { get; set; }
    /// <summary>The first characters of the token, to tell tokens apart in listings.</summary>
    public required string Prefix { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public const string TokenPrefix = "fwpat_";

    public static string NewSecret() =>
        TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
