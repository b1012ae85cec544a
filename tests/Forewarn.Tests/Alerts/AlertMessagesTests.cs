using Forewarn.Core.Alerts;

namespace Forewarn.Tests.Alerts;

/// <summary>A7: the Alerts tab links the ordering URL on its own, so it must find exactly where a message's URL begins.</summary>
public class AlertMessagesTests
{
    private const string Url = "https://ordering.example.com/renew?from=forewarn&kind=expiring";

    [Fact]
    public void SplitOrderingUrl_ExpiringAlert_CutsRightBeforeTheUrl()
    {
        var message = AlertMessages.ExpiringAlert("ISE Plus", "EMEA", 5, new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 3), Url);

        Assert.Equal(("ISE Plus in EMEA: quantity 5 expires on 2026-12-20, 17 days left. To renew, place an order at ", Url),
            AlertMessages.SplitOrderingUrl(AlertKind.LicensesExpiring, message));
    }

    [Fact]
    public void SplitOrderingUrl_ExpiredAndInsufficientAlerts_CutBeforeTheUrl()
    {
        var expired = AlertMessages.ExpiredAlert("ISE Plus", "EMEA", 5, new DateOnly(2026, 12, 1), Url);
        var insufficient = AlertMessages.InsufficientAlert("ISE Plus", "EMEA", 7, 5, Url);

        Assert.Equal(Url, AlertMessages.SplitOrderingUrl(AlertKind.LicensesExpired, expired).OrderingUrl);
        Assert.Equal(("ISE Plus in EMEA: 7 in use but only 5 valid, 2 short. To buy licenses, place an order at ", Url),
            AlertMessages.SplitOrderingUrl(AlertKind.InsufficientLicenses, insufficient));
    }

    [Fact]
    public void SplitOrderingUrl_LicenseNamedWithTheWordsAndAnotherUrl_TheConfiguredUrlAtTheEndCounts()
    {
        const string name = "Trap, place an order at https://evil.example/";
        var message = AlertMessages.ExpiredAlert(name, "EMEA", 1, new DateOnly(2026, 12, 1), Url);

        var (text, url) = AlertMessages.SplitOrderingUrl(AlertKind.LicensesExpired, message);

        Assert.Equal(Url, url);
        Assert.Equal(message[..^Url.Length], text);
        Assert.StartsWith(name, text);
    }

    [Theory]
    [InlineData(AlertKind.ProductInstanceFailedToConnect, "Product instance place an order at https://evil.example/")]
    [InlineData(AlertKind.AuthorizationExpired, "Product instance x: place an order at https://evil.example/")]
    [InlineData(AlertKind.LicensesExpiring, "Old wording without a URL.")]
    [InlineData(AlertKind.LicensesExpiring, "Ends with the words but no URL: place an order at ")]
    [InlineData(AlertKind.LicensesExpired, "place an order at two words")]
    public void SplitOrderingUrl_NoUrlOfItsOwn_MessageWholeAndNoUrl(AlertKind kind, string message)
    {
        Assert.Equal((message, (string?)null), AlertMessages.SplitOrderingUrl(kind, message));
    }
}
