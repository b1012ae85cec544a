using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;

namespace Forewarn.Core.Import;

// The bundle of §8 as read from JSON. Each item keeps its JSON path so that later checks (references to
// stored data) can name it. A field is null when it was missing or invalid; that is always reported, and
// a bundle with any error is never applied, so the storing code may rely on every field being present.

internal sealed record InventoryBundle(
    IReadOnlyList<BundleSmartAccount> SmartAccounts,
    IReadOnlyList<BundleUser> Users,
    IReadOnlyList<BundleEvent> Events);

internal sealed record BundleSmartAccount(
    string Path, string? Name, string? Domain, string? TimeZone, int? DigestHour,
    IReadOnlyList<BundleVirtualAccount> VirtualAccounts);

internal sealed record BundleVirtualAccount(
    string Path, string? Name, IReadOnlyList<BundleLicense> Licenses, IReadOnlyList<BundleProductInstance> ProductInstances);

internal sealed record BundleLicense(
    string Path, string? Name, int? Quantity, int? InUse, int? Available, string Status, string BillingType,
    IReadOnlyList<BundleLicenseLine> Lines);

internal sealed record BundleLicenseLine(
    string Path, LicenseType? Type, int? Quantity, DateOnly? StartDate, DateOnly? EndDate, string? SubscriptionId, string Status);

internal sealed record BundleProductInstance(
    string Path, string? Name, string ProductType, string UdiPid, string? UdiSerialNumber,
    DateTime? RegisteredAt, DateTime? LastAuthorizationAt, IReadOnlyList<BundleLicenseUsage> LicenseUsage);

internal sealed record BundleLicenseUsage(string Path, string? License, int? Quantity);

internal sealed record BundleUser(
    string Path, string? Email, string? Name, string? TimeZone,
    IReadOnlyList<BundleAccess> Access, IReadOnlyList<BundlePreference> Preferences);

internal sealed record BundleAccess(string Path, string? SmartAccount, string? VirtualAccount, Role? Role);

/// <summary>A preference entry, already normalised by N3 and N5 (what would be stored).</summary>
internal sealed record BundlePreference(
    string Path, string? SmartAccount, bool DailyEventSummary, bool StatusNotification, NotificationTypes Events,
    int? ExpiringRangeDays, string AdditionalEmails);

internal sealed record BundleEvent(
    string Path, string? SmartAccount, string? VirtualAccount, DateTime? At, EventType? Type, string? Message, string? ActorEmail);
