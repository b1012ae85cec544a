using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Accounts;

/// <summary>
/// Checks a password; locks the account for a while after repeated failures. Never says whether the email exists: a
/// locked account answers exactly as a wrong password or an unknown email does (otherwise five guesses at any address
/// would tell whether it has an account), and the one message says that repeated failures lock an account.
/// </summary>
public sealed class SignIn(ForewarnDbContext db, TimeProvider clock, IOptions<ForewarnOptions> options)
{
    public sealed record Request(string Email, string Password);

    /// <param name="SessionStamp">Goes into the cookie; a later password change ends the session (<see cref="ValidateSession"/>).</param>
    public sealed record SignedIn(int UserId, string Email, string Name, string SessionStamp);

    public const string WrongCredentials =
        "The email or the password is wrong, or the account is locked for a while after repeated failed sign-ins.";

    public async Task<Result<SignedIn>> HandleAsync(Request request, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = options.Value.SignIn;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        // Locked: refused like any failure, whatever the password, and the lock is not extended.
        if (user?.LockedUntil is DateTime until && until > now)
            return Result<SignedIn>.Invalid([new FieldError("password", WrongCredentials)]);
        if (!Passwords.Verify(user, request.Password ?? ""))
        {
            if (user is not null)
            {
                user.FailedSignInCount++;
                if (user.FailedSignInCount >= policy.MaxFailedAttempts)
                {
                    user.LockedUntil = now + policy.Lockout;
                    user.FailedSignInCount = 0;
                }
                await db.SaveChangesAsync(ct);
            }
            return Result<SignedIn>.Invalid([new FieldError("password", WrongCredentials)]);
        }
        if (user!.FailedSignInCount != 0 || user.LockedUntil is not null)
        {
            user.FailedSignInCount = 0;
            user.LockedUntil = null;
            await db.SaveChangesAsync(ct);
        }
        return Result<SignedIn>.Ok(new SignedIn(user.Id, user.Email, user.Name, Passwords.SessionStamp(user.PasswordHash)));
    }
}
