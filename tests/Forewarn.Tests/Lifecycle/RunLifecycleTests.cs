using System.Data.Common;
using System.Text.Json;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Import;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Lifecycle.LifecycleKit;

namespace Forewarn.Tests.Lifecycle;

/// <summary>The engine (§5) on SQLite and PostgreSQL, driven day by day on a fake clock.</summary>
public class RunLifecycleTests
{
    private static async Task<SmartAccount> AccountAsync(TestDatabase db, string domain = "acme-networks.com")
    {
        await using var ctx = db.NewContext();
        return new InventoryBuilder(ctx).Account("Acme Networks", domain, "America/New_York", "DEFAULT", "EMEA");
    }

    private static int Va(SmartAccount sa, string name = "DEFAULT") => sa.VirtualAccounts.Single(v => v.Name == name).Id;

    /// <summary>Runs the engine every day at 00:00 UTC from day 1 to <paramref name="lastDay"/>, with the check-ins each day asks for at 08:00.</summary>
    private static async Task DriveAsync(ServiceProvider services, FakeTimeProvider clock, int lastDay, Func<int, int[]> checkIns)
    {
        for (var d = 1; d <= lastDay; d++)
        {
            await RunAsync(services, clock, Day(d));
            foreach (var id in checkIns(d)) await CheckInAsync(services, clock, id, Day(d).AddHours(8));
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_InstanceStopsCheckingIn_AuthorizedThenGraceThenGraceExpiredEventsOnTheRightDays(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        var id = await AddAsync(db, Instance(Va(sa, "EMEA"), "emea-edge-01"));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        await DriveAsync(services, clock, 215, d => d <= 10 ? [id] : []);

        Assert.Equal(
        [
            (30, EventType.RegistrationRenewed), (30, EventType.AuthorizationRenewed),
            (60, EventType.RegistrationRenewalFailed), (60, EventType.AuthorizationRenewalFailed),
            (90, EventType.AuthorizationRenewalFailed),
            (120, EventType.GracePeriodStarted),
            (210, EventType.GracePeriodExpired),
        ], await EventsOfAsync(db, "emea-edge-01"));
        var instance = await ReadAsync(db, id);
        Assert.Equal(AuthorizationState.GraceExpired, instance.AuthorizationState);
        Assert.Equal(RegistrationState.RenewalFailed, instance.RegistrationState);
        Assert.Equal(Day(120), instance.AuthorizationExpiresAt);
        Assert.Equal(Day(210), instance.GraceEndsAt);
        Assert.Equal(Day(216), instance.LifecycleDueAt);

        await using var ctx = db.NewContext();
        var grace = await ctx.Events.SingleAsync(e => e.Type == EventType.GracePeriodStarted);
        Assert.Equal((sa.Id, (int?)Va(sa, "EMEA"), Day(120)), (grace.SmartAccountId, grace.VirtualAccountId, grace.At));
        // Day 120 00:00 UTC is 4 May 2026, 20:00 the evening before in New York; the grace period ends 2 August there.
        Assert.Equal("Product instance 'emea-edge-01' (SN-emea-edge-01): authorization period expired on 2026-05-04 without a successful " +
                     "renewal; grace period started, ends 2026-08-02. Alert raised: product instance failed to connect. Retrying every day.", grace.Message);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_GraceExpires_AuthorizationExpiredAlertReplacesFailedToConnectWithTheDeadlineInTheAccountsZone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        var silent = await AddAsync(db, Instance(Va(sa), "gone-quiet"));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        // Checks in for ten days, then never again: renewed on day 30 (the day-10 check-in is in its window), so the
        // authorization expires on day 120 and grace ends on day 210 (L3, L4).
        await DriveAsync(services, clock, 150, d => d <= 10 ? [silent] : []);
        await using (var ctx = db.NewContext())
        {
            var during = await ctx.Alerts.AsNoTracking().Where(x => x.ProductInstanceId == silent).Select(x => new { x.Kind, x.State, x.ActionDue, x.Message }).SingleAsync();
            // Day 210 00:00 UTC is 2 August 20:00 in New York: the deadline users see is the 2nd, not the UTC 3rd.
            Assert.Equal((Core.Alerts.AlertKind.ProductInstanceFailedToConnect, Core.Alerts.AlertState.Active, new DateOnly(2026, 8, 2)),
                (during.Kind, during.State, during.ActionDue));
            Assert.EndsWith("before the grace period ends on 2026-08-02.", during.Message);
        }

        for (var d = 151; d <= 215; d++) await RunAsync(services, clock, Day(d));
        await using (var ctx = db.NewContext())
        {
            var after = await ctx.Alerts.AsNoTracking().Where(x => x.ProductInstanceId == silent).OrderBy(x => x.Id)
                .Select(x => new { x.Kind, x.State, x.ActionDue }).ToListAsync();
            // The failed-to-connect alert's deadline has passed: the authorization-expired alert takes its place.
            Assert.Equal(
                [(Core.Alerts.AlertKind.ProductInstanceFailedToConnect, Core.Alerts.AlertState.Cleared, new DateOnly(2026, 8, 2)),
                 (Core.Alerts.AlertKind.AuthorizationExpired, Core.Alerts.AlertState.Active, new DateOnly(2026, 8, 2))],
                after.Select(x => (x.Kind, x.State, x.ActionDue)));
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_CheckInDuringGraceOrAfterItExpired_NextRetryRestoresAuthorization(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        var inGrace = await AddAsync(db, Instance(Va(sa), "back-in-grace"));
        var afterGrace = await AddAsync(db, Instance(Va(sa), "back-after-grace"));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        await DriveAsync(services, clock, 255, d => d switch
        {
            <= 10 => [inGrace, afterGrace],
            150 => [inGrace],
            250 => [afterGrace],
            _ => [],
        });

        var first = await EventsOfAsync(db, "back-in-grace");
        Assert.Equal([(120, EventType.GracePeriodStarted), (151, EventType.RegistrationRenewed), (151, EventType.AuthorizationRenewed)],
            first.Where(e => e.Day >= 120 && e.Day <= 151));
        Assert.DoesNotContain(first, e => e.Type == EventType.GracePeriodExpired);
        var second = await EventsOfAsync(db, "back-after-grace");
        Assert.Equal([(210, EventType.GracePeriodExpired), (251, EventType.RegistrationRenewed), (251, EventType.AuthorizationRenewed)],
            second.Where(e => e.Day >= 210));

        // Recovered on day 151 for 90 days, then silent again: a second lapse from day 241, its own grace until day 331.
        var a = await ReadAsync(db, inGrace);
        Assert.Equal((AuthorizationState.InGrace, Day(151), Day(241), (DateTime?)Day(331)), (a.AuthorizationState, a.LastAuthorizationAt, a.AuthorizationExpiresAt, a.GraceEndsAt));
        Assert.Equal([120, 241], first.Where(e => e.Type == EventType.GracePeriodStarted).Select(e => e.Day));
        var b = await ReadAsync(db, afterGrace);
        Assert.Equal((AuthorizationState.Authorized, Day(251), Day(341), (DateTime?)null), (b.AuthorizationState, b.LastAuthorizationAt, b.AuthorizationExpiresAt, b.GraceEndsAt));
        await using var ctx = db.NewContext();
        var recovered = await ctx.Events.Where(e => e.Type == EventType.AuthorizationRenewed && e.Message.Contains("'back-after-grace'"))
            .OrderByDescending(e => e.Id).FirstAsync();
        Assert.Contains("renewed after it had lapsed; a new authorization period runs until 2026-12-11", recovered.Message);

        // L3/L4 alerts: raised at grace start and grace expiry, cleared by the successful retry; a new lapse raises anew.
        var alerts = await ctx.Alerts.Where(x => x.ProductInstanceId == afterGrace || x.ProductInstanceId == inGrace)
            .OrderBy(x => x.Id).Select(x => new { x.ProductInstanceId, x.Kind, x.State, x.ActionDue, x.Severity }).ToListAsync();
        Assert.Equal(
            [(Core.Alerts.AlertKind.ProductInstanceFailedToConnect, Core.Alerts.AlertState.Cleared),
             (Core.Alerts.AlertKind.AuthorizationExpired, Core.Alerts.AlertState.Cleared)],
            alerts.Where(x => x.ProductInstanceId == afterGrace).Select(x => (x.Kind, x.State)));
        Assert.Equal(
            // Action due = the grace deadline's date in New York (day 210 is 2 August 20:00 there, day 331 is 1 December 19:00).
            [(Core.Alerts.AlertKind.ProductInstanceFailedToConnect, Core.Alerts.AlertState.Cleared, new DateOnly(2026, 8, 2)),
             (Core.Alerts.AlertKind.ProductInstanceFailedToConnect, Core.Alerts.AlertState.Active, new DateOnly(2026, 12, 1))],
            alerts.Where(x => x.ProductInstanceId == inGrace).Select(x => (x.Kind, x.State, x.ActionDue)));
        Assert.All(alerts, x => Assert.Equal(Core.Alerts.AlertSeverity.Major, x.Severity));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_OutOfComplianceInstance_StillRenewsAndStaysOutOfCompliance(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var over = b.License(sa, "DEFAULT", "Catalyst 9300 Network Advantage", (LicenseType.Term, 1, new DateOnly(2027, 6, 30)));
            var fine = b.License(sa, "DEFAULT", "ISE Base", (LicenseType.Term, 5, new DateOnly(2027, 6, 30)));
            over.InUse = 2;
            fine.InUse = 1;
            ctx.SaveChanges();
        }
        var ooc = await AddAsync(db, Instance(Va(sa), "over-user", null, ("Catalyst 9300 Network Advantage", 1)));
        var ok = await AddAsync(db, Instance(Va(sa), "fine-user", null, ("ISE Base", 1)));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        await DriveAsync(services, clock, 95, _ => [ooc, ok]);

        Assert.Equal([30, 60, 90], (await EventsOfAsync(db, "over-user")).Where(e => e.Type == EventType.AuthorizationRenewed).Select(e => e.Day));
        var instance = await ReadAsync(db, ooc);
        Assert.Equal(AuthorizationState.OutOfCompliance, instance.AuthorizationState);
        Assert.Equal(Day(180), instance.AuthorizationExpiresAt);
        Assert.Equal(AuthorizationState.Authorized, (await ReadAsync(db, ok)).AuthorizationState);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_InstanceCheckingIn_RegistrationRenewsEveryThirtyDays(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        var id = await AddAsync(db, Instance(Va(sa), "steady"));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        await DriveAsync(services, clock, 100, d => d % 7 == 0 ? [id] : []);

        Assert.Equal([30, 60, 90], (await EventsOfAsync(db, "steady")).Where(e => e.Type == EventType.RegistrationRenewed).Select(e => e.Day));
        Assert.Equal(6, (await EventsOfAsync(db, "steady")).Count);
        var instance = await ReadAsync(db, id);
        Assert.Equal((Day(120), Day(90)), (instance.NextRegistrationAt!.Value, instance.LastRegistrationAttemptAt!.Value));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_SettingsShorterPeriods_EngineFollowsThem(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        var settings = new Dictionary<string, string?>
        {
            ["Forewarn:Lifecycle:RegistrationRenewal"] = "7.00:00:00", ["Forewarn:Lifecycle:AuthorizationRenewal"] = "10.00:00:00",
            ["Forewarn:Lifecycle:AuthorizationPeriod"] = "20.00:00:00", ["Forewarn:Lifecycle:GracePeriod"] = "3.00:00:00",
            ["Forewarn:Lifecycle:RetryInterval"] = "12:00:00",
        };
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock, settings);
        var id = 0;
        await using (var scope = services.CreateAsyncScope())
        {
            var p = Instance(Va(sa), "short");
            LifecycleRules.Registered(T0, scope.ServiceProvider.GetRequiredService<IOptions<LifecycleOptions>>().Value).CopyTo(p);
            id = await AddAsync(db, p);
        }

        await DriveAsync(services, clock, 30, _ => []);

        // Nothing after day 0: registration fails on day 7; authorization on day 10, ends day 20, grace ends day 23.
        Assert.Equal([(7, EventType.RegistrationRenewalFailed), (10, EventType.AuthorizationRenewalFailed),
            (20, EventType.GracePeriodStarted), (23, EventType.GracePeriodExpired)], await EventsOfAsync(db, "short"));
        Assert.Equal(AuthorizationState.GraceExpired, (await ReadAsync(db, id)).AuthorizationState);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_WrongSetting_StartupRefusedNamingIt(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var services = db.Services(new FakeTimeProvider(), new Dictionary<string, string?> { ["Forewarn:Lifecycle:GracePeriod"] = "00:00:00" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Forewarn:Lifecycle:GracePeriod must be between 00:01:00 and 3650.00:00:00 (got 00:00:00).", e.Failures);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_RunLosesTheRaceAfterReading_WritesNothingAndEachTransitionHappensOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        for (var i = 0; i < 12; i++) await AddAsync(db, Instance(Va(sa), $"raced-{i:D2}"));
        var clock = new FakeTimeProvider(new DateTimeOffset(Day(120)));
        await using var services = db.Services(clock);

        // Run A reads the due instances, then waits; run B does the whole job; then A goes on with what it read.
        var gate = new ReadGate();
        await using var slowContext = Context(db, gate);
        var slow = Task.Run(() => new RunLifecycle(slowContext, clock, Defaults).HandleAsync(new(Day(120)), default));
        await gate.Read.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var fast = await RunAsync(services, clock, Day(120));
        gate.Release.SetResult();
        var late = await slow.WaitAsync(TimeSpan.FromSeconds(30));

        // Registered on day 0, never checked in: on day 120 registration fails and the grace period (from day 90) starts.
        Assert.Equal(12, fast.Advanced);
        Assert.Equal((0, 12), (late.Advanced, late.LostRaces));
        await using var ctx = db.NewContext();
        var events = (await ctx.Events.Select(e => e.Type).ToListAsync()).CountBy(t => t).ToDictionary();
        Assert.Equal(new Dictionary<EventType, int> { [EventType.RegistrationRenewalFailed] = 12, [EventType.GracePeriodStarted] = 12 }, events);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_FourConcurrentRunsOverManyDays_EachTransitionWrittenOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        const int count = 60;
        await using (var ctx = db.NewContext())
        {
            for (var i = 0; i < count; i++) ctx.ProductInstances.Add(Instance(Va(sa), $"busy-{i:D3}"));
            await ctx.SaveChangesAsync();
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);
        var lost = 0;

        // Days 30, 60, 90, 120 (and 121, a retry): every instance has something due on each.
        foreach (var day in new[] { 30, 60, 90, 120, 121 })
        {
            clock.SetUtcNow(Day(day));
            var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<RunLifecycle>().HandleAsync(new(Day(day), BatchSize: 7), default);
            })).ToList();
            var summaries = await Task.WhenAll(runs);
            Assert.Equal(count, summaries.Sum(s => s.Advanced));
            lost += summaries.Sum(s => s.LostRaces);
        }

        await using var check = db.NewContext();
        var perInstance = await check.Events.GroupBy(e => new { e.Message, e.Type, e.At }).Select(g => g.Count()).ToListAsync();
        Assert.All(perInstance, n => Assert.Equal(1, n));
        // Per instance: registration failed (30); authorization failed (30, 60); grace started (90); nothing on 120 and 121 but silent retries.
        Assert.True(count * 4 == await check.Events.CountAsync(), $"expected {count * 4} events ({lost} races lost along the way)");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_ImportedSample_EachInstanceStartsInItsStateWithLapseEventsOnceNotDaily(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        Assert.True((await StoreDump.ImportAsync(db, BundleBuilder.SampleJson)).Succeeded);
        var now = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc);
        var clock = new FakeTimeProvider(new DateTimeOffset(now));
        await using var services = db.Services(clock);
        // The oracle, straight from the file: authorized until lastAuthorizationAt + 90 days, in grace until + 180.
        var lastAuthorizations = JsonDocument.Parse(BundleBuilder.SampleJson).RootElement.GetProperty("smartAccounts").EnumerateArray()
            .SelectMany(s => s.GetProperty("virtualAccounts").EnumerateArray())
            .SelectMany(v => v.GetProperty("productInstances").EnumerateArray())
            .Select(p => p.GetProperty("lastAuthorizationAt").GetDateTime().ToUniversalTime()).ToList();
        var expectGrace = lastAuthorizations.Count(a => a.AddDays(90) <= now);
        var expectExpired = lastAuthorizations.Count(a => a.AddDays(180) <= now);
        Assert.True(expectGrace > expectExpired && expectExpired > 0 && expectGrace < lastAuthorizations.Count, "the sample covers every case");
        int before;
        await using (var ctx = db.NewContext()) before = await ctx.Events.CountAsync();

        var first = await RunAsync(services, clock, now);
        for (var d = 1; d <= 5; d++) await RunAsync(services, clock, now.AddDays(d));

        Assert.Equal((24, expectGrace, expectExpired), (first.Initialised, first.GracePeriodStarted, first.GracePeriodExpired));
        // Five days on, never a repeat: one event per instance per lapse, plus the instances whose period ended in those days.
        var end = now.AddDays(5);
        await using var after = db.NewContext();
        var lapses = await after.Events.Where(e => e.Type == EventType.GracePeriodStarted || e.Type == EventType.GracePeriodExpired)
            .Select(e => new { e.Type, e.Message }).ToListAsync();
        Assert.Equal(lastAuthorizations.Count(a => a.AddDays(90) <= end), lapses.Count(e => e.Type == EventType.GracePeriodStarted));
        Assert.Equal(lastAuthorizations.Count(a => a.AddDays(180) <= end), lapses.Count(e => e.Type == EventType.GracePeriodExpired));
        Assert.Equal(lapses.Count, lapses.Distinct().Count());
        Assert.Equal(lastAuthorizations.Count(a => a.AddDays(90) <= end && a.AddDays(180) > end),
            await after.ProductInstances.CountAsync(p => p.AuthorizationState == AuthorizationState.InGrace));
        Assert.Equal(0, await after.ProductInstances.CountAsync(p => p.AuthorizationState == AuthorizationState.Pending));
        Assert.True(await after.Events.CountAsync() > before);
        // An instance found past grace at once: its GracePeriodStarted event claims no FailedToConnect alert (none was raised).
        var startedAndExpired = lapses.Where(e => e.Type == EventType.GracePeriodStarted)
            .Where(e => lapses.Any(x => x.Type == EventType.GracePeriodExpired && x.Message.StartsWith(e.Message[..e.Message.IndexOf(':')]))).ToList();
        Assert.NotEmpty(startedAndExpired);
        Assert.All(startedAndExpired, e => Assert.DoesNotContain("Alert raised", e.Message));
        Assert.Contains(lapses, e => e.Type == EventType.GracePeriodStarted && e.Message.Contains("Alert raised: product instance failed to connect."));
        // L3, L4: one open lapse alert per lapsed instance, the one of its state, also when the first run found it past grace
        // at once (then AuthorizationExpired only: no FailedToConnect with a grace deadline already gone).
        var open = await after.Alerts.Where(a => a.State != Forewarn.Core.Alerts.AlertState.Cleared && a.ProductInstanceId != null)
            .Select(a => new { a.ProductInstanceId, a.Kind }).ToListAsync();
        foreach (var p in await after.ProductInstances.Select(p => new { p.Id, p.Name, p.AuthorizationState }).ToListAsync())
        {
            Forewarn.Core.Alerts.AlertKind[] expected = p.AuthorizationState switch
            {
                AuthorizationState.InGrace => [Forewarn.Core.Alerts.AlertKind.ProductInstanceFailedToConnect],
                AuthorizationState.GraceExpired => [Forewarn.Core.Alerts.AlertKind.AuthorizationExpired],
                _ => [],
            };
            Assert.True(expected.SequenceEqual(open.Where(a => a.ProductInstanceId == p.Id).Select(a => a.Kind)),
                $"{p.Name} ({p.AuthorizationState}): {string.Join(", ", open.Where(a => a.ProductInstanceId == p.Id).Select(a => a.Kind))}");
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_OneSmartAccount_LeavesTheOthersAlone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var mine = await AccountAsync(db, "acme-networks.com");
        var other = await AccountAsync(db, "globex-mfg.com");
        var a = await AddAsync(db, Imported(Va(mine), "mine", Day(-300), Day(-100)));
        var b = await AddAsync(db, Imported(Va(other), "theirs", Day(-300), Day(-100)));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        var summary = await RunAsync(services, clock, T0, mine.Id);

        Assert.Equal((1, 1), (summary.Advanced, summary.GracePeriodStarted));
        Assert.Equal(AuthorizationState.InGrace, (await ReadAsync(db, a)).AuthorizationState);
        Assert.Equal(AuthorizationState.Pending, (await ReadAsync(db, b)).AuthorizationState);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_MoreDueThanABatch_KeysetCoversEveryInstanceOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        for (var i = 0; i < 10; i++) await AddAsync(db, Imported(Va(sa), $"batch-{i}", Day(-300), Day(-100)));
        await AddAsync(db, Imported(Va(sa), "not-due-yet", Day(-300), Day(-10)));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        var first = await RunAsync(services, clock, T0, batchSize: 3);
        var again = await RunAsync(services, clock, T0, batchSize: 3);

        Assert.Equal((11, 11, 10), (first.Advanced, first.Initialised, first.GracePeriodStarted));
        Assert.Equal(RunLifecycle.Summary.Empty, again);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ListProductInstances_AfterARun_RowsShowStatesNextRenewalAndGraceDeadlineInTheAccountZone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AccountAsync(db);
        await AddAsync(db, Imported(Va(sa), "a-lapsed", Day(-300), Day(-100)));
        await AddAsync(db, Imported(Va(sa), "b-current", Day(-300), Day(-40)));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);
        await RunAsync(services, clock, T0);
        await AddAsync(db, Imported(Va(sa, "EMEA"), "c-not-run-yet", Day(-300), Day(-40)));
        int viewer;
        await using (var ctx = db.NewContext())
            viewer = new InventoryBuilder(ctx).User("viewer@acme-networks.com", "Viewer", sa, Role.SmartAccountViewer).Id;

        await using var scope = services.CreateAsyncScope();
        var rows = (await scope.ServiceProvider.GetRequiredService<ListProductInstances>().HandleAsync(new(viewer, "acme-networks.com"), default))!.Rows;

        var (est, edt) = (TimeSpan.FromHours(-5), TimeSpan.FromHours(-4));
        var lapsed = rows.Single(r => r.Name == "a-lapsed");
        Assert.Equal((RegistrationState.Registered, AuthorizationState.InGrace), (lapsed.RegistrationState, lapsed.AuthorizationState));
        // Expired on day -10 (26 December 2025 00:00 UTC), grace until day 80 (26 March 2026), retried tomorrow: New York wall clock.
        AssertLocal(new DateTimeOffset(2025, 12, 25, 19, 0, 0, est), lapsed.AuthorizationExpiresAt);
        AssertLocal(new DateTimeOffset(2026, 3, 25, 20, 0, 0, edt), lapsed.GraceDeadline);
        AssertLocal(new DateTimeOffset(2026, 1, 5, 19, 0, 0, est), lapsed.NextRenewalAt);
        var current = rows.Single(r => r.Name == "b-current");
        Assert.Equal(AuthorizationState.Authorized, current.AuthorizationState);
        Assert.Null(current.GraceDeadline);
        // Authorized on day -40: next on its 30-day grid is day 20 (25 January), before registration's (day 30).
        AssertLocal(new DateTimeOffset(2026, 1, 24, 19, 0, 0, est), current.NextRenewalAt);
        var pending = rows.Single(r => r.Name == "c-not-run-yet");
        Assert.Equal((AuthorizationState.Pending, (DateTimeOffset?)null, (DateTimeOffset?)null), (pending.AuthorizationState, pending.NextRenewalAt, pending.GraceDeadline));
    }

    private static void AssertLocal(DateTimeOffset expected, DateTimeOffset? actual) =>
        Assert.Equal((expected, expected.Offset), (actual!.Value, actual.Value.Offset));

    /// <summary>Holds a run right after it has read its batch, until the test lets it go on.</summary>
    private sealed class ReadGate : DbCommandInterceptor
    {
        public TaskCompletionSource Read { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _held;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("LifecycleDueAt", StringComparison.Ordinal) && Interlocked.Exchange(ref _held, 1) == 0)
            {
                Read.SetResult();
                await Release.Task;
            }
            return result;
        }
    }
}
