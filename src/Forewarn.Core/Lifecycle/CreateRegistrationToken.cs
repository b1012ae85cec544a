using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// A registration token for one Virtual Account, created by a Smart Account admin or an admin of that Virtual Account.
/// The token is in the result once; only its hash is kept.
/// </summary>
public sealed class CreateRegistrationToken(ForewarnDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30), LongestValidity = TimeSpan.FromDays(365);

    /// <summary>
    /// The validity in whole days, as people give it (CLI <c>--valid-days</c>, API <c>validDays</c>): 1 to 365; null
    /// means the default. Refused under the field <c>validDays</c>, so the refusal names what the caller typed.
    /// </summary>
    public static FieldError? CheckValidDays(int? days) =>
        days is int d && (d < 1 || d > LongestValidity.TotalDays)
            ? new("validDays", $"must be a whole number of days from 1 to {LongestValidity.TotalDays:0} (got {d}).")
            : null;

    public static TimeSpan? ValidForDays(int? days) => days is int d ? TimeSpan.FromDays(d) : null;

    /// <param name="ValidFor">How long the token may be used; default 30 days, at most 365.</param>
    public sealed record Request(int UserId, string SmartAccountDomain, string VirtualAccount, string? Description = null, TimeSpan? ValidFor = null);

    public sealed record Created(int Id, string Token, string SmartAccount, string VirtualAccount, DateTime ExpiresAt);

    public static IReadOnlyList<FieldError> Validate(Request r)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(r.VirtualAccount)) errors.Add(new("virtualAccount", "is required."));
        if (r.Description is { Length: > 200 }) errors.Add(new("description", "must be at most 200 characters."));
        // Listings print one token a line; a line break in a description would forge rows.
        else if (r.Description is not null && r.Description.Any(char.IsControl)) errors.Add(new("description", "must not contain control characters (line breaks, tabs)."));
        if (r.ValidFor is TimeSpan v && (v < TimeSpan.FromMinutes(1) || v > LongestValidity))
            errors.Add(new("validFor", $"must be between 1 minute and {LongestValidity.TotalDays:0} days (got {v})."));
        return errors;
    }

    public async Task<Result<Created>> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return Result<Created>.Invalid(errors);

        // An account the user cannot see is not found, never forbidden (§1: they must not learn it exists).
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain ?? "", clock, ct);
        if (account is null) return Result<Created>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");
        var vaName = request.VirtualAccount.Trim();
        var va = await db.VirtualAccounts.AsNoTracking()
            .SingleOrDefaultAsync(v => v.SmartAccountId == account.Id && v.Name == vaName, ct);
        if (va is null || !account.Visibility.CanSeeVirtualAccount(va.Id))
            return Result<Created>.NotFound("virtualAccount", $"No Virtual Account '{vaName}' in {account.Domain} is visible to you.");
        var isAdmin = account.Visibility.IsSmartAccountAdmin || await db.Access.AnyAsync(a =>
            a.UserId == request.UserId && a.SmartAccountId == account.Id && a.VirtualAccountId == va.Id
            && a.Role == Role.VirtualAccountAdmin, ct);
        if (!isAdmin)
            return Result<Created>.Forbidden("virtualAccount",
                $"Only a Smart Account admin of {account.Domain} or an admin of Virtual Account '{va.Name}' may create registration tokens for it.");

        var email = await db.Users.Where(u => u.Id == request.UserId).Select(u => u.Email).SingleAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = AgentSecrets.New(AgentSecrets.RegistrationTokenPrefix);
        var token = new RegistrationToken
        {
            SmartAccountId = account.Id, VirtualAccountId = va.Id, Hash = AgentSecrets.HashOf(secret),
            Prefix = AgentSecrets.Preview(secret), Description = request.Description?.Trim() ?? "", CreatedByEmail = email,
            CreatedAt = now, ExpiresAt = now + (request.ValidFor ?? DefaultValidity),
        };
        db.RegistrationTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return Result<Created>.Ok(new Created(token.Id, secret, account.Domain, va.Name, token.ExpiresAt));
    }
}
