using Forewarn.Core.Inventory;

namespace Forewarn.Tests.Web.Inventory;

public class LicenseExpiryTests
{
    private static readonly DateOnly Today = new(2026, 12, 3);

    [Theory]
    [InlineData("2026-12-20", ExpiryState.Valid, 17, "17 days left")]
    [InlineData("2026-12-04", ExpiryState.Valid, 1, "1 day left")]
    [InlineData("2026-12-03", ExpiryState.ExpiresToday, 0, "expires today")]
    [InlineData("2026-12-02", ExpiryState.Expired, -1, "expired 1 day ago")]
    [InlineData("2026-11-03", ExpiryState.Expired, -30, "expired 30 days ago")]
    [InlineData("2027-12-03", ExpiryState.Valid, 365, "365 days left")]
    public void On_ExpiryDate_GivesCalendarDaysAndText(string expiry, ExpiryState state, int days, string text)
    {
        var result = LicenseExpiry.On(Today, DateOnly.Parse(expiry));

        Assert.Equal(state, result.State);
        Assert.Equal(days, result.DaysLeft);
        Assert.Equal(text, result.Describe());
    }

    [Fact]
    public void On_PerpetualLine_HasNoDaysLeftAndNoText()
    {
        var result = LicenseExpiry.On(Today, null);

        Assert.Equal(ExpiryState.Perpetual, result.State);
        Assert.Null(result.DaysLeft);
        Assert.Equal("", result.Describe());
    }
}
