using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Lifecycle.LifecycleKit;

namespace Forewarn.Tests.Lifecycle;

/// <summary>
/// One compliance rule (docs/decisions/0603): an instance is OutOfCompliance (L2) exactly when the A4 alert says its
/// license is short — in use above the quantity of the lines valid on the account's local date — not when it exceeds
/// the license's imported total.
/// </summary>
public class ComplianceAgreementTests
{
    private const string Asav = "ASAv Firewall";

    /// <summary>
    /// Acme (New York): ASAv has 5 licenses expiring <paramref name="expiry"/> and 5 more until mid-2027 (total 10),
    /// 7 in use; one instance uses 2 of them.
    /// </summary>
    private static async Task<(SmartAccount Sa, int InstanceId)> ArrangeAsync(TestDatabase db, DateOnly expiry)
    {
        SmartAccount sa;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            sa = b.Account("Acme Networks", "acme-networks.com", "America/New_York", "DEFAULT");
            var asav = b.License(sa, "DEFAULT", Asav, (LicenseType.Term, 5, expiry), (LicenseType.Term, 5, new DateOnly(2027, 6, 30)));
            (asav.InUse, asav.Available, asav.Status) = (7, 3, LicenseCompliance.InCompliance);
            ctx.SaveChanges();
        }
        var id = await AddAsync(db, Instance(sa.VirtualAccounts.Single().Id, "edge-fw-01", null, (Asav, 2)));
        return (sa, id);
    }

    private static async Task<ReportLicenseUsage.Reported> ReportAsync(ServiceProvider services, FakeTimeProvider clock, int id, DateTime at)
    {
        clock.SetUtcNow(at);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ReportLicenseUsage>().HandleAsync(new(id, [new(Asav, 2)]), default);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
        return result.Value!;
    }

    private static async Task<int> RaiseA4Async(ServiceProvider services, int smartAccountId, DateOnly date)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CheckInsufficientLicenses>().HandleAsync(new(smartAccountId, date), default)).Raised;
    }

    private static async Task<string> StatusAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Licenses.Where(l => l.Name == Asav).Select(l => l.Status).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task UsageReport_LinesExpiringAtMidnightInTheAccountsZone_OutOfComplianceFromTheDayTheA4AlertIsRaised(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        // T0 is 2026-01-05 00:00 UTC, still 2026-01-04 19:00 in New York: the 5 expiring on 01-04 are valid through that local day.
        var (sa, id) = await ArrangeAsync(db, new DateOnly(2026, 1, 4));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        var evening = await ReportAsync(services, clock, id, T0);
        Assert.Equal(AuthorizationState.Authorized, evening.AuthorizationState);
        Assert.Equal(LicenseCompliance.InCompliance, await StatusAsync(db));
        Assert.Equal(0, await RaiseA4Async(services, sa.Id, new DateOnly(2026, 1, 4)));

        // 05:00 UTC is midnight in New York: 01-05 has begun, only 5 are valid and 7 are in use.
        var midnight = await ReportAsync(services, clock, id, T0.AddHours(5));
        Assert.Equal(AuthorizationState.OutOfCompliance, midnight.AuthorizationState);
        Assert.Equal(AuthorizationState.OutOfCompliance, (await ReadAsync(db, id)).AuthorizationState);
        Assert.Equal(LicenseCompliance.InsufficientLicenses, await StatusAsync(db));
        // The report itself raised the A4 alert and its event, at once (not at the next daily run); the run finds it raised.
        await using (var ctx = db.NewContext())
        {
            var alert = await ctx.Alerts.AsNoTracking().SingleAsync();
            Assert.Equal((AlertKind.InsufficientLicenses, AlertState.Active, new DateOnly(2026, 1, 5)), (alert.Kind, alert.State, alert.ActionDue));
            Assert.Equal([EventType.InsufficientLicenses], await ctx.Events.AsNoTracking().Where(e => e.Type == EventType.InsufficientLicenses
                || e.Type == EventType.BackInCompliance).Select(e => e.Type).ToListAsync());
        }
        Assert.Equal(0, await RaiseA4Async(services, sa.Id, new DateOnly(2026, 1, 5)));

        // Reporting less (7 - 2 = 5 in use of 5 valid) clears it with BackInCompliance, also at once.
        clock.SetUtcNow(T0.AddHours(6));
        await using (var scope = services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ReportLicenseUsage>().HandleAsync(new(id, []), default)).IsOk);
        await using (var ctx = db.NewContext())
        {
            Assert.Equal(AlertState.Cleared, (await ctx.Alerts.AsNoTracking().SingleAsync()).State);
            Assert.Equal(1, await ctx.Events.CountAsync(e => e.Type == EventType.BackInCompliance));
        }
        Assert.Equal(AuthorizationState.Authorized, (await ReadAsync(db, id)).AuthorizationState);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunLifecycle_RenewalAfterPartOfTheLicenseExpired_RenewsOutOfComplianceAsTheA4AlertJudges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        // The renewal on day 30 (2026-02-04 00:00 UTC) is 2026-02-03 19:00 in New York, the last valid day of the 5;
        // the one on day 60 (2026-03-06 00:00 UTC, 03-05 in New York) comes after it.
        var (sa, id) = await ArrangeAsync(db, new DateOnly(2026, 2, 3));
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        await using var services = db.Services(clock);

        await CheckInAsync(services, clock, id, Day(29));
        await RunAsync(services, clock, Day(30));
        var afterFirst = await ReadAsync(db, id);
        Assert.Equal((AuthorizationState.Authorized, Day(30)), (afterFirst.AuthorizationState, afterFirst.LastAuthorizationAt));
        Assert.Equal(0, await RaiseA4Async(services, sa.Id, new DateOnly(2026, 2, 3)));

        await CheckInAsync(services, clock, id, Day(59));
        await RunAsync(services, clock, Day(60));
        var afterSecond = await ReadAsync(db, id);
        Assert.Equal((AuthorizationState.OutOfCompliance, Day(60)), (afterSecond.AuthorizationState, afterSecond.LastAuthorizationAt));
        Assert.Equal(1, await RaiseA4Async(services, sa.Id, new DateOnly(2026, 3, 5)));
    }
}
