using Forewarn.Core.Data;
using Forewarn.Core.Time;
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

    /// <summary>Accounts whose local today is later than the last date run; an unknown time zone is never due.</summary>
    public static IReadOnlyList<(string Domain, DateOnly Date)> DueAccounts(IEnumerable<(string Domain, string TimeZone)> accounts,
        DateTime utcNow, IReadOnlyDictionary<string, DateOnly> alreadyRun)
    {
        var due = new List<(string, DateOnly)>();
        foreach (var (domain, timeZone) in accounts)
        {
            if (!AccountClock.TryFindZone(timeZone, out var zone)) continue;
            var today = AccountClock.LocalDate(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
            if (alreadyRun.TryGetValue(domain, out var last) && last >= today) continue;
            due.Add((domain, today));
        }
        return due;
    }

    public async Task<IReadOnlyList<AccountRun>> HandleAsync(Request request, CancellationToken ct)
    {
        var accounts = (await db.SmartAccounts.AsNoTracking().OrderBy(a => a.Domain)
            .Select(a => new { a.Domain, a.TimeZone }).ToListAsync(ct)).Select(a => (a.Domain, a.TimeZone));
        var runs = new List<AccountRun>();
        foreach (var (domain, date) in DueAccounts(accounts, clock.GetUtcNow().UtcDateTime, request.AlreadyRun))
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
