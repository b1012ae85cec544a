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
}
