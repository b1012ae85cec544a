using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Lifecycle.Simulation;

/// <summary>A clock the simulation sets; everything it drives reads time from it.</summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// <c>forewarn simulate</c> (L5): a throwaway Smart Account with a fleet of product instances, driven through simulated
/// days on a <see cref="SimulatedClock"/> against the real engine (<see cref="RunLifecycle"/>) and the configured
/// database. Each day each instance checks in with probability 1 − failRate, drawn from one seeded generator in a
/// fixed order, so a seed gives the same figures every time, on either provider.
/// See docs/decisions/0704-lifecycle-simulator.md.
/// </summary>
public sealed class FleetSimulation(IServiceScopeFactory scopes, IOptions<LifecycleOptions> options, TimeProvider clock)
{
    public const int MaxInstances = 100_000, MaxDays = 3650;
    public const string DomainSuffix = ".simulation.forewarn.invalid";

    /// <param name="Start">The first simulated instant; default: today 00:00 UTC. Figures do not depend on it.</param>
    /// <param name="Keep">Keep the Smart Account afterwards (to look at it in the UI); by default it is deleted.</param>
    public sealed record Request(int Instances, int Days, double FailRate, int Seed = 1, bool Keep = false, DateTime? Start = null);

    /// <summary>
    /// One simulated day. <see cref="AuthorizationRenewed"/> counts regular renewals; <see cref="Recovered"/> counts
    /// renewals out of grace or after it (both are AuthorizationRenewed events).
    /// </summary>
    public sealed record Day(int Number, int CheckIns, int RegistrationRenewed, int RegistrationRenewalFailed, int AuthorizationRenewed,
        int AuthorizationRenewalFailed, int GracePeriodStarted, int GracePeriodExpired, int Recovered)
    {
        public bool HasTransitions => RegistrationRenewed + RegistrationRenewalFailed + AuthorizationRenewed + AuthorizationRenewalFailed
                                      + GracePeriodStarted + GracePeriodExpired + Recovered > 0;
    }

    public sealed record FinalState(int Authorized, int OutOfCompliance, int InGrace, int GraceExpired, int Registered, int RegistrationRenewalFailed);

    /// <param name="SmartAccount">The account's domain (it differs every run).</param>
    public sealed record Report(string SmartAccount, bool Kept, int Instances, int DayCount, double FailRate, int Seed,
        IReadOnlyList<Day> Days, FinalState Final, int Events);

    public static IReadOnlyList<FieldError> Validate(Request r)
    {
        var errors = new List<FieldError>();
        if (r.Instances is < 1 or > MaxInstances) errors.Add(new("instances", $"must be from 1 to {MaxInstances} (got {r.Instances})."));
        if (r.Days is < 1 or > MaxDays) errors.Add(new("days", $"must be from 1 to {MaxDays} (got {r.Days})."));
        if (double.IsNaN(r.FailRate) || r.FailRate is < 0 or > 1) errors.Add(new("fail-rate", $"must be a probability from 0 to 1 (got {r.FailRate})."));
        return errors;
    }

