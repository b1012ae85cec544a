using Forewarn.Core.StatusNotifications;
using Quartz;

namespace Forewarn.Scheduling;

/// <summary>
/// Every minute: the status notifications of accounts whose waiting changes have outlasted the coalescing window (A6).
/// One run at a time per scheduler (cluster-wide on PostgreSQL); the handler is safe against other processes anyway.
/// </summary>
[DisallowConcurrentExecution]
public sealed class StatusNotificationJob(IServiceScopeFactory scopes, ILogger<StatusNotificationJob> log) : IJob
{
    public static readonly JobKey Key = new("status-notifications", "forewarn");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var s = await scope.ServiceProvider.GetRequiredService<SendStatusNotifications>().HandleAsync(new(Flush: false), cancellationToken);
        if (s.Changes > 0)
            log.LogInformation("Status notifications: {Changes} changes of {Accounts} Smart Account(s), {Notifications} emails and {Copies} copies queued",
                s.Changes, s.SmartAccounts, s.Notifications, s.Copies);
    }
}
