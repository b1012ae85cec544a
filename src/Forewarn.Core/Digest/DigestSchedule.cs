using Forewarn.Core.Time;

namespace Forewarn.Core.Digest;

/// <summary>
/// D1: a Smart Account's digest for its local today is sent at its digest hour. An account is due from the moment
/// its wall clock reaches that hour until its local midnight, so a scheduler that was down at the hour catches up
/// later that day. Running a due account again is harmless (D5); <c>alreadyRun</c> only saves the repeated work.
/// </summary>
public static class DigestSchedule
{
    public sealed record Account(string Domain, string TimeZone, int DigestHour);

    public sealed record Due(string Domain, DateOnly DigestDate);

    /// <param name="utcNow">The instant to decide for.</param>
    /// <param name="alreadyRun">Per domain, the last digest date this process ran to completion.</param>
    /// <remarks>An account with an unknown time zone is never due: there is no local day to send for.</remarks>
    public static IReadOnlyList<Due> DueAccounts(IEnumerable<Account> accounts, DateTime utcNow,
        IReadOnlyDictionary<string, DateOnly> alreadyRun)
    {
        var instant = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
        var due = new List<Due>();
        foreach (var account in accounts)
        {
            if (!AccountClock.TryFindZone(account.TimeZone, out var zone)) continue;
            var local = TimeZoneInfo.ConvertTimeFromUtc(instant, zone);
            var today = DateOnly.FromDateTime(local);
            // Comparing wall-clock hours also covers a digest hour inside a daylight-saving gap: the first
            // local time after the gap is already past it.
            if (local.Hour < account.DigestHour) continue;
            if (alreadyRun.TryGetValue(account.Domain, out var last) && last >= today) continue;
            due.Add(new(account.Domain, today));
        }
        return due;
    }
}
