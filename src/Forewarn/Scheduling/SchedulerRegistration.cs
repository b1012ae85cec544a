using Forewarn.Core;
using Quartz;

namespace Forewarn.Scheduling;

public static class SchedulerRegistration
{
    /// <summary>
    /// Quartz with the daily-summary check (which also runs the day's alerts), the product-instance lifecycle, the status notifications and the outbox drain. SQLite (one process): the in-memory store.
    /// PostgreSQL (possibly several processes): the persistent clustered store in the same database, so each
    /// firing runs on one node only; Quartz creates its qrtz_* tables itself.
    /// </summary>
    public static IServiceCollection AddForewarnScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        var options = SchedulerOptions.Read(configuration);
        services.AddOptions<SchedulerOptions>().Bind(configuration.GetSection(SchedulerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DigestRunMemo>();
        if (!options.Enabled) return services;

        var forewarn = ServiceRegistration.ReadOptions(configuration);
        services.AddQuartz("forewarn", q =>
        {
            if (forewarn.Database.Provider == DatabaseProvider.Postgres)
                q.UsePersistentStore(s =>
                {
                    s.UsePostgres(configuration.GetConnectionString("Forewarn")!);
                    s.UseClustering();
                    s.UseSystemTextJsonSerializer();
                    s.ProvisionSchema();
                });
            else
                q.UseInMemoryStore();

            q.AddJob<DailySummaryJob>(j => j.WithIdentity(DailySummaryJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(DailySummaryJob.Key).WithIdentity("daily-summary-check", "forewarn")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.DigestCheckInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<StatusNotificationJob>(j => j.WithIdentity(StatusNotificationJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(StatusNotificationJob.Key).WithIdentity("status-notifications", "forewarn")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.StatusNotificationInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<LifecycleJob>(j => j.WithIdentity(LifecycleJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(LifecycleJob.Key).WithIdentity("lifecycle", "forewarn")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.LifecycleInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));

            q.AddJob<OutboxDrainJob>(j => j.WithIdentity(OutboxDrainJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(OutboxDrainJob.Key).WithIdentity("outbox-drain", "forewarn")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(options.OutboxDrainInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
