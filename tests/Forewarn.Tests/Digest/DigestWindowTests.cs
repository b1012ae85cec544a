using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Core.Time;

namespace Forewarn.Tests.Digest;

/// <summary>D2 and D3 windows as pure rules.</summary>
public class DigestWindowTests
{
    private static readonly DateOnly D = new(2026, 12, 3);
    private static readonly TimeZoneInfo NewYork = AccountClock.Zone("America/New_York");
    private static readonly TimeZoneInfo Auckland = AccountClock.Zone("Pacific/Auckland");

    private static DigestRecipient SaUser(int? range = 30, NotificationTypes events = NotificationTypes.All) =>
        new(1, "u@acme-networks.com", "U", events, range,
            Visibility.From([(Role.SmartAccountUser, (int?)null)]), []);

    private static DigestLineSource Line(DateOnly? expires, LicenseType type = LicenseType.Term, int va = 1, string name = "L") =>
        new(1, name, va, "DEFAULT", 5, type, expires);

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(29, true)]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void IsExpiringWithin_BoundsAtZeroAndRange_AreInclusive(int offset, bool listed)
    {
        Assert.Equal(listed, DigestWindow.IsExpiringWithin(D, 30, D.AddDays(offset)));
    }

    [Fact]
    public void Builder_LineExpiringToday_ShowsExpiresToday()
    {
        var b = new DigestBuilder(SaUser(), D, NewYork);
        b.AddLine(Line(D));
        var row = Assert.Single(b.Build("Acme", "acme-networks.com", "America/New_York", "https://o").Expiring);
        Assert.Equal(0, row.DaysLeft);
        Assert.Equal("- L | DEFAULT | qty 5 | expires 2026-12-03 | expires today", row.TextLine);
    }

    [Fact]
    public void Builder_LineAtRangeEnd_ShowsDaysLeftInD6Format()
    {
        var b = new DigestBuilder(SaUser(30), D, NewYork);
        b.AddLine(Line(new DateOnly(2027, 1, 2)));
        b.AddLine(Line(new DateOnly(2027, 1, 3)));
        var row = Assert.Single(b.Build("Acme", "acme-networks.com", "America/New_York", "https://o").Expiring);
        Assert.Equal("- L | DEFAULT | qty 5 | expires 2027-01-02 | 30 days left", row.TextLine);
    }

    [Fact]
    public void Builder_PerpetualLine_IsNeverListed()
    {
        var b = new DigestBuilder(SaUser(90), D, NewYork);
        b.AddLine(Line(null, LicenseType.Perpetual));
        b.AddLine(Line(D, LicenseType.Perpetual)); // even with a date, perpetual never appears
        Assert.Empty(b.Build("Acme", "acme-networks.com", "America/New_York", "https://o").Expiring);
    }

    [Fact]
    public void Builder_NoRange_HasNoExpiringSection()
    {
        var b = new DigestBuilder(SaUser(range: null), D, NewYork);
        b.AddLine(Line(D));
        var model = b.Build("Acme", "acme-networks.com", "America/New_York", "https://o");
        Assert.Null(model.RangeDays);
        Assert.Empty(model.Expiring);
        Assert.True(model.IsEmpty);
    }

    [Fact]
    public void DigestDate_SameUtcInstant_DiffersBetweenAucklandAndNewYork()
    {
        // 2026-12-03 12:00 UTC is 01:00 on 4 December in Auckland (NZDT, +13) and 07:00 on 3 December in New York.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 12, 4), AccountClock.Today(clock, Auckland));
        Assert.Equal(new DateOnly(2026, 12, 3), AccountClock.Today(clock, NewYork));
    }

    [Fact]
    public void DaysLeft_AucklandAndNewYork_CountFromTheirOwnDigestDate()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var expiry = new DateOnly(2026, 12, 7);
        Assert.Equal(3, DigestWindow.DaysLeft(AccountClock.Today(clock, Auckland), expiry));
        Assert.Equal(4, DigestWindow.DaysLeft(AccountClock.Today(clock, NewYork), expiry));
    }

    public static TheoryData<string, string, bool> EventBoundaries => new()
    {
        // New York, D = 2026-12-03, so D-1 = 2026-12-02 EST (UTC-5): [05:00Z on 2 Dec, 05:00Z on 3 Dec).
        { "America/New_York", "2026-12-02T04:59:00Z", false }, // 23:59 on D-2
        { "America/New_York", "2026-12-02T05:00:00Z", true },  // 00:00 on D-1
        { "America/New_York", "2026-12-03T04:59:00Z", true },  // 23:59 on D-1
        { "America/New_York", "2026-12-03T05:00:00Z", false }, // 00:00 on D
        // Auckland, NZDT (UTC+13): D-1 = 2026-12-02 is [11:00Z on 1 Dec, 11:00Z on 2 Dec).
        { "Pacific/Auckland", "2026-12-01T10:59:00Z", false },
        { "Pacific/Auckland", "2026-12-01T11:00:00Z", true },
        { "Pacific/Auckland", "2026-12-02T10:59:00Z", true },
        { "Pacific/Auckland", "2026-12-02T11:00:00Z", false },
    };

    [Theory, MemberData(nameof(EventBoundaries))]
    public void Builder_EventAtDayBoundary_IsInOnlyDuringTheDayBefore(string zoneId, string atUtc, bool included)
    {
        var zone = AccountClock.Zone(zoneId);
        var b = new DigestBuilder(SaUser(), D, zone);
        b.AddEvent(new DigestEventSource(1, DateTime.Parse(atUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            EventType.NewLicenses, "m", null, null));
        Assert.Equal(included ? 1 : 0, b.Build("A", "a.com", zoneId, "https://o").EventCount);
    }

    public static TheoryData<string, bool> DaylightSavingBoundaries => new()
    {
        // New York falls back on Sunday 2026-11-01 (EDT UTC-4 until 02:00, then EST UTC-5): a 25-hour day.
        // D = 2026-11-02, so D-1 = 2026-11-01 = [04:00Z on 1 Nov, 05:00Z on 2 Nov).
        { "2026-11-01T03:59:00Z", false }, // 23:59 EDT on 31 Oct
        { "2026-11-01T04:00:00Z", true },  // 00:00 EDT on 1 Nov
        { "2026-11-01T05:30:00Z", true },  // 01:30 EDT, the first of two 01:30s
        { "2026-11-01T06:30:00Z", true },  // 01:30 EST, the second
        { "2026-11-02T04:59:00Z", true },  // 23:59 EST on 1 Nov
        { "2026-11-02T05:00:00Z", false }, // 00:00 EST on 2 Nov
    };

    [Theory, MemberData(nameof(DaylightSavingBoundaries))]
    public void Builder_EventOnDaylightSavingChangeDay_UsesTheLocalDay(string atUtc, bool included)
    {
        var b = new DigestBuilder(SaUser(), new DateOnly(2026, 11, 2), NewYork);
        b.AddEvent(new DigestEventSource(1, DateTime.Parse(atUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            EventType.NewLicenses, "m", null, null));
        Assert.Equal(included ? 1 : 0, b.Build("A", "a.com", "America/New_York", "https://o").EventCount);
    }

    [Fact]
    public void DayUtc_SpringForwardDay_Is23Hours()
    {
        // New York springs forward on 2026-03-08.
        var (start, end) = AccountClock.DayUtc(new DateOnly(2026, 3, 8), NewYork);
        Assert.Equal(new DateTime(2026, 3, 8, 5, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(TimeSpan.FromHours(23), end - start);
    }

    [Fact]
    public void StartOfDayUtc_MidnightInDaylightSavingGap_StartsAfterTheGap()
    {
        // America/Santiago springs forward at 00:00 local on 2026-09-06: 00:00-00:59 do not exist.
        var santiago = AccountClock.Zone("America/Santiago");
        var start = AccountClock.StartOfDayUtc(new DateOnly(2026, 9, 6), santiago);
        Assert.Equal(new DateTime(2026, 9, 6, 4, 0, 0, DateTimeKind.Utc), start); // 01:00 -03
    }
}
