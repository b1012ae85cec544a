using Forewarn.Core.Alerts;
using Forewarn.Core.Digest;
using Forewarn.Core.StatusNotifications;
using Quartz;

namespace Forewarn.Scheduling;

/// <summary>
/// Every few minutes: the daily summary of each Smart Account whose digest hour has come (D1; repeats are harmless, D5),
/// then that account's alert run for the same date (A1–A4) and its status notifications without waiting for the
/// coalescing window (A6); both are safe to repeat.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DailySummaryJob(IServiceScopeFactory scopes, DigestRunMemo memo, ILogger<DailySummaryJob> log) : IJob
{
    public static readonly JobKey Key = new("daily-summary", "forewarn");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runs = await scope.ServiceProvider.GetRequiredService<RunDueDailySummaries>()
            .HandleAsync(new(memo.Snapshot()), cancellationToken);
        foreach (var run in runs)
        {
            var alertsDone = await RunAlertsAsync(run.Domain, run.DigestDate, cancellationToken);
            if (run.Summary is not { } s) continue; // failed: logged by the handler, due again at the next check
            if (alertsDone) memo.Completed(run.Domain, run.DigestDate); // otherwise due again, and the digest repeat is harmless (D5)
            log.LogInformation(
                "Daily summary for {Domain} on {DigestDate}: {Recipients} recipients, {Digests} digests and {Copies} copies queued, " +
                "{Skipped} skipped as empty, {AlreadyDecided} already decided",
                run.Domain, run.DigestDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                s.Recipients, s.DigestsQueued, s.CopiesQueued, s.SkippedEmpty, s.AlreadyDecided);
        }
    }

    /// <summary>The account's daily alerts and their notifications; false when they failed (logged; retried at the next check).</summary>
    private async Task<bool> RunAlertsAsync(string domain, DateOnly date, CancellationToken ct)
    {
        var day = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var a = await scope.ServiceProvider.GetRequiredService<RunAlerts>().HandleAsync(new(date, domain), ct);
            var n = await scope.ServiceProvider.GetRequiredService<SendStatusNotifications>().HandleAsync(new(Flush: true, domain), ct);
            log.LogInformation(
                "Alerts for {Domain} on {Date}: {Expiring} expiring, {Expired} expired, {Insufficient} insufficient, {Back} back in compliance; " +
                "{Notifications} status notifications and {Copies} copies queued",
                domain, day, a.ExpiringRaised, a.ExpiredRaised, a.InsufficientRaised, a.BackInCompliance, n.Notifications, n.Copies);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One failing account must not starve the others.
            log.LogError(e, "Alerts for {Domain} on {Date} failed", domain, day);
            return false;
        }
    }
}
