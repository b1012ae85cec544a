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

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task DailySummaryJob_AtTheDigestHour_RaisesTheDaysAlertsAndQueuesTheirNotificationsAtOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "Pacific/Auckland");
            b.License(sa, "DEFAULT", "L", (LicenseType.Term, 2, D.AddDays(17)));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, digest: false, status: true);
        }
        var clock = AlertsKit.ClockAt(D, "Pacific/Auckland", 5);
        await using var services = db.Services(clock);
        var memo = new DigestRunMemo();
        var job = new DailySummaryJob(services.GetRequiredService<IServiceScopeFactory>(), memo, NullLogger<DailySummaryJob>.Instance);

        await job.Execute(null!, default); // 05:00 local: before the digest hour, nothing
        var before = await OutboxKindsAsync(db);
        clock.MoveTo(D, "Pacific/Auckland", 6);
        await job.Execute(null!, default);
        await job.Execute(null!, default); // memo: done for today

        Assert.Empty(before);
        Assert.Equal(["status-notification"], await OutboxKindsAsync(db));
        Assert.Equal(["LicensesExpiring:17:2026-12-20"], (await AlertsKit.LedgerAsync(db)).Select(r => r[(r.IndexOf(':') + 1)..]));
        Assert.Equal(D, memo.Snapshot()["acme.com"]);
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
