using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Accounts;

/// <summary>Checks a password; locks the account for a while after repeated failures. Never says whether the email exists.</summary>
public sealed class SignIn(ForewarnDbContext db, TimeProvider clock, IOptions<ForewarnOptions> options)
{
    public sealed record Request(string Email, string Password);

    public sealed record SignedIn(int UserId, string Email, string Name);

    public const string WrongCredentials = "The email or the password is wrong.";

    public async Task<Result<SignedIn>> HandleAsync(Request request, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var now = clock.GetUtcNow().UtcDateTime;
        var policy = options.Value.SignIn;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user?.LockedUntil is DateTime until && until > now)
            return Result<SignedIn>.Forbidden("email",
                $"Too many failed sign-ins: this account is locked until {until:yyyy-MM-dd HH:mm} UTC.");
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
        return Result<SignedIn>.Ok(new SignedIn(user.Id, user.Email, user.Name));
    }
}
