using Forewarn.Core.Alerts;
using Forewarn.Core.Digest;
using Forewarn.Core.StatusNotifications;
using Quartz;

namespace Forewarn.Scheduling;

/// <summary>
/// Every few minutes: each Smart Account's alert run for its local today once that day has begun (A1–A4, decision 0601)
/// and its status notifications without waiting for the coalescing window (A6); then the daily summary of each account
/// whose digest hour has come (D1; repeats are harmless, D5). A failed run is due again at the next check; all are safe
/// to repeat.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DailySummaryJob(IServiceScopeFactory scopes, DigestRunMemo memo, ILogger<DailySummaryJob> log) : IJob
{
    public static readonly JobKey Key = new("daily-summary", "forewarn");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var due = await scope.ServiceProvider.GetRequiredService<RunDueAlerts>().HandleAsync(new(memo.AlertsSnapshot()), cancellationToken);
        foreach (var run in due.Where(r => r.Summary is not null))
            if (await NotifyAsync(run.Domain, run.Date, run.Summary!, cancellationToken))
                memo.AlertsCompleted(run.Domain, run.Date);

        var runs = await scope.ServiceProvider.GetRequiredService<RunDueDailySummaries>()
            .HandleAsync(new(memo.Snapshot()), cancellationToken);
        foreach (var run in runs)
        {
            if (run.Summary is not { } s) continue; // failed: logged by the handler, due again at the next check
            memo.Completed(run.Domain, run.DigestDate);
            log.LogInformation(
                "Daily summary for {Domain} on {DigestDate}: {Recipients} recipients, {Digests} digests and {Copies} copies queued, " +
                "{Skipped} skipped as empty, {AlreadyDecided} already decided",
                run.Domain, Day(run.DigestDate),
                s.Recipients, s.DigestsQueued, s.CopiesQueued, s.SkippedEmpty, s.AlreadyDecided);
        }
    }

    /// <summary>Sends the account's status notifications at once (A6) and logs what the alert run did.</summary>
    private async Task<bool> NotifyAsync(string domain, DateOnly date, RunAlerts.Summary a, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var n = await scope.ServiceProvider.GetRequiredService<SendStatusNotifications>().HandleAsync(new(Flush: true, domain), ct);
            if (a.Changes > 0 || n.Notifications > 0)
                log.LogInformation(
                    "Alerts for {Domain} on {Date}: {Expiring} expiring, {Expired} expired, {Insufficient} insufficient, {Back} back in compliance; " +
                    "{Notifications} status notifications and {Copies} copies queued",
                    domain, Day(date), a.ExpiringRaised, a.ExpiredRaised, a.InsufficientRaised, a.BackInCompliance, n.Notifications, n.Copies);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Status notifications for {Domain} on {Date} failed", domain, Day(date));
            return false;
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
