using Forewarn.Core.Digest;

namespace Forewarn.Tests.Web.Digest;

public class DigestScheduleTests
{
    private static readonly IReadOnlyDictionary<string, DateOnly> NoneRun = new Dictionary<string, DateOnly>();

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void DueAccounts_SameInstantAcrossZones_EachAccountByItsOwnWallClockAndDate()
    {
        // 10:30 UTC on 2 December: 05:30 in New York, 11:30 in Berlin, 23:30 in Auckland (NZDT, UTC+13).
        var accounts = new[]
        {
            new DigestSchedule.Account("acme-networks.com", "America/New_York", 6),
            new DigestSchedule.Account("globex-mfg.com", "Europe/Berlin", 6),
            new DigestSchedule.Account("initech.io", "Pacific/Auckland", 6),
        };

        var due = DigestSchedule.DueAccounts(accounts, Utc(2026, 12, 2, 10, 30), NoneRun);

        Assert.Equal([new("globex-mfg.com", new(2026, 12, 2)), new("initech.io", new(2026, 12, 2))], due);
    }

    [Fact]
    public void DueAccounts_AfterLocalMidnightInAuckland_TheNewDayIsNotDueBeforeTheDigestHour()
    {
        // 11:05 UTC on 2 December is 00:05 on the 3rd in Auckland; New York is at 06:05 on the 2nd.
        var accounts = new[]
        {
            new DigestSchedule.Account("acme-networks.com", "America/New_York", 6),
            new DigestSchedule.Account("initech.io", "Pacific/Auckland", 6),
        };

        var due = DigestSchedule.DueAccounts(accounts, Utc(2026, 12, 2, 11, 5),
            new Dictionary<string, DateOnly> { ["initech.io"] = new(2026, 12, 2) });

        Assert.Equal([new DigestSchedule.Due("acme-networks.com", new(2026, 12, 2))], due);
    }

    [Theory]
    [InlineData(10, 59, false)] // 05:59 in New York
    [InlineData(11, 0, true)]   // 06:00
    [InlineData(23, 59, true)]  // 18:59
    public void DueAccounts_AroundTheDigestHour_DueFromTheHourOn(int utcHour, int utcMinute, bool expectedDue)
    {
        var account = new DigestSchedule.Account("acme-networks.com", "America/New_York", 6);

        var due = DigestSchedule.DueAccounts([account], Utc(2026, 12, 3, utcHour, utcMinute), NoneRun);

        Assert.Equal(expectedDue, due.Count == 1);
        if (expectedDue) Assert.Equal(new DateOnly(2026, 12, 3), due[0].DigestDate);
    }

    [Fact]
    public void DueAccounts_TodayAlreadyRun_NotDueAgainButAnEarlierRunDoesNotCount()
    {
        var accounts = new[]
        {
            new DigestSchedule.Account("acme-networks.com", "UTC", 6),
            new DigestSchedule.Account("globex-mfg.com", "UTC", 6),
        };
        var alreadyRun = new Dictionary<string, DateOnly> { ["acme-networks.com"] = new(2026, 12, 3), ["globex-mfg.com"] = new(2026, 12, 2) };

        var due = DigestSchedule.DueAccounts(accounts, Utc(2026, 12, 3, 7), alreadyRun);

        Assert.Equal([new DigestSchedule.Due("globex-mfg.com", new(2026, 12, 3))], due);
    }

    [Fact]
    public void DueAccounts_DigestHourInsideTheSpringForwardGap_DueAtTheFirstLocalTimeAfterIt()
    {
        // New York, 14 March 2027: 02:00 EST jumps to 03:00 EDT, so 02:00 never happens that day.
        var account = new DigestSchedule.Account("acme-networks.com", "America/New_York", 2);

        var before = DigestSchedule.DueAccounts([account], Utc(2027, 3, 14, 6, 59), NoneRun); // 01:59 EST
        var after = DigestSchedule.DueAccounts([account], Utc(2027, 3, 14, 7, 0), NoneRun);   // 03:00 EDT

        Assert.Empty(before);
        Assert.Equal([new DigestSchedule.Due("acme-networks.com", new(2027, 3, 14))], after);
    }

    [Fact]
    public void DueAccounts_OnTheFallBackDay_DueAtTheFirstOccurrenceOfTheHour()
    {
        // New York, 1 November 2026: 01:00-02:00 happens twice (EDT, then EST).
        var account = new DigestSchedule.Account("acme-networks.com", "America/New_York", 1);

        Assert.Empty(DigestSchedule.DueAccounts([account], Utc(2026, 11, 1, 4, 59), NoneRun)); // 00:59 EDT
        Assert.Equal([new DigestSchedule.Due("acme-networks.com", new(2026, 11, 1))],
            DigestSchedule.DueAccounts([account], Utc(2026, 11, 1, 5, 0), NoneRun));            // 01:00 EDT
    }

    [Fact]
    public void DueAccounts_UnknownTimeZone_NeverDue()
    {
        var due = DigestSchedule.DueAccounts([new DigestSchedule.Account("broken.example", "Mars/Olympus_Mons", 0)], Utc(2026, 12, 3, 12), NoneRun);

        Assert.Empty(due);
    }
}
