using System.Net;
using System.Net.Http.Headers;
using Forewarn.Tests.Infrastructure;
using static Forewarn.Tests.Api.ApiWorld;

namespace Forewarn.Tests.Api;

/// <summary>Who may call the API: bearer tokens (real CreateApiToken/RevokeApiToken handlers), the cookie for reading only.</summary>
public class AuthenticationApiTests
{
    private const string AcmePreferences = "/api/v1/smart-accounts/acme-networks.com/preferences";
    private const string Body = """{ "dailyEventSummary": true, "statusNotification": true, "events": ["NewLicenses"] }""";

    private static async Task<ApiHost> StartAsync(TestDatabase db)
    {
        await ArrangeAsync(db);
        return await ApiHost.StartAsync(db, NewClock());
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/me" },
        { "GET", "/api/v1/smart-accounts" },
        { "GET", AcmePreferences },
        { "PUT", AcmePreferences },
        { "GET", "/api/v1/smart-accounts/acme-networks.com/licenses" },
        { "GET", "/api/v1/smart-accounts/acme-networks.com/product-instances" },
        { "GET", "/api/v1/smart-accounts/acme-networks.com/events" },
    };

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Endpoint_NoToken_401WithBearerChallengeAndProblem(string method, string path)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();

        var response = await host.Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "PUT" ? ApiHost.Json(Body) : null,
        });

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer realm=\"forewarn\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Send Authorization: Bearer <token>; create a token with: forewarn token create --user <email>.", (string?)problem["detail"]);
        Assert.Null(response.Headers.Location); // never a redirect to the sign-in page
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Put_RevokedToken_401InvalidTokenAndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var token = await host.TokenAsync(Alice, "laptop");
        var client = host.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        await host.RevokeAsync(Alice, "laptop");
        var before = await host.DumpPreferencesAndEventsAsync();

        var get = await client.GetAsync("/api/v1/me");
        var put = await client.PutAsync(AcmePreferences, ApiHost.Json(Body));

        foreach (var response in new[] { get, put })
        {
            var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Equal("The bearer token is unknown or revoked.", (string?)problem["detail"]);
            Assert.Equal("Bearer realm=\"forewarn\", error=\"invalid_token\", error_description=\"The token is unknown or revoked.\"",
                response.Headers.WwwAuthenticate.ToString());
        }
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    [Fact]
    public async Task Get_MadeUpToken_401InvalidToken()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var real = await host.TokenAsync(Alice);

        foreach (var token in new[] { "fwpat_" + new string('A', 43), real + "x", "not-even-our-format" })
        {
            var response = await host.Client(token).GetAsync("/api/v1/me");
            await ApiAssert.ProblemAsync(response, HttpStatusCode.Unauthorized);
            Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cookie_GetAllowed_PutRefused401AndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var browser = await host.CookieClientAsync(Alice);
        var before = await host.DumpPreferencesAndEventsAsync();

        var get = await browser.GetAsync(AcmePreferences);
        var put = await browser.PutAsync(AcmePreferences, ApiHost.Json(Body));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        // The cookie carries no anti-forgery token, so it may not change anything through the API (0502).
        var problem = await ApiAssert.ProblemAsync(put, HttpStatusCode.Unauthorized);
        Assert.Equal("Changes through the API need Authorization: Bearer <token> (forewarn token create); the sign-in cookie is accepted for reading only.",
            (string?)problem["detail"]);
        Assert.Equal("Bearer realm=\"forewarn\"", put.Headers.WwwAuthenticate.ToString());
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    [Fact]
    public async Task Put_CookieAndToken_TheTokenDecides()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var client = await host.CookieClientAsync(Alice);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await host.TokenAsync(Bob));

        var put = await ApiAssert.JsonAsync(await client.PutAsync(AcmePreferences, ApiHost.Json(Body)), HttpStatusCode.OK);

        // Bob's token: bob is no admin, so no additional addresses; alice's stored preferences stay as they were.
        Assert.Null(put["additionalEmails"]);
        await using var ctx = db.NewContext();
        Assert.Equal(30, ctx.NotificationPreferences.Single(p => ctx.Users.Any(u => u.Id == p.UserId && u.Email == Alice)).ExpiringRangeDays);
        Assert.True(ctx.NotificationPreferences.Single(p => ctx.Users.Any(u => u.Id == p.UserId && u.Email == Bob)).StatusNotification);
    }
}
