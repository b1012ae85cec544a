using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>The Licenses tab: one row per license line of a Smart Account, with days left in the account's zone.</summary>
public sealed class ListLicenses(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="LicenseId">Only this license's lines (the Alerts tab links here); a license the user cannot see, or of
    /// another account, gives an empty list, as if it did not exist.</param>
    public sealed record Request(int UserId, string SmartAccountDomain, PageRequest? Page = null, int? LicenseId = null);

    /// <param name="LicenseId">The license the line belongs to (what <c>?license=</c> and an alert's licenseId name).</param>
    public sealed record Row(string License, string VirtualAccount, LicenseType LineType, int Quantity,
        DateOnly StartDate, DateOnly? ExpiryDate, LicenseExpiry Expiry, int LicenseId);

    /// <returns>Null when no Smart Account with that domain is visible to the user.</returns>
    public async Task<AccountListPage<Row>?> HandleAsync(Request request, CancellationToken ct)
    {
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain, clock, ct);
        if (account is null) return null;

        var lines = db.LicenseLines.AsNoTracking().Where(l => l.License.VirtualAccount.SmartAccountId == account.Id);
        if (!account.Visibility.WholeAccount)
        {
            var visible = account.Visibility.VirtualAccountIds.ToList();
            lines = lines.Where(l => visible.Contains(l.License.VirtualAccountId));
        }
        if (request.LicenseId is int licenseId) lines = lines.Where(l => l.LicenseId == licenseId);
        var total = await lines.CountAsync(ct);
        var (number, size, skip) = (request.Page ?? new()).Resolve(total);
        var rows = await lines
            .OrderBy(l => l.License.Name).ThenBy(l => l.License.VirtualAccount.Name).ThenBy(l => l.Position).ThenBy(l => l.Id)
            .Skip(skip).Take(size)
            .Select(l => new { License = l.License.Name, VirtualAccount = l.License.VirtualAccount.Name, l.Type, l.Quantity, l.StartDate, l.EndDate, l.LicenseId })
            .ToListAsync(ct);

        return new(account, number, size, total, rows
            .Select(l => new Row(l.License, l.VirtualAccount, l.Type, l.Quantity, l.StartDate, l.EndDate,
                LicenseExpiry.On(account.Today, l.EndDate), l.LicenseId))
            .ToList());
    }
}
