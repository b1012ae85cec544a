using Forewarn.Core.Data;
using Forewarn.Core.Digest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Forewarn.Core.Alerts;

/// <summary>
/// The scheduled alert run (A1–A4): each Smart Account's alerts for its local today as soon as that day has begun, not
/// at its digest hour, so a new day's alerts and their status notifications come at once (and on a first start with
/// the sample) rather than hours later. Running an account again the same day is harmless (every raise is keyed);
/// <c>alreadyRun</c> only saves the repeated work. Decision 0601.
/// </summary>
public sealed class RunDueAlerts(ForewarnDbContext db, RunAlerts runAlerts, TimeProvider clock, ILogger<RunDueAlerts> log)
{
    /// <param name="AlreadyRun">Per domain, the last date this process ran the account's alerts to completion.</param>
    public sealed record Request(IReadOnlyDictionary<string, DateOnly> AlreadyRun);

    /// <param name="Summary">Null when the run for this account failed; it is due again at the next check.</param>
    public sealed record AccountRun(string Domain, DateOnly Date, RunAlerts.Summary? Summary);

    public async Task<IReadOnlyList<AccountRun>> HandleAsync(Request request, CancellationToken ct)
    {
        // The digest's schedule with the hour at 00: due from the start of the local day until its end (D1's catch-up too).
        var accounts = await db.SmartAccounts.AsNoTracking().OrderBy(a => a.Domain)
            .Select(a => new DigestSchedule.Account(a.Domain, a.TimeZone, 0)).ToListAsync(ct);
        var runs = new List<AccountRun>();
        foreach (var (domain, date) in DigestSchedule.DueAccounts(accounts, clock.GetUtcNow().UtcDateTime, request.AlreadyRun))
        {
            try
            {
                runs.Add(new(domain, date, await runAlerts.HandleAsync(new(date, domain), ct)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failing account must not starve the accounts after it; it is retried at the next check.
                log.LogError(e, "Alerts for {Domain} on {Date} failed", domain, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                db.ChangeTracker.Clear();
                runs.Add(new(domain, date, null));
            }
        }
        return runs;
    }
}
