using Forewarn.Core.Inventory;
using Forewarn.Core.Time;

namespace Forewarn.Tests.Api;

/// <summary>The Event Log period the API's from/to describe (0503), as a pure function of the account's zone and today.</summary>
public class EventPeriodTests
{
    private static readonly TimeZoneInfo NewYork = AccountClock.Zone("America/New_York");
    private static readonly DateOnly Today = new(2026, 12, 3);

    private static PeriodBound Parse(string text)
    {
        Assert.Null(PeriodBound.TryParse(text, out var bound));
        return bound;
    }

    [Fact]
    public void Resolve_NoBounds_ThirtyDaysEndingToday()
    {
        var (from, to) = new EventPeriod().Resolve(NewYork, Today);
        Assert.Equal(new DateTime(2026, 11, 4, 5, 0, 0, DateTimeKind.Utc), from);
        Assert.Equal(new DateTime(2026, 12, 4, 5, 0, 0, DateTimeKind.Utc), to);
        Assert.Equal(DateTimeKind.Utc, from.Kind);
    }

    [Fact]
    public void Resolve_Dates_WholeDaysAcrossTheDaylightSavingChange()
    {
        // 2026-11-01: New York leaves daylight-saving time at 02:00, so that day lasts 25 hours.
        var (from, to) = new EventPeriod(Parse("2026-11-01"), Parse("2026-11-01")).Resolve(NewYork, Today);
        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0), from);
        Assert.Equal(new DateTime(2026, 11, 2, 5, 0, 0), to);
    }

    [Fact]
    public void Resolve_Instants_Exact()
    {
        var (from, to) = new EventPeriod(Parse("2026-12-01T09:30:00.5+01:00"), Parse("2026-12-02T00:00:00Z")).Resolve(NewYork, Today);
        Assert.Equal(new DateTime(2026, 12, 1, 8, 30, 0, 500, DateTimeKind.Utc), from);
        Assert.Equal(new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc), to);
    }

    [Fact]
    public void Resolve_OnlyAnInstantTo_ThirtyDaysEndingWithItsLocalDay()
    {
        // 2026-12-02T03:00Z is still 2026-12-01 in New York.
        var (from, _) = new EventPeriod(To: Parse("2026-12-02T03:00:00Z")).Resolve(NewYork, Today);
        Assert.Equal(new DateTime(2026, 11, 2, 5, 0, 0), from);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("2026-12-01 10:00Z")]
    [InlineData("2026-12-01T25:00:00Z")]
    [InlineData("12/01/2026")]
    [InlineData("2026-12-01T10:00:00+5")]
    public void TryParse_NotADateOrInstant_SaysWhy(string text) =>
        Assert.Equal($"'{text}' is neither a date (yyyy-MM-dd) nor an instant (yyyy-MM-ddTHH:mm:ssZ or with an offset).",
            PeriodBound.TryParse(text, out _));

    [Fact]
    public void Check_SameDayForBoth_IsFine() =>
        Assert.Empty(new EventPeriod(Parse("2026-12-01"), Parse("2026-12-01")).Check(NewYork, Today));

    [Fact]
    public void Check_ToTheDayBeforeFrom_NamesTo() =>
        Assert.Equal("to: is before 'from'.", new EventPeriod(Parse("2026-12-02"), Parse("2026-12-01")).Check(NewYork, Today).Single().ToString());

    [Fact]
    public void Check_SameInstantForBoth_EmptyPeriodNamesTo() =>
        Assert.Equal("to: is the same instant as 'from': the period would be empty.",
            new EventPeriod(Parse("2026-12-02T10:00:00Z"), Parse("2026-12-02T05:00:00-05:00")).Check(NewYork, Today).Single().ToString());

    [Fact]
    public void Check_FromAfterTodayWithoutTo_NamesFrom() =>
        Assert.Equal("from: is after the end of today (2026-12-03), where the period ends when no 'to' is given.",
            new EventPeriod(Parse("2026-12-04")).Check(NewYork, Today).Single().ToString());
}
