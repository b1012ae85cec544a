using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Accounts;

/// <summary><c>forewarn token create</c>: a new personal access token, shown once; only its hash is stored.</summary>
public sealed class CreateApiToken(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(string Email, string? Name);

    public sealed record Created(int Id, string Name, string Token);

    public async Task<Result<Created>> HandleAsync(Request request, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == email, ct);
        if (user is null) return Result<Created>.NotFound("user", $"No user {email}.");
        var secret = ApiToken.NewSecret();
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"token {clock.GetUtcNow():yyyy-MM-dd HH:mm}" : request.Name.Trim(),
            Hash = ApiToken.HashOf(secret),
            Prefix = secret[..(ApiToken.TokenPrefix.Length + 6)],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return Result<Created>.Ok(new Created(token.Id, token.Name, secret));
    }
}

/// <summary><c>forewarn token revoke</c>: a revoked token is refused from then on.</summary>
public sealed class RevokeApiToken(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="Token">The token's id, its name, or the token itself.</param>
    public sealed record Request(string Email, string Token);

    public async Task<Result<int>> HandleAsync(Request request, CancellationToken ct)
    {
        var email = (request.Email ?? "").Trim().ToLowerInvariant();
        var hash = ApiToken.HashOf(request.Token);
        var id = int.TryParse(request.Token, out var n) ? n : -1;
        var tokens = await db.ApiTokens
            .Where(t => t.User.Email == email && t.RevokedAt == null && (t.Id == id || t.Name == request.Token || t.Hash == hash))
            .ToListAsync(ct);
        if (tokens.Count == 0) return Result<int>.NotFound("token", $"No active token '{request.Token}' of {email}.");
        foreach (var t in tokens) t.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return Result<int>.Ok(tokens.Count);
    }
}

/// <summary>Who a bearer token belongs to; null for an unknown or revoked token.</summary>
public sealed class AuthenticateApiToken(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Authenticated(int UserId, string Email, string Name);

    public async Task<Authenticated?> HandleAsync(string token, CancellationToken ct)
    {
        if (!token.StartsWith(ApiToken.TokenPrefix, StringComparison.Ordinal)) return null;
        var hash = ApiToken.HashOf(token);
        var found = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, ct);
        if (found is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        // Last use is kept to the minute so an API client does not write on every call.
        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            found.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return new Authenticated(found.User.Id, found.User.Email, found.User.Name);
    }
}
