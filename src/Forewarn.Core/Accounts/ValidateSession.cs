using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Accounts;

/// <summary>
/// Whether a signed-in browser session still stands: the user exists and has the password the session was signed in
/// with. Setting a new password (<c>forewarn user set-password</c>) thus signs out every browser that used the old one,
/// at its next request — the point of changing a password that may have leaked (e.g. the public demo password).
/// </summary>
public sealed class ValidateSession(ForewarnDbContext db)
{
    public sealed record Request(int UserId, string SessionStamp);

    public async Task<bool> HandleAsync(Request request, CancellationToken ct)
    {
        var hash = await db.Users.AsNoTracking().Where(u => u.Id == request.UserId).Select(u => new { u.PasswordHash }).SingleOrDefaultAsync(ct);
        return hash is not null && hash.PasswordHash is not null
               && string.Equals(Passwords.SessionStamp(hash.PasswordHash), request.SessionStamp, StringComparison.Ordinal);
    }
}
