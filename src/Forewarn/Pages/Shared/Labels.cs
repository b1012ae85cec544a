using Forewarn.Core.Accounts;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;

namespace Forewarn.Pages.Shared;

/// <summary>How the pages name roles and notification types (presentation only; the rules live in Core).</summary>
public static class Labels
{
    public static string Of(NotificationTypes type) => type switch
    {
        NotificationTypes.InsufficientLicenses => "Insufficient Licenses",
        NotificationTypes.LicensesExpiring => "Licenses Expiring",
        NotificationTypes.LicensesExpired => "Licenses Expired",
        NotificationTypes.ProductInstanceFailedToConnect => "Product Instance Failed to Connect",
        NotificationTypes.ProductInstanceFailedToRenew => "Product Instance Failed to Renew",
        NotificationTypes.AuthorizationExpired => "Authorization Expired",
        NotificationTypes.NewLicenses => "New Licenses",
        NotificationTypes.LicensesRemoved => "Licenses Removed",
        NotificationTypes.ProductInstanceRegistered => "Product Instance Registered",
        NotificationTypes.RegistrationRenewed => "Registration Renewed",
        NotificationTypes.AuthorizationRenewed => "Authorization Renewed",
        _ => type.ToString(),
    };

    public static string Of(Role role) => role switch
    {
        Role.SmartAccountAdmin => "Smart Account admin",
        Role.SmartAccountUser => "Smart Account user",
        Role.SmartAccountViewer => "Smart Account viewer",
        Role.VirtualAccountAdmin => "VA admin",
        Role.VirtualAccountUser => "VA user",
        Role.VirtualAccountViewer => "VA viewer",
        _ => role.ToString(),
    };

    /// <summary>e.g. "Smart Account admin of Acme Networks; VA user of EMEA in Acme Networks".</summary>
    public static string Of(IReadOnlyCollection<ListDemoUsers.Grant> access) =>
        access.Count == 0 ? "no access yet" : string.Join("; ", access.Select(a => a.VirtualAccount is null
            ? $"{Of(a.Role)} of {a.SmartAccount}"
            : $"{Of(a.Role)} of {a.VirtualAccount} in {a.SmartAccount}"));
}
