using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Core.Lifecycle.Simulation;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Lifecycle;

/// <summary>The simulator (L5) against the real engine and database, checked against the pure rules replaying the same draws.</summary>
public class FleetSimulationTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static async Task<FleetSimulation.Report> SimulateAsync(TestDatabase db, FleetSimulation.Request request)
    {
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<FleetSimulation>().HandleAsync(request, null, default);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    /// <summary>
    /// The oracle: the same draws from the same seed, applied to the pure rules in memory, no database. Days are counted
    /// the simulator's way (regular renewals and recoveries apart).
    /// </summary>
    public static (List<FleetSimulation.Day> Days, FleetSimulation.FinalState Final) Replay(int instances, int days, double failRate, int seed)
    {
        var o = new LifecycleOptions();
        var fleet = Enumerable.Range(0, instances).Select(_ => LifecycleRules.Registered(Start, o)).ToArray();
        var random = new Random(seed);
        var result = new List<FleetSimulation.Day>();
        for (var d = 1; d <= days; d++)
        {
            var now = Start.AddDays(d);
            var checkIns = 0;
            for (var i = 0; i < instances; i++)
                if (random.NextDouble() >= failRate)
                {
                    fleet[i] = fleet[i] with { LastCheckInAt = now };
                    checkIns++;
                }
            var t = new List<LifecycleTransition>();
            for (var i = 0; i < instances; i++)
            {
                var step = LifecycleRules.Advance(fleet[i], now, false, o);
                fleet[i] = step.Next;
                t.AddRange(step.Transitions);
            }
            int N(EventType type, bool recovered = false) => t.Count(x => x.Type == type && x.Recovered == recovered);
            result.Add(new(d, checkIns, N(EventType.RegistrationRenewed), N(EventType.RegistrationRenewalFailed), N(EventType.AuthorizationRenewed),
                N(EventType.AuthorizationRenewalFailed), N(EventType.GracePeriodStarted), N(EventType.GracePeriodExpired),
                N(EventType.AuthorizationRenewed, recovered: true)));
        }
        int A(AuthorizationState s) => fleet.Count(x => x.AuthorizationState == s);
        return (result, new(A(AuthorizationState.Authorized), A(AuthorizationState.OutOfCompliance), A(AuthorizationState.InGrace),
            A(AuthorizationState.GraceExpired), fleet.Count(x => x.RegistrationState == RegistrationState.Registered),
            fleet.Count(x => x.RegistrationState == RegistrationState.RenewalFailed)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Simulate_NoInstanceEverChecksIn_FailuresThenGraceThenExpiryOnTheRightDays(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var report = await SimulateAsync(db, new(Instances: 4, Days: 200, FailRate: 1, Seed: 1, Start: Start));

        Assert.Equal(
        [
            new FleetSimulation.Day(30, 0, 0, 4, 0, 4, 0, 0, 0),
            new FleetSimulation.Day(60, 0, 0, 0, 0, 4, 0, 0, 0),
            new FleetSimulation.Day(90, 0, 0, 0, 0, 0, 4, 0, 0),
            new FleetSimulation.Day(180, 0, 0, 0, 0, 0, 0, 4, 0),
        ], report.Days.Where(d => d.HasTransitions));
        Assert.Equal(new FleetSimulation.FinalState(0, 0, 0, 4, 0, 4), report.Final);
        Assert.Equal(4 + 4 * 5, report.Events); // registered, then reg failed, auth failed twice, grace started, grace expired
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Simulate_EveryInstanceChecksInDaily_RenewsBothEveryThirtyDays(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var report = await SimulateAsync(db, new(Instances: 3, Days: 100, FailRate: 0, Seed: 7, Start: Start));

        Assert.Equal([30, 60, 90], report.Days.Where(d => d.HasTransitions).Select(d => d.Number));
        Assert.All(report.Days.Where(d => d.HasTransitions), d => Assert.Equal((3, 3, 0), (d.RegistrationRenewed, d.AuthorizationRenewed, d.AuthorizationRenewalFailed)));
        Assert.All(report.Days, d => Assert.Equal(3, d.CheckIns));
        Assert.Equal(new FleetSimulation.FinalState(3, 0, 0, 0, 3, 0), report.Final);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Simulate_UnreliableFleet_MatchesThePureRulesReplayingTheSameDrawsAndLeavesNothingBehind(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        // 99% of days silent: most 30-day windows are missed, some instances stay silent past grace, some come back.
        var request = new FleetSimulation.Request(Instances: 20, Days: 365, FailRate: 0.99, Seed: 42, Start: Start);

        var report = await SimulateAsync(db, request);
        var (days, final) = Replay(20, 365, 0.99, 42);

        Assert.Equal(days, report.Days);
        Assert.Equal(final, report.Final);
        foreach (var kindOfTransition in new Func<FleetSimulation.Day, int>[]
                 {
                     d => d.RegistrationRenewed, d => d.RegistrationRenewalFailed, d => d.AuthorizationRenewed, d => d.AuthorizationRenewalFailed,
                     d => d.GracePeriodStarted, d => d.GracePeriodExpired, d => d.Recovered,
                 })
            Assert.True(report.Days.Sum(kindOfTransition) > 0, "the run exercises every transition: " + string.Join(", ", report.Days.Where(d => d.HasTransitions)));
        await using var ctx = db.NewContext();
        Assert.Equal(0, await ctx.SmartAccounts.CountAsync());
        Assert.Equal(0, await ctx.ProductInstances.CountAsync());
        Assert.Equal(0, await ctx.Events.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Simulate_Keep_LeavesTheAccountWithItsInstancesAndEventsForTheUi(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var report = await SimulateAsync(db, new(Instances: 2, Days: 31, FailRate: 0, Seed: 1, Keep: true, Start: Start));

        await using var ctx = db.NewContext();
        var account = await ctx.SmartAccounts.SingleAsync();
        Assert.Equal(report.SmartAccount, account.Domain);
        Assert.EndsWith(".simulation.forewarn.invalid", account.Domain);
        Assert.Equal(["sim-00001", "sim-00002"], await ctx.ProductInstances.OrderBy(p => p.Name).Select(p => p.Name).ToListAsync());
        Assert.Equal(2 + 4, await ctx.Events.CountAsync(e => e.SmartAccountId == account.Id));
    }

    [Fact]
    public void Validate_OutOfRange_NamesEachOption()
    {
        var errors = FleetSimulation.Validate(new(Instances: 0, Days: 4000, FailRate: 1.5));

        Assert.Equal(
        [
            "instances: must be from 1 to 100000 (got 0).", "days: must be from 1 to 3650 (got 4000).",
            "fail-rate: must be a probability from 0 to 1 (got 1.5).",
        ], errors.Select(e => e.ToString()));
    }
}