    /// <param name="onDay">Called after each simulated day, e.g. to print it as the run goes.</param>
    public async Task<Result<Report>> HandleAsync(Request request, Func<Day, Task>? onDay, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return Result<Report>.Invalid(errors);

        var start = DateTime.SpecifyKind(request.Start ?? clock.GetUtcNow().UtcDateTime.Date, DateTimeKind.Utc);
        var simulated = new SimulatedClock(new DateTimeOffset(start));
        var (accountId, domain, instanceIds) = await CreateFleetAsync(request, start, ct);
        try
        {
            var random = new Random(request.Seed);
            var days = new List<Day>(request.Days);
            for (var number = 1; number <= request.Days; number++)
            {
                ct.ThrowIfCancellationRequested();
                simulated.Now = new DateTimeOffset(start.AddDays(number));
                var now = simulated.GetUtcNow().UtcDateTime;
                // Every instance draws every day, in id order, so a seed fixes the whole history.
                var checkIns = instanceIds.Where(_ => random.NextDouble() >= request.FailRate).ToList();
                RunLifecycle.Summary summary;
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<ForewarnDbContext>();
                    await CheckIn.RecordAsync(db, checkIns, now, ct);
                    summary = await new RunLifecycle(db, simulated, options).HandleAsync(new(now, accountId), ct);
                }
                var day = new Day(number, checkIns.Count, summary.RegistrationRenewed, summary.RegistrationRenewalFailed, summary.AuthorizationRenewed,
                    summary.AuthorizationRenewalFailed, summary.GracePeriodStarted, summary.GracePeriodExpired, summary.Recovered);
                days.Add(day);
                if (onDay is not null) await onDay(day);
            }
            var (final, events) = await FinalStateAsync(accountId, ct);
            return Result<Report>.Ok(new Report(domain, request.Keep, request.Instances, request.Days, request.FailRate, request.Seed, days, final, events));
        }
        finally
        {
            if (!request.Keep) await DeleteAsync(accountId, CancellationToken.None);
        }
    }

    private async Task<(int AccountId, string Domain, List<int> InstanceIds)> CreateFleetAsync(Request request, DateTime start, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForewarnDbContext>();
        var domain = "run-" + Guid.NewGuid().ToString("N")[..12] + DomainSuffix;
        var account = new SmartAccount { Name = $"Forewarn simulation ({request.Instances} instances, seed {request.Seed})", Domain = domain, TimeZone = "UTC" };
        var va = new VirtualAccount { Name = "DEFAULT" };
        account.VirtualAccounts.Add(va);
        db.SmartAccounts.Add(account);
        await db.SaveChangesAsync(ct);

        var lifecycle = LifecycleRules.Registered(start, options.Value);
        const int chunk = 1000;
        for (var first = 0; first < request.Instances; first += chunk)
        {
            for (var i = first; i < Math.Min(first + chunk, request.Instances); i++)
            {
                var instance = new ProductInstance
                {
                    VirtualAccountId = va.Id, Name = $"sim-{i + 1:D5}", UdiSerialNumber = $"SIM{i + 1:D7}", UdiPid = "SIM-1", ProductType = "Simulated",
                };
                lifecycle.CopyTo(instance);
                db.ProductInstances.Add(instance);
                db.Events.Add(new Event
                {
                    SmartAccountId = account.Id, VirtualAccountId = va.Id, At = start, Type = EventType.ProductInstanceRegistered,
                    Message = LifecycleMessages.Registered(instance.Name, instance.UdiSerialNumber, va.Name, again: false),
                });
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        var ids = await db.ProductInstances.Where(p => p.VirtualAccountId == va.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        return (account.Id, domain, ids);
    }

    private async Task<(FinalState, int)> FinalStateAsync(int accountId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForewarnDbContext>();
        var instances = db.ProductInstances.Where(p => p.VirtualAccount.SmartAccountId == accountId);
        var authorization = await instances.GroupBy(p => p.AuthorizationState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var registration = await instances.GroupBy(p => p.RegistrationState).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int A(AuthorizationState s) => authorization.SingleOrDefault(x => x.Key == s)?.Count ?? 0;
        int R(RegistrationState s) => registration.SingleOrDefault(x => x.Key == s)?.Count ?? 0;
        var events = await db.Events.CountAsync(e => e.SmartAccountId == accountId, ct);
        return (new FinalState(A(AuthorizationState.Authorized), A(AuthorizationState.OutOfCompliance), A(AuthorizationState.InGrace),
            A(AuthorizationState.GraceExpired), R(RegistrationState.Registered), R(RegistrationState.RenewalFailed)), events);
    }

    /// <summary>Removes the throwaway account and everything in it, children first (no reliance on cascades).</summary>
    private async Task DeleteAsync(int accountId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForewarnDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Alerts.Where(a => a.SmartAccountId == accountId).ExecuteDeleteAsync(ct);
        await db.Events.Where(e => e.SmartAccountId == accountId).ExecuteDeleteAsync(ct);
        await db.LicenseUsages.Where(u => db.ProductInstances.Any(p => p.Id == u.ProductInstanceId && p.VirtualAccount.SmartAccountId == accountId))
            .ExecuteDeleteAsync(ct);
        await db.ProductInstances.Where(p => p.VirtualAccount.SmartAccountId == accountId).ExecuteDeleteAsync(ct);
        await db.RegistrationTokens.Where(t => t.SmartAccountId == accountId).ExecuteDeleteAsync(ct);
        await db.VirtualAccounts.Where(v => v.SmartAccountId == accountId).ExecuteDeleteAsync(ct);
        await db.SmartAccounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
    }
}
