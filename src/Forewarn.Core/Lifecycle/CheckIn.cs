using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Lifecycle;

/// <summary>
/// <c>POST /api/agent/v1/check-in</c>: the instance says it is communicating. The next renewal attempt succeeds when a
/// check-in falls inside its window (L5); nothing else changes here, so a check-in never races the engine's decisions.
/// </summary>
public sealed class CheckIn(ForewarnDbContext db, TimeProvider clock)
{
    public sealed record Request(int InstanceId);

    /// <summary>What the instance learns back: where its lifecycle stands (UTC instants).</summary>
    public sealed record Status(int InstanceId, DateTime CheckedInAt, RegistrationState RegistrationState, AuthorizationState AuthorizationState,
        DateTime? AuthorizationExpiresAt, DateTime? GraceEndsAt, DateTime? NextRenewalAt);

    public async Task<Result<Status>> HandleAsync(Request request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await RecordAsync(db, [request.InstanceId], now, ct) == 0)
            return Result<Status>.NotFound("instance", "The product instance no longer exists.");
        var status = await db.ProductInstances.AsNoTracking().Where(p => p.Id == request.InstanceId)
            .Select(p => new Status(p.Id, now, p.RegistrationState, p.AuthorizationState, p.AuthorizationExpiresAt, p.GraceEndsAt, p.LifecycleDueAt))
            .SingleOrDefaultAsync(ct);
        return status is null ? Result<Status>.NotFound("instance", "The product instance no longer exists.") : Result<Status>.Ok(status);
    }

    /// <summary>Records a check-in at <paramref name="at"/> for each instance in one statement (the simulator's whole fleet a day).</summary>
    /// <returns>How many instances were found.</returns>
    public static Task<int> RecordAsync(ForewarnDbContext db, IReadOnlyCollection<int> instanceIds, DateTime at, CancellationToken ct)
    {
        var ids = instanceIds.ToArray();
        return db.ProductInstances.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.LastCheckInAt, at), ct);
    }
}
