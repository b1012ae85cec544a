using Forewarn.Core.Inventory;
using Forewarn.Scheduling;
using Forewarn.Tests.Alerts;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Forewarn.Tests.StatusNotifications;

/// <summary>The scheduler's jobs call the alert and status notification handlers (D1 hour, A6 window) on both providers.</summary>
public class ScheduledJobsTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    /// <summary>
    /// A1–A4 and A6 from the start of the account's local day (decision 0601): the day's alert and its status notification
    /// come at the first check after local midnight, not at the digest hour; the digest comes at its hour (D1) and nothing
    /// is raised or mailed twice.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task DailySummaryJob_AlertsFromTheStartOfTheLocalDay_DigestAtItsHour_EachOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "Pacific/Auckland");
            b.License(sa, "DEFAULT", "L", (LicenseType.Term, 2, D.AddDays(17)));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, digest: true, status: true);
        }
        var clock = AlertsKit.ClockAt(D.AddDays(-1), "Pacific/Auckland", 23); // 23:00 the evening before: D-1's run (18 days: 30 passed)
        await using var services = db.Services(clock);
        var memo = new DigestRunMemo();
        var job = new DailySummaryJob(services.GetRequiredService<IServiceScopeFactory>(), memo, NullLogger<DailySummaryJob>.Instance);
        await job.Execute(null!, default);
        var evening = await OutboxKindsAsync(db);

        clock.MoveTo(D, "Pacific/Auckland", 0);
        clock.Advance(TimeSpan.FromMinutes(5)); // 00:05 on D
        await job.Execute(null!, default);
        var midnight = await OutboxKindsAsync(db);
        clock.MoveTo(D, "Pacific/Auckland", 5);
        await job.Execute(null!, default); // 05:00: nothing new before the digest hour
        var beforeHour = await OutboxKindsAsync(db);
        clock.MoveTo(D, "Pacific/Auckland", 6);
        await job.Execute(null!, default);
        await job.Execute(null!, default); // memo: done for today

        // D-1: the 30-day alert (and its mail; the digest hour of D-1 had passed at 23:00, so D-1's digest too).
        Assert.Equal(["status-notification", "daily-summary"], evening);
        // 00:05 on D: the 17-day alert and its mail at once, no digest yet.
        Assert.Equal(["status-notification", "daily-summary", "status-notification"], midnight);
        Assert.Equal(midnight, beforeHour);
        Assert.Equal(["status-notification", "daily-summary", "status-notification", "daily-summary"], await OutboxKindsAsync(db));
        Assert.Equal(["LicensesExpiring:30:2026-12-20", "LicensesExpiring:17:2026-12-20"],
            (await AlertsKit.LedgerAsync(db)).Select(r => r[(r.IndexOf(':') + 1)..]));
        Assert.Equal((D, D), (memo.Snapshot()["acme.com"], memo.AlertsSnapshot()["acme.com"]));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task StatusNotificationJob_ChangesOlderThanTheWindow_SendsThemAndLeavesYoungerOnesWaiting(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        SmartAccount acme, globex;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            acme = b.Account("Acme", "acme.com");
            globex = b.Account("Globex", "globex.com");
            b.User("alice@acme.com", "Alice", acme, Role.SmartAccountUser, status: true);
            b.User("gina@globex.com", "Gina", globex, Role.SmartAccountUser, status: true);
        }
        var clock = AlertsKit.ClockAt(D);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            b.Event(acme, "DEFAULT", clock.GetUtcNow().UtcDateTime.AddMinutes(-6), EventType.AuthorizationRenewed, "renewed a while ago");
            b.Event(globex, "DEFAULT", clock.GetUtcNow().UtcDateTime.AddMinutes(-2), EventType.AuthorizationRenewed, "renewed just now");
        }
        await using var services = db.Services(clock);
        var job = new StatusNotificationJob(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<StatusNotificationJob>.Instance);

        await job.Execute(null!, default);

        await using var check = db.NewContext();
        Assert.Equal(["alice@acme.com"], await check.Outbox.Select(m => m.Recipient).ToListAsync());
        Assert.Equal(["renewed just now"], await check.Events.Where(e => e.StatusNotifiedAt == null).Select(e => e.Message).ToListAsync());
    }

    private static async Task<List<string>> OutboxKindsAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Outbox.OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync();
    }
}
