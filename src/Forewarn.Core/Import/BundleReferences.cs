using Forewarn.Core.Inventory;
using Error = Forewarn.Core.Import.ImportInventory.Error;

namespace Forewarn.Core.Import;

/// <summary>
/// The Smart Accounts, Virtual Accounts and license names a bundle may refer to: those in the bundle
/// together with those already stored.
/// </summary>
internal sealed class AccountCatalog
{
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _accounts = new(StringComparer.Ordinal);

    /// <param name="stored">Stored Smart Accounts with their Virtual Accounts (and, where loaded, licenses).</param>
    public static AccountCatalog Of(InventoryBundle bundle, IEnumerable<SmartAccount> stored)
    {
        var catalog = new AccountCatalog();
        foreach (var sa in stored)
            foreach (var va in sa.VirtualAccounts)
                catalog.Add(sa.Domain, va.Name, va.Licenses.Select(l => l.Name));
        foreach (var sa in bundle.SmartAccounts.Where(s => s.Domain is not null))
        {
            catalog.Add(sa.Domain!, null, []);
            foreach (var va in sa.VirtualAccounts.Where(v => v.Name is not null))
                catalog.Add(sa.Domain!, va.Name, va.Licenses.Select(l => l.Name).OfType<string>());
        }
        return catalog;
    }

    private void Add(string domain, string? virtualAccount, IEnumerable<string> licenses)
    {
        if (!_accounts.TryGetValue(domain, out var vas)) _accounts[domain] = vas = new(StringComparer.Ordinal);
        if (virtualAccount is null) return;
        if (!vas.TryGetValue(virtualAccount, out var names)) vas[virtualAccount] = names = new(StringComparer.Ordinal);
        names.UnionWith(licenses);
    }

    public bool HasSmartAccount(string domain) => _accounts.ContainsKey(domain);

    public bool HasVirtualAccount(string domain, string name) => _accounts.TryGetValue(domain, out var vas) && vas.ContainsKey(name);

    public bool HasLicense(string domain, string virtualAccount, string license) =>
        _accounts.TryGetValue(domain, out var vas) && vas.TryGetValue(virtualAccount, out var names) && names.Contains(license);
}

/// <summary>Checks every reference in a bundle against the bundle itself and what is stored (pure).</summary>
internal static class BundleReferences
{
    public static IReadOnlyList<Error> Check(InventoryBundle bundle, AccountCatalog catalog)
    {
        var errors = new List<Error>();

        foreach (var sa in bundle.SmartAccounts.Where(s => s.Domain is not null))
            foreach (var va in sa.VirtualAccounts.Where(v => v.Name is not null))
                foreach (var pi in va.ProductInstances)
                    foreach (var usage in pi.LicenseUsage.Where(u => u.License is not null))
                        if (!catalog.HasLicense(sa.Domain!, va.Name!, usage.License!))
                            errors.Add(new Error(usage.Path + ".license",
                                $"'{usage.License}' is not a license of Virtual Account {va.Name} in {sa.Domain}, in the bundle or already stored"));

        foreach (var user in bundle.Users)
        {
            foreach (var access in user.Access)
                CheckAccount(access.Path, access.SmartAccount, access.VirtualAccount, catalog, errors);
            foreach (var preference in user.Preferences)
                CheckAccount(preference.Path, preference.SmartAccount, null, catalog, errors);
        }

        foreach (var e in bundle.Events)
            CheckAccount(e.Path, e.SmartAccount, e.VirtualAccount, catalog, errors);

        return errors;
    }

    private static void CheckAccount(string path, string? domain, string? virtualAccount, AccountCatalog catalog, List<Error> errors)
    {
        if (domain is null) return;
        if (!catalog.HasSmartAccount(domain))
            errors.Add(new Error(path + ".smartAccount", $"'{domain}' is not a Smart Account in the bundle or already stored"));
        else if (virtualAccount is not null && !catalog.HasVirtualAccount(domain, virtualAccount))
            errors.Add(new Error(path + ".virtualAccount",
                $"'{virtualAccount}' is not a Virtual Account of {domain} in the bundle or already stored"));
    }
}
