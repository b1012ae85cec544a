using Forewarn.Core.Data;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// THE single place where the lifecycle raises and clears its alerts (L3: ProductInstanceFailedToConnect,
/// L4: AuthorizationExpired; a successful retry clears both).
/// <para>
/// The Alert entity belongs to the Alerts feature (issue 4, A1-A7), which is built on another branch. Until it is
/// merged, the alerts live only in the Event each transition writes (its message says which alert is raised), and
/// <see cref="Apply"/> records nothing else. When merging: raise or refresh one Active alert per (kind, instance) with
/// the action due given, and on <c>clear</c> set the instance's active ProductInstanceFailedToConnect and
/// AuthorizationExpired alerts to Cleared, in the same transaction (the db given is inside it).
/// </para>
/// </summary>
public static class LifecycleAlerts
{
    /// <param name="raise">Alerts to raise for the instance (the step's RaiseAlerts).</param>
    /// <param name="clear">Whether the instance's lapse alerts clear (a successful retry, or a new registration).</param>
    public static void Apply(ForewarnDbContext db, int smartAccountId, int virtualAccountId, int productInstanceId,
        IReadOnlyList<LifecycleAlert> raise, bool clear, DateTime now)
    {
        _ = (db, smartAccountId, virtualAccountId, productInstanceId, raise, clear, now);
    }
}
