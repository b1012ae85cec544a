using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

public enum RegistrationTokenState { Active, Expired }

/// <summary>
/// The registration tokens of a Smart Account that the user may manage: every Virtual Account's for a Smart Account
/// admin, their own Virtual Accounts' for a Virtual Account admin (the same people who may create them). Never the
/// secret: only its prefix. Instants in the account's zone.
/// </summary>
public sealed class ListRegistrationTokens(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(int UserId, string SmartAccountDomain);

    public sealed record Row(int Id, string VirtualAccount, string Prefix, string Description, string CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, RegistrationTokenState State);

    public sealed record View(string SmartAccount, IReadOnlyList<Row> Tokens);

    /// <returns>
    /// NotFound on <c>smartAccount</c> when the account is not visible to the user (§1: as if it did not exist);
    /// Forbidden on <c>smartAccount</c> when they see it but administer no Virtual Account of it; the rows otherwise,
    /// by Virtual Account then oldest first.
    /// </returns>
    public async Task<Result<View>> HandleAsync(Request request, CancellationToken ct)
    {
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain ?? "", clock, ct);
        if (account is null) return Result<View>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");

        var tokens = db.RegistrationTokens.AsNoTracking().Where(t => t.SmartAccountId == account.Id);
        if (!account.Visibility.IsSmartAccountAdmin)
        {
            var administered = account.Access.Where(a => a.Role == Role.VirtualAccountAdmin && a.VirtualAccountId is not null)
                .Select(a => a.VirtualAccountId!.Value).Distinct().ToList();
            if (administered.Count == 0)
                return Result<View>.Forbidden("smartAccount",
                    $"Only a Smart Account admin of {account.Domain} or an admin of one of its Virtual Accounts may see registration tokens.");
            tokens = tokens.Where(t => administered.Contains(t.VirtualAccountId));
        }

        var rows = await tokens
            .OrderBy(t => t.VirtualAccount.Name).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => new { t.Id, VirtualAccount = t.VirtualAccount.Name, t.Prefix, t.Description, t.CreatedByEmail, t.CreatedAt, t.ExpiresAt })
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return Result<View>.Ok(new View(account.Domain, rows
            .Select(t => new Row(t.Id, t.VirtualAccount, t.Prefix, t.Description, t.CreatedByEmail, account.Local(t.CreatedAt), account.Local(t.ExpiresAt),
                // The same test the agent API applies: a token is usable while ExpiresAt is after now.
                t.ExpiresAt > now ? RegistrationTokenState.Active : RegistrationTokenState.Expired))
            .ToList()));
    }
}
