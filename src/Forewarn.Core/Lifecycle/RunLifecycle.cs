using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// The renewal engine (§5): every product instance whose next registration or authorization attempt is due (or that
/// the engine has never looked at) advances by <see cref="LifecycleRules.Advance"/>, and each transition is written
/// as one Event in the instance's Virtual Account.
/// <para>
/// Exactly once across processes: an instance's new state is written by a conditional update that matches the state
/// and next-attempt columns it was read with, in the same transaction as its events. Two runs that read the same
/// instance cannot both match; the loser writes nothing for it (counted as <see cref="Summary.LostRaces"/>).
/// </para>
/// </summary>
public sealed class RunLifecycle(ForewarnDbContext db, TimeProvider clock, IOptions<LifecycleOptions> options)
{
    /// <param name="Now">The instant to run at; default: the clock's now.</param>
    /// <param name="SmartAccountId">Only this Smart Account's instances (the simulator keeps to its own account).</param>
    /// <param name="BatchSize">Instances read (keyset by id) and written per transaction.</param>
    public sealed record Request(DateTime? Now = null, int? SmartAccountId = null, int BatchSize = 500);

    /// <summary>
    /// What the run wrote. <see cref="AuthorizationRenewed"/> counts regular renewals (Authorized or OutOfCompliance);
    /// <see cref="Recovered"/> counts renewals out of grace or after it (L4) — both are AuthorizationRenewed events.
    /// <see cref="Advanced"/> counts instances written; <see cref="LostRaces"/> those another run had already advanced.
    /// </summary>
    public sealed record Summary(
        int Advanced, int Initialised, int RegistrationRenewed, int RegistrationRenewalFailed,
        int AuthorizationRenewed, int AuthorizationRenewalFailed, int GracePeriodStarted, int GracePeriodExpired,
        int Recovered, int LostRaces)
    {
        public static readonly Summary Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private sealed record Due(
        int Id, int VirtualAccountId, int SmartAccountId, string TimeZone, string Name, string UdiSerialNumber,
        InstanceLifecycle Lifecycle, bool OutOfCompliance);

    public async Task<Summary> HandleAsync(Request request, CancellationToken ct)
    {
        var now = DateTime.SpecifyKind(request.Now ?? clock.GetUtcNow().UtcDateTime, DateTimeKind.Utc);
        var settings = options.Value;
        var batchSize = Math.Clamp(request.BatchSize, 1, 10_000);
        var zones = new Dictionary<string, TimeZoneInfo>(StringComparer.Ordinal);
        var tally = new Tally();
        var after = 0;
        while (true)
        {
            List<Due> batch;
            for (var attempt = 1; ; attempt++)
            {
                batch = await ReadDueAsync(after, now, request.SmartAccountId, batchSize, ct);
                if (batch.Count == 0) return tally.ToSummary();
                try
                {
                    await ApplyAsync(batch, now, settings, zones, tally, ct);
                    break;
                }
                catch (Exception e) when (attempt < 3 && IsLockConflict(e))
                {
                    // Another writer locked some of these rows in another order (PostgreSQL chose us to abort).
                    // Nothing of the batch was kept; reading it again is safe because every write is conditional.
                    db.ChangeTracker.Clear();
                }
            }
            after = batch[^1].Id;
            if (batch.Count < batchSize) return tally.ToSummary();
        }
    }

    private static bool IsLockConflict(Exception e) =>
        (e as Npgsql.PostgresException ?? e.InnerException as Npgsql.PostgresException)?.SqlState is "40P01" or "40001";

    private async Task<List<Due>> ReadDueAsync(int after, DateTime now, int? smartAccountId, int batchSize, CancellationToken ct)
    {
        var query = db.ProductInstances.AsNoTracking()
            .Where(p => p.Id > after && (p.AuthorizationState == AuthorizationState.Pending || p.LifecycleDueAt <= now));
        if (smartAccountId is int sa) query = query.Where(p => p.VirtualAccount.SmartAccountId == sa);
        var rows = await query.OrderBy(p => p.Id).Take(batchSize)
            .Select(p => new
            {
                p.Id, p.VirtualAccountId, p.VirtualAccount.SmartAccountId, p.VirtualAccount.SmartAccount.TimeZone, p.Name, p.UdiSerialNumber,
                p.RegisteredAt, p.RegistrationState, p.LastRegistrationAttemptAt, p.NextRegistrationAt,
                p.AuthorizationState, p.LastAuthorizationAt, p.AuthorizationExpiresAt, p.GraceEndsAt,
                p.LastAuthorizationAttemptAt, p.NextAuthorizationAt, p.LastCheckInAt,
            })
            .ToListAsync(ct);
        var outOfCompliance = await OutOfComplianceAsync(rows.Select(p => (p.Id, p.TimeZone)).ToList(), now, ct);
        return rows.Select(p => new Due(p.Id, p.VirtualAccountId, p.SmartAccountId, p.TimeZone, p.Name, p.UdiSerialNumber,
            new InstanceLifecycle(p.RegisteredAt, p.RegistrationState, p.LastRegistrationAttemptAt, p.NextRegistrationAt,
                p.AuthorizationState, p.LastAuthorizationAt, p.AuthorizationExpiresAt, p.GraceEndsAt,
                p.LastAuthorizationAttemptAt, p.NextAuthorizationAt, p.LastCheckInAt),
            outOfCompliance.Contains(p.Id))).ToList();
    }

    /// <summary>
    /// Which of these instances use a license over-consumed on their account's local date — the A4 rule
    /// (<see cref="LicenseValidity.OverConsumedOn"/>), asked once per distinct date in the batch.
    /// </summary>
    private async Task<HashSet<int>> OutOfComplianceAsync(IReadOnlyList<(int Id, string TimeZone)> instances, DateTime now, CancellationToken ct)
    {
        var over = new HashSet<int>();
        var byDate = instances.GroupBy(i => AccountClock.LocalDate(now, AccountClock.TryFindZone(i.TimeZone, out var z) ? z : TimeZoneInfo.Utc));
        foreach (var group in byDate)
        {
            var ids = group.Select(i => i.Id).ToList();
            var overConsumed = db.Licenses.Where(LicenseValidity.OverConsumedOn(group.Key));
            over.UnionWith(await db.ProductInstances.AsNoTracking()
                .Where(p => ids.Contains(p.Id)
                            && p.LicenseUsage.Any(u => overConsumed.Any(l => l.VirtualAccountId == p.VirtualAccountId && l.Name == u.LicenseName)))
                .Select(p => p.Id).ToListAsync(ct));
        }
        return over;
    }

    private async Task ApplyAsync(List<Due> batch, DateTime now, LifecycleOptions settings, Dictionary<string, TimeZoneInfo> zones,
        Tally tally, CancellationToken ct)
    {
        // One transaction a batch: the instances' new states and their events commit together or not at all.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counted = new List<LifecycleStep>();
        var lost = 0;
        foreach (var due in batch)
        {
            var step = LifecycleRules.Advance(due.Lifecycle, now, due.OutOfCompliance, settings);
            if (!await WriteIfUnchangedAsync(due, step.Next, ct))
            {
                lost++;
                continue;
            }
            if (!zones.TryGetValue(due.TimeZone, out var zone))
                zones[due.TimeZone] = zone = AccountClock.TryFindZone(due.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
            var graceAlsoExpired = step.Transitions.Any(x => x.Type == EventType.GracePeriodExpired);
            foreach (var t in step.Transitions)
                db.Events.Add(new Event
                {
                    SmartAccountId = due.SmartAccountId, VirtualAccountId = due.VirtualAccountId, At = now, Type = t.Type,
                    Message = LifecycleMessages.For(t, due.Name, due.UdiSerialNumber, zone, settings, graceAlsoExpired),
                });
            await LifecycleAlerts.ApplyAsync(db, due.SmartAccountId, due.VirtualAccountId, due.Id, step.RaiseAlerts, step.ClearAlerts, now, zone, ct);
            counted.Add(step);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        // Counted only once committed, so a failed batch reports nothing it did not do.
        foreach (var step in counted) tally.Add(step);
        tally.LostRaces += lost;
    }

    /// <summary>The conditional update: it matches only while the instance still has the state and schedule it was read with.</summary>
    private async Task<bool> WriteIfUnchangedAsync(Due due, InstanceLifecycle next, CancellationToken ct)
    {
        var before = due.Lifecycle;
        var rows = await db.ProductInstances
            .Where(p => p.Id == due.Id
                        && p.AuthorizationState == before.AuthorizationState && p.RegistrationState == before.RegistrationState
                        && p.NextAuthorizationAt == before.NextAuthorizationAt && p.NextRegistrationAt == before.NextRegistrationAt)
            .ExecuteUpdateAsync(s => s
                .SetProperty(p => p.RegistrationState, next.RegistrationState)
                .SetProperty(p => p.LastRegistrationAttemptAt, next.LastRegistrationAttemptAt)
                .SetProperty(p => p.NextRegistrationAt, next.NextRegistrationAt)
                .SetProperty(p => p.AuthorizationState, next.AuthorizationState)
                .SetProperty(p => p.LastAuthorizationAt, next.LastAuthorizationAt)
                .SetProperty(p => p.AuthorizationExpiresAt, next.AuthorizationExpiresAt)
                .SetProperty(p => p.GraceEndsAt, next.GraceEndsAt)
                .SetProperty(p => p.LastAuthorizationAttemptAt, next.LastAuthorizationAttemptAt)
                .SetProperty(p => p.NextAuthorizationAt, next.NextAuthorizationAt)
                .SetProperty(p => p.LifecycleDueAt, next.DueAt), ct);
        return rows == 1;
    }

    private sealed class Tally
    {
        public int Advanced, Initialised, RegistrationRenewed, RegistrationRenewalFailed, AuthorizationRenewed,
            AuthorizationRenewalFailed, GracePeriodStarted, GracePeriodExpired, Recovered, LostRaces;

        public void Add(LifecycleStep step)
        {
            Advanced++;
            if (step.Initialised) Initialised++;
            foreach (var t in step.Transitions)
            {
                switch (t.Type)
                {
                    case EventType.RegistrationRenewed: RegistrationRenewed++; break;
                    case EventType.RegistrationRenewalFailed: RegistrationRenewalFailed++; break;
                    case EventType.AuthorizationRenewed when t.Recovered: Recovered++; break;
                    case EventType.AuthorizationRenewed: AuthorizationRenewed++; break;
                    case EventType.AuthorizationRenewalFailed: AuthorizationRenewalFailed++; break;
                    case EventType.GracePeriodStarted: GracePeriodStarted++; break;
                    case EventType.GracePeriodExpired: GracePeriodExpired++; break;
                }
            }
        }

        public Summary ToSummary() => new(Advanced, Initialised, RegistrationRenewed, RegistrationRenewalFailed, AuthorizationRenewed,
            AuthorizationRenewalFailed, GracePeriodStarted, GracePeriodExpired, Recovered, LostRaces);
    }
}
