using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// The CSSM status strings a license carries (the import stores them; usage reports keep them in step). Whether a license
/// is over-consumed is <see cref="Inventory.LicenseValidity.OverConsumedOn"/>: in use above the quantity valid on the
/// account's date, the same rule as the A4 alert. An instance using any over-consumed license of its Virtual Account is
/// OutOfCompliance, which does not stop its renewal (L2).
/// </summary>
public static class LicenseCompliance
{
    public const string InCompliance = "In Compliance", InsufficientLicenses = "Insufficient Licenses";

    /// <summary>
    /// Moves each license's in-use count (and available) by its delta with an atomic <c>UPDATE … SET InUse = InUse + @d</c>,
    /// so concurrent reports of other instances add up, then sets the status of the <paramref name="touched"/> licenses
    /// from their figures on <paramref name="today"/>.
    /// </summary>
    public static async Task ApplyUsageAsync(ForewarnDbContext db, int virtualAccountId, IReadOnlyDictionary<string, int> deltas,
        IReadOnlyCollection<string> touched, DateOnly today, CancellationToken ct)
    {
        foreach (var (name, change) in deltas.Where(d => d.Value != 0))
            await db.Licenses.Where(l => l.VirtualAccountId == virtualAccountId && l.Name == name)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.InUse, l => l.InUse + change)
                    .SetProperty(l => l.Available, l => l.Available - change), ct);
        var licenses = db.Licenses.Where(l => l.VirtualAccountId == virtualAccountId && touched.Contains(l.Name));
        await licenses.Where(LicenseValidity.OverConsumedOn(today))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, InsufficientLicenses), ct);
        await licenses.Where(LicenseValidity.WithinQuantityOn(today))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, InCompliance), ct);
    }
}
