using Forewarn.Core.Alerts;
using Forewarn.Core.Delivery;
using Forewarn.Core.StatusNotifications;
using Forewarn.Core.Time;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Alerts;

/// <summary>Runs the alert and status notification handlers the way the daily path does, each in its own scope.</summary>
internal static class AlertsKit
{
    /// <summary>A fake clock at <paramref name="hour"/>:00 local time of <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static FakeTimeProvider ClockAt(DateOnly date, string zone = "UTC", int hour = 12) =>
        new(new DateTimeOffset(Instant(date, zone, hour), TimeSpan.Zero));

    public static DateTime Instant(DateOnly date, string zone = "UTC", int hour = 12) =>
        AccountClock.StartOfDayUtc(date, AccountClock.Zone(zone)).AddHours(hour);

    /// <summary>Moves the clock to <paramref name="hour"/>:00 local time of <paramref name="date"/> (forward only).</summary>
    public static void MoveTo(this FakeTimeProvider clock, DateOnly date, string zone = "UTC", int hour = 12) =>
        clock.SetUtcNow(new DateTimeOffset(Instant(date, zone, hour), TimeSpan.Zero));

    public static async Task<RunAlerts.Summary> RunAlertsAsync(this IServiceProvider services, DateOnly? date = null, string? domain = null)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunAlerts>().HandleAsync(new(date, domain), default);
    }

    public static async Task<SendStatusNotifications.Summary> NotifyAsync(this IServiceProvider services, bool flush = true)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SendStatusNotifications>().HandleAsync(new(flush), default);
    }

    public static async Task<DeliveryReport> DeliverAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(default);
    }

    /// <summary>The ledger as "line:kind:threshold:expiry" strings, in line then raise order.</summary>
    public static async Task<List<string>> LedgerAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return (await ctx.ExpirationRaises.OrderBy(r => r.LicenseLineId).ThenBy(r => r.Id).ToListAsync())
            .Select(r => $"{r.LicenseLineId}:{r.Kind}:{r.Threshold}:{r.ExpiryDate:yyyy-MM-dd}").ToList();
    }

    public static async Task<List<Alert>> AlertsAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Alerts.OrderBy(a => a.Id).ToListAsync();
    }
}
