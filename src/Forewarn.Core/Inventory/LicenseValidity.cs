using System.Linq.Expressions;

namespace Forewarn.Core.Inventory;

/// <summary>
/// What a license holds on a calendar date D of its Smart Account's zone, and whether it is over-consumed then — one
/// definition for every feature that judges compliance (docs/decisions/0603): the A4 InsufficientLicenses alert, the
/// license's status string, and a product instance's OutOfCompliance state (L2) all use it, so the Alerts tab and the
/// Product Instances tab never disagree about the same license on the same day.
/// </summary>
public static class LicenseValidity
{
    /// <summary>
    /// A line counts on D when it has started (start ≤ D) and has not expired (perpetual, or D ≤ expiry: a line is valid
    /// through its expiry date, §1). A line that starts tomorrow does not count today, whatever its type.
    /// </summary>
    public static Expression<Func<LicenseLine, bool>> ValidOn(DateOnly date) =>
        l => l.StartDate <= date && (l.Type == LicenseType.Perpetual || (l.EndDate != null && l.EndDate >= date));

    /// <summary>In use above the quantity of the lines valid on D (A4).</summary>
    public static Expression<Func<License, bool>> OverConsumedOn(DateOnly date)
    {
        var valid = ValidOn(date);
        return l => l.InUse > l.Lines.AsQueryable().Where(valid).Sum(x => x.Quantity);
    }

    /// <summary>The complement of <see cref="OverConsumedOn"/>: in use within the quantity valid on D.</summary>
    public static Expression<Func<License, bool>> WithinQuantityOn(DateOnly date)
    {
        var valid = ValidOn(date);
        return l => l.InUse <= l.Lines.AsQueryable().Where(valid).Sum(x => x.Quantity);
    }

    /// <summary>The quantity of the lines valid on D.</summary>
    public static Expression<Func<License, int>> ValidQuantityOn(DateOnly date)
    {
        var valid = ValidOn(date);
        return l => l.Lines.AsQueryable().Where(valid).Sum(x => x.Quantity);
    }
}
