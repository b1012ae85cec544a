using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Accounts;

/// <summary><c>forewarn user add</c>: a new local user (no access yet; access comes from an import).</summary>
public sealed class AddUser(ForewarnDbContext db)
{
    public sealed record Request(string Email, string Name, string? TimeZone = null);

    public async Task<Result<User>> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !email.Contains('@'))
            errors.Add(new FieldError("email", $"'{request.Email}' is not a valid email address."));
        if (string.IsNullOrWhiteSpace(request.Name))
            errors.Add(new FieldError("name", "must not be empty."));
        if (request.TimeZone is { Length: > 0 } tz && !AccountClock.TryFindZone(tz, out _))
            errors.Add(new FieldError("timeZone", $"'{tz}' is not an IANA time zone."));
        if (errors.Count == 0 && await db.Users.AnyAsync(u => u.Email == email, ct))
            errors.Add(new FieldError("email", $"a user {email} exists already."));
        if (errors.Count > 0) return Result<User>.Invalid(errors);

        var user = new User { Email = email, Name = request.Name.Trim(), TimeZone = request.TimeZone is { Length: > 0 } ? request.TimeZone : null };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return Result<User>.Ok(user);
    }
}
