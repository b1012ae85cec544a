using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Forewarn.Core.Digest;

/// <summary>The scheduled daily run: the digest of every Smart Account that <see cref="DigestSchedule"/> says is due now.</summary>
public sealed class RunDueDailySummaries(ForewarnDbContext db, RunDailySummary runDailySummary, TimeProvider clock,
    ILogger<RunDueDailySummaries> log)
{
    /// <param name="AlreadyRun">Per domain, the last digest date already run to completion by this process.</param>
    public sealed record Request(IReadOnlyDictionary<string, DateOnly> AlreadyRun);

    /// <param name="Summary">Null when the run for this account failed; it is due again at the next check.</param>
    public sealed record AccountRun(string Domain, DateOnly DigestDate, RunDailySummary.Summary? Summary)
    {
        public bool Completed => Summary is not null;
    }

    public async Task<IReadOnlyList<AccountRun>> HandleAsync(Request request, CancellationToken ct)
    {
        var accounts = await db.SmartAccounts.AsNoTracking()
            .OrderBy(a => a.Domain)
            .Select(a => new DigestSchedule.Account(a.Domain, a.TimeZone, a.DigestHour))
            .ToListAsync(ct);
        var runs = new List<AccountRun>();
        foreach (var due in DigestSchedule.DueAccounts(accounts, clock.GetUtcNow().UtcDateTime, request.AlreadyRun))
        {
            try
            {
                runs.Add(new(due.Domain, due.DigestDate,
                    await runDailySummary.HandleAsync(new(due.DigestDate, due.Domain), ct)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failing account must not starve the accounts after it; it is retried at the next check.
                log.LogError(e, "Daily summary for {Domain} on {DigestDate} failed", due.Domain,
                    due.DigestDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                db.ChangeTracker.Clear();
                runs.Add(new(due.Domain, due.DigestDate, null));
            }
        }
        return runs;
    }
}
