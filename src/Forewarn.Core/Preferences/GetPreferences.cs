using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Preferences;

/// <summary>The caller's own preferences for one Smart Account they can see (§2). New users get the N2 defaults.</summary>
public sealed class GetPreferences(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(int UserId, string SmartAccountDomain);

    public async Task<Result<PreferencesView>> HandleAsync(Request request, CancellationToken ct)
    {
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain, clock, ct);
        if (account is null)
            return Result<PreferencesView>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");
        var stored = await db.NotificationPreferences.AsNoTracking()
            .SingleOrDefaultAsync(p => p.UserId == request.UserId && p.SmartAccountId == account.Id, ct);
        return Result<PreferencesView>.Ok(PreferencesView.From(account.Domain, stored, account.Visibility.IsSmartAccountAdmin));
    }
}
