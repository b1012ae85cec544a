using Forewarn.Core.Delivery;
using Quartz;

namespace Forewarn.Scheduling;

/// <summary>Every few seconds: deliver what waits in the outbox (M1). One drain at a time per scheduler (cluster-wide on PostgreSQL).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDrainJob(IServiceScopeFactory scopes, ILogger<OutboxDrainJob> log) : IJob
{
    public static readonly JobKey Key = new("outbox-drain", "forewarn");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var f = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(cancellationToken);
        if (f.Sent + f.Failed + f.Deferred > 0)
            log.LogInformation("Outbox: {Sent} sent, {Failed} failed, {Deferred} deferred", f.Sent, f.Failed, f.Deferred);
    }
}
