using Forewarn.Scheduling;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace Forewarn.Tests.Web;

public class SchedulerTests
{
    private static readonly Dictionary<string, string?> SchedulerOn = new()
    {
        ["Forewarn:Scheduler:Enabled"] = "true",
        ["Forewarn:Scheduler:DigestCheckInterval"] = "00:02:00",
        ["Forewarn:Scheduler:OutboxDrainInterval"] = "00:00:01",
    };

    // The scheduler is registered by name (AddQuartz("forewarn", ...)), so its services are keyed by that name.
    private static async Task<IScheduler> SchedulerAsync(TestWebApp web) =>
        await web.App.Services.GetRequiredKeyedService<ISchedulerFactory>("forewarn").GetScheduler();

    private static async Task<ISimpleTrigger> TriggerAsync(IScheduler scheduler, string name) =>
        (ISimpleTrigger)(await scheduler.GetTrigger(new TriggerKey(name, "forewarn")))!;

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Serve_SchedulerOn_RunsTheDigestCheckAndTheOutboxDrainAtTheirIntervals(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var web = await TestWebApp.StartAsync(db, TimeProvider.System, SchedulerOn);
        var scheduler = await SchedulerAsync(web);

        var digest = await TriggerAsync(scheduler, "daily-summary-check");
        var drain = await TriggerAsync(scheduler, "outbox-drain");
        var status = await TriggerAsync(scheduler, "status-notifications");
        var lifecycle = await TriggerAsync(scheduler, "lifecycle");
        Assert.Equal((LifecycleJob.Key, TimeSpan.FromMinutes(15)), (lifecycle.JobKey, lifecycle.RepeatInterval));
        Assert.Equal((DailySummaryJob.Key, TimeSpan.FromMinutes(2)), (digest.JobKey, digest.RepeatInterval));
        Assert.Equal((StatusNotificationJob.Key, TimeSpan.FromMinutes(1)), (status.JobKey, status.RepeatInterval));
        Assert.Equal((OutboxDrainJob.Key, TimeSpan.FromSeconds(1)), (drain.JobKey, drain.RepeatInterval));

        // The drain fires every second: within a few seconds it has run more than once.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await TriggerAsync(scheduler, "outbox-drain")).TimesTriggered < 3 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.True((await TriggerAsync(scheduler, "outbox-drain")).TimesTriggered >= 3);
    }

    [Fact]
    public async Task Serve_OnSqlite_UsesTheInMemoryStore()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await TestWebApp.StartAsync(db, TimeProvider.System, SchedulerOn);

        var metadata = await (await SchedulerAsync(web)).GetMetadata();

        Assert.False(metadata.JobStorePersistent);
        Assert.False(metadata.JobStoreClustered);
    }

    [Fact]
    public async Task Serve_OnPostgres_UsesTheClusteredPersistentStoreInTheSameDatabase()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        await using var web = await TestWebApp.StartAsync(db, TimeProvider.System, SchedulerOn);

        var metadata = await (await SchedulerAsync(web)).GetMetadata();

        Assert.True(metadata.JobStorePersistent);
        Assert.True(metadata.JobStoreClustered);
        await using var conn = new NpgsqlConnection(db.PostgresConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT trigger_name FROM qrtz_triggers WHERE sched_name = 'forewarn' ORDER BY trigger_name", conn);
        var names = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        Assert.Equal(["daily-summary-check", "lifecycle", "outbox-drain", "status-notifications"], names);
    }

    [Fact]
    public async Task Serve_SchedulerOff_RegistersNoScheduler()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var off = await TestWebApp.StartAsync(db, TimeProvider.System);
        Assert.Null(off.App.Services.GetService<ISchedulerRegistry>());
        await off.App.StopAsync();

        // The same app with the scheduler on has one named "forewarn": the check above is not vacuous.
        await using var on = await TestWebApp.StartAsync(db, TimeProvider.System, SchedulerOn);
        var registered = await on.App.Services.GetRequiredService<ISchedulerRegistry>().QuerySchedulers();
        Assert.Equal(["forewarn"], registered.Select(r => r.Name));
    }
}
