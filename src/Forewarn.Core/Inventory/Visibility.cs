namespace Forewarn.Core.Inventory;

/// <summary>
/// What one user can see of one Smart Account (§1: visibility equals eligibility).
/// SA-level roles see every VA and SA-level events; VA roles see only their VAs.
/// </summary>
public sealed record Visibility(bool WholeAccount, IReadOnlySet<int> VirtualAccountIds, bool IsSmartAccountAdmin)
{
    public static readonly Visibility None = new(false, new HashSet<int>(), false);

    public static Visibility From(IEnumerable<(Role Role, int? VirtualAccountId)> access)
    {
        var whole = false; var admin = false; var vas = new HashSet<int>();
        foreach (var (role, va) in access)
        {
            if (role.IsSmartAccountLevel()) whole = true;
            if (role == Role.SmartAccountAdmin) admin = true;
            if (!role.IsSmartAccountLevel() && va is int id) vas.Add(id);
        }
        return new Visibility(whole, vas, admin);
    }

    public bool Any => WholeAccount || VirtualAccountIds.Count > 0;

    public bool CanSeeVirtualAccount(int virtualAccountId) => WholeAccount || VirtualAccountIds.Contains(virtualAccountId);

    /// <summary>An event with no VA is seen only by Smart-Account-level roles (D2).</summary>
    public bool CanSeeEvent(int? virtualAccountId) =>
        virtualAccountId is int id ? CanSeeVirtualAccount(id) : WholeAccount;
}
