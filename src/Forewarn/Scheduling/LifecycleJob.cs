using Forewarn.Core.Lifecycle;
using Quartz;

namespace Forewarn.Scheduling;

/// <summary>
/// Every few minutes: due registration and authorization renewals, retries and grace periods (L1–L6). Transitions are
/// Events, so the status-notification job and the digest report them. The engine's conditional updates make a
/// concurrent run on another node harmless.
/// </summary>
[DisallowConcurrentExecution]
public sealed class LifecycleJob(IServiceScopeFactory scopes, ILogger<LifecycleJob> log) : IJob
{
    public static readonly JobKey Key = new("lifecycle", "forewarn");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var s = await scope.ServiceProvider.GetRequiredService<RunLifecycle>().HandleAsync(new(), cancellationToken);
        if (s.Advanced > 0)
            log.LogInformation("Lifecycle: {Advanced} instance(s) advanced; {Grace} grace period(s) started, {Expired} expired, {Recovered} recovered",
                s.Advanced, s.GracePeriodStarted, s.GracePeriodExpired, s.Recovered);
    }
}
