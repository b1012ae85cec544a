using Forewarn.Core.Alerts;

namespace Forewarn.Tests.Alerts;

/// <summary>A1–A3 as pure rules: every threshold and boundary.</summary>
public class ExpirationScheduleTests
{
    private static readonly DateOnly Expiry = new(2027, 3, 1);
    private static readonly HashSet<int> None = [];

    public static TheoryData<int, int?> ExactlyAtEachThreshold => new()
    {
        { 91, null }, { 90, 90 }, { 61, 90 }, { 60, 60 }, { 30, 30 }, { 18, 30 }, { 17, 17 }, { 8, 17 }, { 7, 7 },
        { 5, 7 }, { 4, 4 }, { 3, 3 }, { 2, 3 }, { 1, 3 }, { 0, 3 }, { -1, null },
    };

    [Theory, MemberData(nameof(ExactlyAtEachThreshold))]
    public void ThresholdToRaise_NothingRaisedYet_RaisesTheNearestPassedThreshold(int daysLeft, int? expected)
    {
        Assert.Equal(expected, ExpirationSchedule.ThresholdToRaise(Expiry.AddDays(-daysLeft), Expiry, ExpirationSchedule.Default, None));
    }

    [Fact]
    public void ThresholdToRaise_BetweenThresholdsOnFirstRun_RaisesOnlyTheNearestPassed()
    {
        // 45 days left on first import: 60 is the nearest passed; 90 is never raised afterwards.
        var today = Expiry.AddDays(-45);
        Assert.Equal(60, ExpirationSchedule.ThresholdToRaise(today, Expiry, ExpirationSchedule.Default, None));
        Assert.Null(ExpirationSchedule.ThresholdToRaise(today.AddDays(1), Expiry, ExpirationSchedule.Default, new HashSet<int> { 60 }));
        Assert.Equal(30, ExpirationSchedule.ThresholdToRaise(Expiry.AddDays(-30), Expiry, ExpirationSchedule.Default, new HashSet<int> { 60 }));
    }

    [Fact]
    public void ThresholdToRaise_AlreadyRaised_RaisesNothing()
    {
        Assert.Null(ExpirationSchedule.ThresholdToRaise(Expiry.AddDays(-17), Expiry, ExpirationSchedule.Default, new HashSet<int> { 17 }));
    }

    [Fact]
    public void ThresholdToRaise_MissedSeveralThresholds_RaisesOnlyOne()
    {
        // Raised 90, then runs were missed until 5 days left: only 7 is raised, not 60/30/17.
        Assert.Equal(7, ExpirationSchedule.ThresholdToRaise(Expiry.AddDays(-5), Expiry, ExpirationSchedule.Default, new HashSet<int> { 90 }));
    }

    [Fact]
    public void ThresholdToRaise_ExpiryMovedLater_RearmsAgainstTheNewDate()
    {
        // All raised for the old date; the new date is 100 days away, then 90: raised again (the ledger is per expiry date).
        var newExpiry = Expiry.AddYears(1);
        Assert.Null(ExpirationSchedule.ThresholdToRaise(newExpiry.AddDays(-100), newExpiry, ExpirationSchedule.Default, None));
        Assert.Equal(90, ExpirationSchedule.ThresholdToRaise(newExpiry.AddDays(-90), newExpiry, ExpirationSchedule.Default, None));
    }

    [Fact]
    public void ThresholdToRaise_ExpiryMovedEarlier_RaisesTheNearestForTheNewDateOnce()
    {
        // 60 raised for the old date; the expiry moves 50 days earlier so 10 days are left: 17 for the new date.
        var today = Expiry.AddDays(-60);
        var earlier = today.AddDays(10);
        Assert.Equal(17, ExpirationSchedule.ThresholdToRaise(today, earlier, ExpirationSchedule.Default, None));
    }

    [Fact]
    public void ThresholdToRaise_LeapDay_CountsCalendarDays()
    {
        // A line starting 2028-02-29 for one year ends 2029-02-28; 90 days before is 2028-11-30.
        var expiry = new DateOnly(2028, 2, 29).AddYears(1);
        Assert.Equal(new DateOnly(2029, 2, 28), expiry);
        Assert.Equal(90, ExpirationSchedule.ThresholdToRaise(new DateOnly(2028, 11, 30), expiry, ExpirationSchedule.Default, None));
        Assert.Null(ExpirationSchedule.ThresholdToRaise(new DateOnly(2028, 11, 29), expiry, ExpirationSchedule.Default, None));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, true)]
    [InlineData(-10, true)]
    public void ShouldRaiseExpired_FromTheDayAfterExpiry(int daysLeft, bool expected)
    {
        Assert.Equal(expected, ExpirationSchedule.ShouldRaiseExpired(Expiry.AddDays(-daysLeft), Expiry, false, false));
    }

    [Fact]
    public void ShouldRaiseExpired_DismissedOrAlreadyRaised_No()
    {
        var dayAfter = Expiry.AddDays(1);
        Assert.False(ExpirationSchedule.ShouldRaiseExpired(dayAfter, Expiry, alreadyRaised: true, expiringAlertDismissed: false));
        Assert.False(ExpirationSchedule.ShouldRaiseExpired(dayAfter, Expiry, alreadyRaised: false, expiringAlertDismissed: true));
    }

    [Theory]
    [InlineData(90, AlertSeverity.Minor)]
    [InlineData(60, AlertSeverity.Minor)]
    [InlineData(30, AlertSeverity.Minor)]
    [InlineData(17, AlertSeverity.Major)]
    [InlineData(7, AlertSeverity.Major)]
    [InlineData(4, AlertSeverity.Major)]
    [InlineData(3, AlertSeverity.Major)]
    public void SeverityFor_Threshold_MinorUntil30MajorFrom17(int threshold, AlertSeverity severity)
    {
        Assert.Equal(severity, ExpirationSchedule.SeverityFor(threshold));
    }
}
