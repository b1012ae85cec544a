using Forewarn.Core.Preferences;

namespace Forewarn.Tests.Preferences;

/// <summary>N3: the expiring-license range that is stored.</summary>
public class ExpiringRangeTests
{
    private const NotificationTypes WithExpiring = NotificationTypes.LicensesExpiring | NotificationTypes.NewLicenses;
    private const NotificationTypes WithoutExpiring = NotificationTypes.All & ~NotificationTypes.LicensesExpiring;

    [Theory]
    [InlineData(90)]
    [InlineData(30)]
    [InlineData(3)]
    [InlineData(null)]
    public void Normalise_DigestOff_None(int? chosen) =>
        Assert.Null(ExpiringRange.Normalise(dailyEventSummary: false, NotificationTypes.All, chosen));

    [Theory]
    [InlineData(17)]
    [InlineData(null)]
    public void Normalise_LicensesExpiringNotSelected_None(int? chosen) =>
        Assert.Null(ExpiringRange.Normalise(dailyEventSummary: true, WithoutExpiring, chosen));

    [Fact]
    public void Normalise_NothingSelected_None() =>
        Assert.Null(ExpiringRange.Normalise(dailyEventSummary: true, NotificationTypes.None, 60));

    [Fact]
    public void Normalise_DigestOnExpiringSelectedNeverChosen_Ninety() =>
        Assert.Equal(90, ExpiringRange.Normalise(dailyEventSummary: true, WithExpiring, chosen: null));

    [Theory]
    [InlineData(90)]
    [InlineData(60)]
    [InlineData(30)]
    [InlineData(17)]
    [InlineData(7)]
    [InlineData(4)]
    [InlineData(3)]
    public void Normalise_DigestOnExpiringSelectedChosen_Kept(int chosen) =>
        Assert.Equal(chosen, ExpiringRange.Normalise(dailyEventSummary: true, WithExpiring, chosen));

    [Fact]
    public void Options_AreTheSevenOfN3_InOrder() =>
        Assert.Equal([90, 60, 30, 17, 7, 4, 3], ExpiringRange.Options);

    [Theory]
    [InlineData(0, false)]
    [InlineData(45, false)]
    [InlineData(91, false)]
    [InlineData(17, true)]
    public void IsOption_Days_OnlyTheListedOnes(int days, bool expected) =>
        Assert.Equal(expected, ExpiringRange.IsOption(days));
}
