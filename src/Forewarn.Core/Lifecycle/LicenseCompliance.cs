namespace Forewarn.Core.Lifecycle;

/// <summary>
/// Whether a license is over-consumed, as the agent's usage reports see it: in use above the license's quantity.
/// An instance using any over-consumed license of its Virtual Account is OutOfCompliance, which does not stop its
/// renewal (L2). The Alerts feature (A4) judges compliance against the quantity valid today; this is the instance's
/// status as the license counts stand.
/// </summary>
public static class LicenseCompliance
{
    /// <summary>The CSSM status strings the import stores, kept in step when usage moves the counts.</summary>
    public const string InCompliance = "In Compliance", InsufficientLicenses = "Insufficient Licenses";

    public static bool IsOverConsumed(int inUse, int quantity) => inUse > quantity;

    public static string Status(int inUse, int quantity) => IsOverConsumed(inUse, quantity) ? InsufficientLicenses : InCompliance;
}
