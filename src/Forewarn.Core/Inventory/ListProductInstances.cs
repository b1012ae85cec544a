using Forewarn.Core.Data;
using Forewarn.Core.Lifecycle;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The Product Instances tab of a Smart Account; instants shown in the account's zone.</summary>
public sealed class ListProductInstances(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="ProductInstanceId">Only this instance (the Alerts tab links here); one the user cannot see, or of
    /// another account, gives an empty list, as if it did not exist.</param>
    public sealed record Request(int UserId, string SmartAccountDomain, PageRequest? Page = null, int? ProductInstanceId = null);

    public sealed record LicenseUse(string License, int Quantity);

    /// <param name="NextRenewalAt">The next registration or authorization attempt, whichever comes first (§5); null until the engine has run.</param>
    /// <param name="AuthorizationExpiresAt">End of the current authorization period (L3).</param>
    /// <param name="GraceDeadline">End of the grace period, when in grace or after it (L3, L4).</param>
    public sealed record Row(int Id, string Name, string VirtualAccount, string ProductType, string UdiPid, string UdiSerialNumber,
        DateTimeOffset RegisteredAt, DateTimeOffset? LastAuthorizationAt, IReadOnlyList<LicenseUse> Licenses,
        RegistrationState RegistrationState, AuthorizationState AuthorizationState,
        DateTimeOffset? NextRenewalAt, DateTimeOffset? AuthorizationExpiresAt, DateTimeOffset? GraceDeadline);

    /// <returns>Null when no Smart Account with that domain is visible to the user.</returns>
    public async Task<AccountListPage<Row>?> HandleAsync(Request request, CancellationToken ct)
    {
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain, clock, ct);
        if (account is null) return null;

        var instances = db.ProductInstances.AsNoTracking().Where(p => p.VirtualAccount.SmartAccountId == account.Id);
        if (!account.Visibility.WholeAccount)
        {
            var visible = account.Visibility.VirtualAccountIds.ToList();
            instances = instances.Where(p => visible.Contains(p.VirtualAccountId));
        }
        if (request.ProductInstanceId is int instanceId) instances = instances.Where(p => p.Id == instanceId);
        var total = await instances.CountAsync(ct);
        var (number, size, skip) = (request.Page ?? new()).Resolve(total);
        var rows = await instances
            .OrderBy(p => p.VirtualAccount.Name).ThenBy(p => p.Name).ThenBy(p => p.Id)
            .Skip(skip).Take(size)
            .Select(p => new
            {
                p.Id, p.Name, VirtualAccount = p.VirtualAccount.Name, p.ProductType, p.UdiPid, p.UdiSerialNumber,
                p.RegisteredAt, p.LastAuthorizationAt,
                p.RegistrationState, p.AuthorizationState, p.LifecycleDueAt, p.AuthorizationExpiresAt, p.GraceEndsAt,
                Licenses = p.LicenseUsage.OrderBy(u => u.LicenseName).Select(u => new LicenseUse(u.LicenseName, u.Quantity)).ToList(),
            })
            .ToListAsync(ct);

        DateTimeOffset? Local(DateTime? utc) => utc is DateTime at ? account.Local(at) : null;
        return new(account, number, size, total, rows
            .Select(p => new Row(p.Id, p.Name, p.VirtualAccount, p.ProductType, p.UdiPid, p.UdiSerialNumber,
                account.Local(p.RegisteredAt), Local(p.LastAuthorizationAt), p.Licenses,
                p.RegistrationState, p.AuthorizationState, Local(p.LifecycleDueAt), Local(p.AuthorizationExpiresAt), Local(p.GraceEndsAt)))
            .ToList());
    }
}
