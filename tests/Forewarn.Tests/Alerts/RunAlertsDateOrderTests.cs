using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Tests.Alerts;

/// <summary>
/// Alerts describe the present (A2, A4, A6): once the alert run has run for a date, a run for an earlier date (e.g.
/// <c>forewarn run-daily --date</c> with a past date, for its digests) raises, refreshes and clears nothing.
/// </summary>
public class RunAlertsDateOrderTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    private static async Task<string> SnapshotAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var alerts = await ctx.Alerts.AsNoTracking().OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.Kind}:{a.State}:{a.ActionDue:yyyy-MM-dd}:{a.Message}").ToListAsync();
        var events = await ctx.Events.AsNoTracking().OrderBy(e => e.Id).Select(e => $"{e.Id}:{e.Type}:{e.Message}").ToListAsync();
        return string.Join("\n", alerts.Concat(events).Concat(await AlertsKit.LedgerAsync(db)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunAlerts_EarlierDateAfterALaterOne_ChangesNothingAndSaysSo(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "UTC", "DEFAULT");
            // On D+1 the line has 60 days left (the 60-day alert); on D it had 61 (the 90-day one).
            b.License(sa, "DEFAULT", "DNA Advantage", (LicenseType.Term, 10, D.AddDays(61)));
            // 8 in use of 7 valid: short on every date here.
            b.License(sa, "DEFAULT", "ISE Base", (LicenseType.Term, 7, D.AddDays(300))).InUse = 8;
            ctx.SaveChanges();
        }
        var clock = AlertsKit.ClockAt(D.AddDays(1));
        await using var services = db.Services(clock);

        var today = await services.RunAlertsAsync(D.AddDays(1));
        Assert.Equal((1, 1, 0), (today.ExpiringRaised, today.InsufficientRaised, today.Superseded));
        Assert.Equal(2, (await services.NotifyAsync()).Changes);
        var before = await SnapshotAsync(db);
        Assert.Contains(":LicensesExpiring:60:", before);

        var past = await services.RunAlertsAsync(D);
        var longAgo = await services.RunAlertsAsync(D.AddDays(-30));

        Assert.Equal(new RunAlerts.Summary(1, 0, 0, 0, 0, 0, 0, 0, Superseded: 1), past);
        Assert.Equal(new RunAlerts.Summary(1, 0, 0, 0, 0, 0, 0, 0, Superseded: 1), longAgo);
        Assert.Equal(before, await SnapshotAsync(db));
        // Nothing for the status notifications either (A6: never a change mailed twice).
        Assert.Equal(0, (await services.NotifyAsync()).Changes);

        // The same date again is allowed (and changes nothing); the next date goes on as usual.
        var same = await services.RunAlertsAsync(D.AddDays(1));
        Assert.Equal((0, 0, 0), (same.ExpiringRaised, same.InsufficientRaised, same.Superseded));
        clock.MoveTo(D.AddDays(2));
        var next = await services.RunAlertsAsync();
        Assert.Equal(0, next.Superseded);
        await using var check = db.NewContext();
        Assert.Equal(D.AddDays(2), (await check.SmartAccounts.SingleAsync()).AlertsRunThrough);
    }
}
