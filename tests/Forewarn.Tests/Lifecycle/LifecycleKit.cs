using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Lifecycle;

/// <summary>Arranges product instances visibly and drives the real handlers on a fake clock.</summary>
public static class LifecycleKit
{
    /// <summary>Day 0 of every lifecycle test: instances register at this instant.</summary>
    public static readonly DateTime T0 = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime Day(double n) => T0.AddDays(n);

    /// <summary>Which whole day after <see cref="T0"/> an instant falls on.</summary>
    public static int DayOf(DateTime at) => (int)Math.Floor((at - T0).TotalDays);

    /// <summary>An instance as the agent API registers it, at <paramref name="at"/> (default day 0).</summary>
    public static ProductInstance Instance(int virtualAccountId, string name, DateTime? at = null, params (string License, int Quantity)[] usage)
    {
        var p = new ProductInstance { VirtualAccountId = virtualAccountId, Name = name, UdiSerialNumber = "SN-" + name, UdiPid = "C9300-48P", ProductType = "C9300" };
        LifecycleRules.Registered(at ?? T0, new LifecycleOptions()).CopyTo(p);
        foreach (var (license, quantity) in usage) p.LicenseUsage.Add(new LicenseUsage { LicenseName = license, Quantity = quantity });
        return p;
    }

    /// <summary>An instance as the import stores it: the engine has not looked at it yet.</summary>
    public static ProductInstance Imported(int virtualAccountId, string name, DateTime registeredAt, DateTime? lastAuthorizationAt) => new()
    {
        VirtualAccountId = virtualAccountId, Name = name, UdiSerialNumber = "SN-" + name, RegisteredAt = registeredAt, LastAuthorizationAt = lastAuthorizationAt,
    };

    public static async Task<int> AddAsync(TestDatabase db, ProductInstance instance)
    {
        await using var ctx = db.NewContext();
        ctx.ProductInstances.Add(instance);
        await ctx.SaveChangesAsync();
        return instance.Id;
    }

    public static async Task<RunLifecycle.Summary> RunAsync(ServiceProvider services, FakeTimeProvider clock, DateTime at, int? smartAccountId = null, int batchSize = 500)
    {
        clock.SetUtcNow(at);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunLifecycle>().HandleAsync(new(SmartAccountId: smartAccountId, BatchSize: batchSize), default);
    }

    /// <summary>A check-in through the agent API's handler at <paramref name="at"/>.</summary>
    public static async Task CheckInAsync(ServiceProvider services, FakeTimeProvider clock, int instanceId, DateTime at)
    {
        clock.SetUtcNow(at);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<CheckIn>().HandleAsync(new(instanceId), default);
        Assert.True(result.IsOk, string.Join("; ", result.Errors));
    }

    /// <summary>The lifecycle events of one instance (matched by the name its messages carry), as (day, type).</summary>
    public static async Task<List<(int Day, EventType Type)>> EventsOfAsync(TestDatabase db, string instanceName)
    {
        await using var ctx = db.NewContext();
        var events = await ctx.Events.AsNoTracking().Where(e => e.Message.Contains("'" + instanceName + "'")).OrderBy(e => e.Id).ToListAsync();
        return events.Select(e => (DayOf(e.At), e.Type)).ToList();
    }

    public static async Task<ProductInstance> ReadAsync(TestDatabase db, int id)
    {
        await using var ctx = db.NewContext();
        return await ctx.ProductInstances.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    public static IOptions<LifecycleOptions> Defaults => Options.Create(new LifecycleOptions());

    public static ForewarnDbContext Context(TestDatabase db, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        db.Kind == DatabaseKind.Postgres
            ? new PostgresForewarnDbContext(new DbContextOptionsBuilder<PostgresForewarnDbContext>()
                .UseNpgsql(db.PostgresConnectionString).AddInterceptors(interceptors).Options)
            : new SqliteForewarnDbContext(new DbContextOptionsBuilder<SqliteForewarnDbContext>()
                .UseSqlite(DatabaseSetup.SqliteConnectionString(db.DataDirectory)).AddInterceptors(interceptors).Options);
}
