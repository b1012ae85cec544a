using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Accounts;

/// <summary><c>forewarn user set-password</c>: sets a user's password and lifts any lock-out.</summary>
public sealed class SetPassword(ForewarnDbContext db, IOptions<ForewarnOptions> options)
{
    /// <param name="IsDemo">Set by the bundled sample's loader only: marks the documented demo password.</param>
    public sealed record Request(string Email, string Password, bool IsDemo = false);

    public async Task<Result<bool>> HandleAsync(Request request, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user is null) return Result<bool>.NotFound("email", $"No user {email}.");
        if (Passwords.Problem(request.Password, options.Value.SignIn.MinimumPasswordLength) is { } problem)
            return Result<bool>.Invalid([new FieldError("password", problem + ".")]);
        user.PasswordHash = Passwords.Hash(user, request.Password);
        user.HasDemoPassword = request.IsDemo;
        user.FailedSignInCount = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        return Result<bool>.Ok(true);
    }
}
