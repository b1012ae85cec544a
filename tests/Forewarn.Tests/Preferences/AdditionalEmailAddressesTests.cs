using Forewarn.Core.Preferences;

namespace Forewarn.Tests.Preferences;

/// <summary>N5: additional addresses are valid, within the Smart Account's domain or a subdomain, folded to one list.</summary>
public class AdditionalEmailAddressesTests
{
    private const string Domain = "acme-networks.com";

    [Fact]
    public void Parse_SpacesAndMixedCaseDuplicates_FoldToOneLowerCaseList()
    {
        var parsed = AdditionalEmailAddresses.Parse(
            "  NOC@Acme-Networks.com , licensing@ops.acme-networks.com,noc@acme-networks.com,  , Licensing@OPS.acme-networks.COM ", Domain);

        Assert.True(parsed.IsValid);
        Assert.Equal(["noc@acme-networks.com", "licensing@ops.acme-networks.com"], parsed.Addresses);
        Assert.Equal("noc@acme-networks.com,licensing@ops.acme-networks.com", parsed.Joined);
    }

    [Theory]
    [InlineData("noc@acme-networks.com")]
    [InlineData("ops@emea.acme-networks.com")]
    [InlineData("a.b+tag@deep.sub.acme-networks.com")]
    public void Parse_DomainOrSubdomain_Accepted(string address)
    {
        var parsed = AdditionalEmailAddresses.Parse(address, Domain);

        Assert.Empty(parsed.Errors);
        Assert.Equal([address], parsed.Addresses);
    }

    [Theory]
    [InlineData("x@acme-networks.com.evil.io", "x@acme-networks.com.evil.io: is outside the Smart Account domain acme-networks.com")]
    [InlineData("x@notacme-networks.com", "x@notacme-networks.com: is outside the Smart Account domain acme-networks.com")]
    [InlineData("a@@acme-networks.com", "a@@acme-networks.com: is not a valid email address")]
    [InlineData("a@", "a@: is not a valid email address")]
    [InlineData("@acme-networks.com", "@acme-networks.com: is not a valid email address")]
    [InlineData("no at sign", "no at sign: is not a valid email address")]
    [InlineData("ü@acme-networks.com", "ü@acme-networks.com: has characters other than ASCII before the @, which many mail servers refuse; use an ASCII alias")]
    [InlineData("noc@acme-networks.com;ops@acme-networks.com", "noc@acme-networks.com;ops@acme-networks.com: is not a valid email address (separate addresses with commas)")]
    public void Parse_InvalidOrForeign_RefusedNamingTheAddress(string address, string expected)
    {
        var parsed = AdditionalEmailAddresses.Parse($"noc@acme-networks.com, {address}", Domain);

        Assert.False(parsed.IsValid);
        Assert.Equal(expected, Assert.Single(parsed.Errors).ToString());
        Assert.Equal(["noc@acme-networks.com"], parsed.Addresses);
    }

    [Fact]
    public void Parse_SeveralBad_EachNamedWithItsReason()
    {
        var parsed = AdditionalEmailAddresses.Parse("x@acme-networks.com.evil.io, x@notacme-networks.com, a@@acme-networks.com, a@", Domain);

        Assert.Equal(
        [
            new AddressError("x@acme-networks.com.evil.io", "is outside the Smart Account domain acme-networks.com"),
            new AddressError("x@notacme-networks.com", "is outside the Smart Account domain acme-networks.com"),
            new AddressError("a@@acme-networks.com", "is not a valid email address"),
            new AddressError("a@", "is not a valid email address"),
        ], parsed.Errors);
        Assert.Empty(parsed.Addresses);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ,  ")]
    public void Parse_NothingGiven_EmptyAndValid(string? input)
    {
        var parsed = AdditionalEmailAddresses.Parse(input, Domain);

        Assert.True(parsed.IsValid);
        Assert.Equal("", parsed.Joined);
    }

    [Fact]
    public void Parse_MoreThanTwentyAddresses_Refused()
    {
        var input = string.Join(",", Enumerable.Range(1, 21).Select(i => $"a{i}@acme-networks.com"));
        var parsed = AdditionalEmailAddresses.Parse(input, "acme-networks.com");
        Assert.Equal("21 addresses: are more than the 20 allowed", Assert.Single(parsed.Errors).ToString());
        Assert.True(AdditionalEmailAddresses.Parse(string.Join(",", Enumerable.Range(1, 20).Select(i => $"a{i}@acme-networks.com")), "acme-networks.com").IsValid);
    }
}
