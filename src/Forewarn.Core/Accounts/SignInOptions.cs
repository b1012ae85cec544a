namespace Forewarn.Core.Accounts;

/// <summary>The <c>Forewarn:SignIn</c> section: lock-out after repeated failures.</summary>
public sealed class SignInOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);
    public int MinimumPasswordLength { get; set; } = 10;
}
