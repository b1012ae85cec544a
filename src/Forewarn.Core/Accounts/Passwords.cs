using Forewarn.Core.Inventory;
using Microsoft.AspNetCore.Identity;

namespace Forewarn.Core.Accounts;

/// <summary>The framework's password hasher (PBKDF2, versioned format), and the password rules.</summary>
public static class Passwords
{
    private static readonly PasswordHasher<User> Hasher = new();
    /// <summary>Verified against when the email is unknown, so a wrong email costs as long as a wrong password.</summary>
    private static readonly User Nobody = new() { Email = "", Name = "" };
    private static readonly string DummyHash = Hasher.HashPassword(Nobody, "not-a-password-anyone-has");

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(User? user, string password)
    {
        if (user?.PasswordHash is not { } hash)
        {
            Hasher.VerifyHashedPassword(Nobody, DummyHash, password); // same cost as a real check
            return false;
        }
        return Hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>
    /// A short fingerprint of the stored password hash, carried in the sign-in cookie: a new password (every hash has a
    /// fresh salt) changes it, which ends every session signed in with the old one (<see cref="ValidateSession"/>).
    /// </summary>
    public static string SessionStamp(string? passwordHash) =>
        passwordHash is null ? "" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(passwordHash)))[..16];

    public static string? Problem(string? password, int minimumLength) =>
        string.IsNullOrEmpty(password) ? "must not be empty"
        : password.Length < minimumLength ? $"must be at least {minimumLength} characters"
        : password.Trim().Length != password.Length ? "must not start or end with white space"
        : null;
}
