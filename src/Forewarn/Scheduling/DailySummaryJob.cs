using Forewarn.Core.Digest;
using Quartz;

namespace Forewarn.Scheduling;

/// <summary>Every few minutes: the daily summary of each Smart Account whose digest hour has come (D1; repeats are harmless, D5).</summary>
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
            if (run.Summary is not { } s) continue; // failed: logged by the handler, due again at the next check
            memo.Completed(run.Domain, run.DigestDate);
            log.LogInformation(
                "Daily summary for {Domain} on {DigestDate}: {Recipients} recipients, {Digests} digests and {Copies} copies queued, " +
                "{Skipped} skipped as empty, {AlreadyDecided} already decided",
                run.Domain, run.DigestDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                s.Recipients, s.DigestsQueued, s.CopiesQueued, s.SkippedEmpty, s.AlreadyDecided);
        }
    }
}
