using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Tests.Alerts;

/// <summary>A4 through RunAlerts on SQLite and PostgreSQL: raise, hold, clear with BackInCompliance, valid quantity on D.</summary>
public class CheckInsufficientLicensesTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_InUseAboveValidThenBackWithin_RaisesOnceThenClearsWithBackInCompliance(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int licenseId, emea;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "UTC", "DEFAULT", "EMEA");
            var license = b.License(sa, "EMEA", "Webex <Calling>", (LicenseType.Subscription, 5, D.AddDays(200)), (LicenseType.Perpetual, 2, null));
            license.InUse = 8;
            b.License(sa, "EMEA", "Enough", (LicenseType.Term, 8, D.AddDays(200))).InUse = 8;
            ctx.SaveChanges();
            (licenseId, emea) = (license.Id, license.VirtualAccountId);
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);

        var raised = await services.RunAlertsAsync();
        var again = await services.RunAlertsAsync();
        await SetInUseAsync(db, licenseId, 7);
        clock.MoveTo(D.AddDays(1));
        var back = await services.RunAlertsAsync();
        var backAgain = await services.RunAlertsAsync();

        Assert.Equal((1, 0), (raised.InsufficientRaised, raised.BackInCompliance));
        Assert.Equal((0, 0), (again.InsufficientRaised, again.BackInCompliance));
        Assert.Equal((0, 1), (back.InsufficientRaised, back.BackInCompliance));
        Assert.Equal((0, 0), (backAgain.InsufficientRaised, backAgain.BackInCompliance));
        var alert = Assert.Single(await AlertsKit.AlertsAsync(db));
        Assert.Equal((AlertKind.InsufficientLicenses, AlertSeverity.Major, AlertState.Cleared, licenseId, (int?)null, emea, D),
            (alert.Kind, alert.Severity, alert.State, alert.LicenseId, alert.LicenseLineId, alert.VirtualAccountId, alert.ActionDue));
        Assert.Equal("Webex <Calling> in EMEA: 8 in use but only 7 valid, 1 short. To buy licenses, place an order at https://ordering.example.com/renew",
            alert.Message);
        Assert.Equal(AlertsKit.Instant(D.AddDays(1)), alert.ClearedAt);
        await using var check = db.NewContext();
        Assert.Equal(
            [
                (EventType.InsufficientLicenses, "Webex <Calling> in EMEA: 8 in use exceeds the 7 valid licenses.", AlertsKit.Instant(D)),
                (EventType.BackInCompliance, "Webex <Calling> in EMEA is back in compliance: 7 in use, 7 valid.", AlertsKit.Instant(D.AddDays(1))),
            ],
            (await check.Events.OrderBy(e => e.Id).ToListAsync()).Select(e => (e.Type, e.Message, e.At)));
        Assert.All(await check.Events.ToListAsync(), e => Assert.Equal(emea, e.VirtualAccountId));
    }

    /// <summary>A4, decision 0601: an open alert follows the shortfall's figures, quietly (no event, so no second mail).</summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ShortfallChangesWhileOpen_TheAlertShowsTheNewFiguresWithoutANewEvent(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int licenseId;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "UTC", "DEFAULT", "EMEA");
            var license = b.License(sa, "EMEA", "Secure Email Gateway", (LicenseType.Term, 25, D.AddDays(200)));
            license.InUse = 36;
            ctx.SaveChanges();
            licenseId = license.Id;
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        await services.RunAlertsAsync();
        var raisedMessage = Assert.Single(await AlertsKit.AlertsAsync(db)).Message;

        await SetInUseAsync(db, licenseId, 26);
        clock.MoveTo(D.AddDays(1));
        var second = await services.RunAlertsAsync();

        Assert.StartsWith("Secure Email Gateway in EMEA: 36 in use but only 25 valid, 11 short.", raisedMessage);
        Assert.Equal((0, 0), (second.InsufficientRaised, second.BackInCompliance));
        var alert = Assert.Single(await AlertsKit.AlertsAsync(db));
        Assert.Equal((AlertState.Active, AlertsKit.Instant(D), AlertsKit.Instant(D.AddDays(1))), (alert.State, alert.RaisedAt, alert.UpdatedAt));
        Assert.Equal("Secure Email Gateway in EMEA: 26 in use but only 25 valid, 1 short. To buy licenses, place an order at https://ordering.example.com/renew",
            alert.Message);
        await using var check = db.NewContext();
        Assert.Equal([EventType.InsufficientLicenses], await check.Events.Select(e => e.Type).ToListAsync());
    }

    /// <summary>Valid on D: started (start ≤ D) and not expired (perpetual, or D ≤ expiry; the expiry day itself counts).</summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_LinesNotStartedOrExpired_DoNotCountAndTheExpiryDayStillCounts(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            // 4 expiring on D + 3 perpetual + 10 starting tomorrow + 10 expired yesterday; 7 in use: enough on D, short on D+1.
            var l = b.License(sa, "DEFAULT", "Mixed", (LicenseType.Term, 4, D), (LicenseType.Perpetual, 3, null),
                (LicenseType.Term, 10, D.AddDays(300)), (LicenseType.Demo, 10, D.AddDays(-1)));
            l.Lines[2].StartDate = D.AddDays(1);
            l.InUse = 7;
            // Nothing valid before its start: short on D, compliant from D+1.
            var future = b.License(sa, "DEFAULT", "Future", (LicenseType.Term, 10, D.AddDays(400)));
            future.Lines[0].StartDate = D.AddDays(1);
            future.InUse = 1;
            ctx.SaveChanges();
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);

        var onD = await services.RunAlertsAsync();
        clock.MoveTo(D.AddDays(1));
        var dayAfter = await services.RunAlertsAsync();

        Assert.Equal(1, onD.InsufficientRaised); // Future only: Mixed has 4 (expiring today, still valid) + 3 = 7 for 7 in use
        Assert.Equal((0, 1), (dayAfter.InsufficientRaised, dayAfter.BackInCompliance)); // Future started; Mixed: 3 + 10 ≥ 7
        clock.MoveTo(D.AddDays(301));
        var later = await services.RunAlertsAsync();
        Assert.Equal(1, later.InsufficientRaised); // only the 3 perpetual left
        var alerts = (await AlertsKit.AlertsAsync(db)).Where(a => a.Kind == AlertKind.InsufficientLicenses).ToList();
        Assert.Equal(["Future in DEFAULT: 1 in use but only 0 valid, 1 short.", "Mixed in DEFAULT: 7 in use but only 3 valid, 4 short."],
            alerts.Select(a => a.Message[..a.Message.IndexOf(" To buy", StringComparison.Ordinal)]));
        Assert.Equal([AlertState.Cleared, AlertState.Active], alerts.Select(a => a.State));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_DismissedInsufficientAlert_IsNotRaisedAgainAndClearsWhenCompliant(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int licenseId; User bob;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            var l = b.License(sa, "DEFAULT", "Short", (LicenseType.Perpetual, 1, null));
            l.InUse = 2;
            ctx.SaveChanges();
            licenseId = l.Id;
            bob = b.User("bob@acme.com", "Bob", sa, Role.SmartAccountAdmin);
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        await services.RunAlertsAsync();
        var alert = Assert.Single(await AlertsKit.AlertsAsync(db));
        await using (var scope = services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<DismissAlert>().HandleAsync(new(bob.Id, "acme.com", alert.Id), default)).IsOk);

        var stillShort = await services.RunAlertsAsync();
        await SetInUseAsync(db, licenseId, 1);
        var compliant = await services.RunAlertsAsync();
        await SetInUseAsync(db, licenseId, 3);
        var shortAgain = await services.RunAlertsAsync();

        Assert.Equal((0, 0), (stillShort.InsufficientRaised, stillShort.BackInCompliance));
        Assert.Equal((0, 1), (compliant.InsufficientRaised, compliant.BackInCompliance));
        Assert.Equal(1, shortAgain.InsufficientRaised);
        var alerts = await AlertsKit.AlertsAsync(db);
        Assert.Equal([AlertState.Cleared, AlertState.Active], alerts.Select(a => a.State));
        Assert.Equal("bob@acme.com", alerts[0].DismissedBy);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ConcurrentRuns_RaiseAndClearEachLicenseOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var ids = new List<int>();
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            for (var i = 0; i < 60; i++)
            {
                var l = b.License(sa, "DEFAULT", $"L{i:00}", (LicenseType.Perpetual, 1, null));
                l.InUse = 2;
                ids.Add(l.Id);
            }
            ctx.SaveChanges();
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));

        var raises = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => services.RunAlertsAsync())));
        foreach (var id in ids) await SetInUseAsync(db, id, 0);
        var clears = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => services.RunAlertsAsync())));

        Assert.Equal(60, raises.Sum(r => r.InsufficientRaised));
        Assert.Equal(60, clears.Sum(r => r.BackInCompliance));
        await using var check = db.NewContext();
        Assert.Equal(60, await check.Events.CountAsync(e => e.Type == EventType.InsufficientLicenses));
        Assert.Equal(60, await check.Events.CountAsync(e => e.Type == EventType.BackInCompliance));
        Assert.Equal(60, await check.Alerts.CountAsync(a => a.State == AlertState.Cleared));
    }

    private static async Task SetInUseAsync(TestDatabase db, int licenseId, int inUse)
    {
        await using var ctx = db.NewContext();
        (await ctx.Licenses.SingleAsync(l => l.Id == licenseId)).InUse = inUse;
        await ctx.SaveChangesAsync();
    }
}
