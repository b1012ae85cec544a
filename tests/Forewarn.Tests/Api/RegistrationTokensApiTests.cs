using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forewarn.Core.Accounts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Forewarn.Tests.Api.ApiWorld;

namespace Forewarn.Tests.Api;

/// <summary>
/// POST and GET /api/v1/smart-accounts/{domain}/registration-tokens through real HTTP (L5: product instances register with a
/// token created in the account): who may, what is answered and stored, and that the token registers an instance.
/// </summary>
public class RegistrationTokensApiTests
{
    private const string Tokens = "/api/v1/smart-accounts/acme-networks.com/registration-tokens";
    private const string Victor = "victor@acme-networks.com";

    /// <summary>ApiWorld plus victor, Virtual Account admin of EMEA.</summary>
    private static async Task<ApiHost> StartAsync(TestDatabase db)
    {
        await ArrangeAsync(db);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var acme = await ctx.SmartAccounts.Include(a => a.VirtualAccounts).SingleAsync(a => a.Domain == Acme);
            var victor = ctx.Users.Add(new User { Email = Victor, Name = "Victor" }).Entity;
            await ctx.SaveChangesAsync();
            b.Grant(victor, acme, Role.VirtualAccountAdmin, "EMEA");
        }
        return await ApiHost.StartAsync(db, NewClock());
    }

    private static async Task<string> DumpTokensAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return string.Join("\n", (await ctx.RegistrationTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync())
            .Select(t => $"{t.Id}|{t.VirtualAccountId}|{t.Hash}|{t.Prefix}|{t.Description}|{t.CreatedByEmail}|{t.CreatedAt.Ticks}|{t.ExpiresAt.Ticks}"));
    }

    private static async Task<JsonNode> CreateAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync(Tokens, ApiHost.Json(body));
        return await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
    }

    private static async Task<HttpResponseMessage> RegisterAsync(ApiHost host, string token, string serial)
    {
        var body = JsonSerializer.Serialize(new { token, udiPid = "C9300-48P", udiSerialNumber = serial, name = "lab-" + serial, productType = "C9300" });
        return await host.Client().PostAsync("/api/agent/v1/register", ApiHost.Json(body));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Post_SmartAccountAdmin_201WithTheTokenOnceWhichRegistersAnInstanceInThatVirtualAccount(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var alice = host.Client(await host.TokenAsync(Alice));

        using var response = await alice.PostAsync(Tokens, ApiHost.Json("""{ "virtualAccount": "EMEA", "description": "rack 4", "validDays": 7 }"""));

        var created = await ApiAssert.JsonAsync(response, HttpStatusCode.Created);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var token = (string)created["token"]!;
        Assert.Matches("^fwreg_[A-Za-z0-9_-]{43}$", token);
        int id;
        await using (var ctx = db.NewContext())
        {
            var stored = await ctx.RegistrationTokens.Include(t => t.VirtualAccount).SingleAsync();
            id = stored.Id;
            Assert.Equal((ApiToken.HashOf(token), "EMEA", "rack 4", Alice), (stored.Hash, stored.VirtualAccount.Name, stored.Description, stored.CreatedByEmail));
            Assert.Equal((new DateTime(2026, 12, 3, 17, 0, 0), new DateTime(2026, 12, 10, 17, 0, 0)), (stored.CreatedAt, stored.ExpiresAt));
        }
        ApiAssert.SameJson($$"""
            { "id": {{id}}, "token": "{{token}}", "smartAccount": "acme-networks.com", "virtualAccount": "EMEA", "expiresAt": "2026-12-10T17:00:00Z" }
            """, created);

        using var registered = await RegisterAsync(host, token, "FOC2611X0AB");
        var instance = await ApiAssert.JsonAsync(registered, HttpStatusCode.Created);
        Assert.Equal(("acme-networks.com", "EMEA"), ((string?)instance["smartAccount"], (string?)instance["virtualAccount"]));
        await using (var ctx = db.NewContext())
            Assert.Equal("EMEA", await ctx.ProductInstances.Where(p => p.UdiSerialNumber == "FOC2611X0AB").Select(p => p.VirtualAccount.Name).SingleAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Post_VirtualAccountAdminWithNoDescriptionOrDays_ThirtyDaysForTheirVirtualAccount(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var victor = host.Client(await host.TokenAsync(Victor));

        var created = await CreateAsync(victor, """{ "virtualAccount": "EMEA", "description": null, "validDays": null }""");

        Assert.Equal(("EMEA", "2027-01-02T17:00:00Z"), ((string?)created["virtualAccount"], (string?)created["expiresAt"]));
        await using var ctx = db.NewContext();
        var stored = await ctx.RegistrationTokens.SingleAsync();
        Assert.Equal(("", Victor), (stored.Description, stored.CreatedByEmail));
    }

    public static TheoryData<DatabaseKind, string, string, string> MalformedBodies()
    {
        var data = new TheoryData<DatabaseKind, string, string, string>();
        (string Json, string Field, string Message)[] cases =
        [
            ("""{ "virtualAccount": "EMEA", "validDays": 0 }""", "validDays", "must be a whole number of days from 1 to 365 (got 0)."),
            ("""{ "virtualAccount": "EMEA", "validDays": 366 }""", "validDays", "must be a whole number of days from 1 to 365 (got 366)."),
            ("""{ "virtualAccount": "EMEA", "validDays": "30" }""", "validDays", "must be a whole number of days from 1 to 365, or null for 30, not a string."),
            ("""{ "virtualAccount": "EMEA", "validDays": 1.5 }""", "validDays", "must be a whole number of days from 1 to 365, or null for 30, not the number 1.5."),
            ("""{ "description": "rack 4" }""", "virtualAccount", "is required."),
            ("""{ "virtualAccount": "  " }""", "virtualAccount", "is required."),
            ("""{ "virtualAccount": ["EMEA"] }""", "virtualAccount", "must be a string (the Virtual Account's name), not an array."),
            ("""{ "virtualAccount": "EMEA", "description": 4 }""", "description", "must be a string (what the token is for), not the number 4."),
            ("""{ "virtualAccount": "EMEA", "description": "line one\nline two" }""", "description", "must not contain control characters (line breaks, tabs)."),
            ("{ \"virtualAccount\": \"EMEA\", \"description\": \"" + new string('d', 201) + "\" }", "description", "must be at most 200 characters."),
            ("""{ "virtualAccount": "EMEA", "validFor": 30 }""", "validFor", "is not a field of a registration token; the fields are virtualAccount, description, validDays."),
            ("""{ "VirtualAccount": "EMEA" }""", "VirtualAccount", "is not a field of a registration token; did you mean 'virtualAccount'? (names are case-sensitive)"),
            ("""{ "virtualAccount": "EMEA", "virtualAccount": "DEFAULT" }""", "virtualAccount", "is given more than once."),
            ("""[ "EMEA" ]""", "body", "must be a JSON object {virtualAccount, description, validDays}, not an array."),
            ("""{ "virtualAccount": "EMEA" """, "body", "is not valid JSON: "),
            ("", "body", "is not valid JSON: "),
        ];
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
        foreach (var (json, field, message) in cases)
            data.Add(kind, json, field, message);
        return data;
    }

    [Theory, MemberData(nameof(MalformedBodies))]
    public async Task Post_MalformedBodyOrValue_400NamingTheFieldAndNothingStored(DatabaseKind kind, string json, string field, string message)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var alice = host.Client(await host.TokenAsync(Alice));

        var problem = await ApiAssert.ProblemAsync(await alice.PostAsync(Tokens, ApiHost.Json(json)), HttpStatusCode.BadRequest);

        var errors = ApiAssert.Errors(problem);
        Assert.True(errors.ContainsKey(field), problem.ToJsonString());
        Assert.StartsWith(message, Assert.Single(errors[field]));
        Assert.Equal("", await DumpTokensAsync(db));
    }

    [Fact]
    public async Task Post_SeveralProblems_400NamingEachAtOnce()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var alice = host.Client(await host.TokenAsync(Alice));

        var problem = await ApiAssert.ProblemAsync(
            await alice.PostAsync(Tokens, ApiHost.Json("""{ "description": 4, "validDays": 400, "extra": true }""")), HttpStatusCode.BadRequest);

        Assert.Equal(
            new Dictionary<string, string[]>
            {
                ["extra"] = ["is not a field of a registration token; the fields are virtualAccount, description, validDays."],
                ["description"] = ["must be a string (what the token is for), not the number 4."],
                ["validDays"] = ["must be a whole number of days from 1 to 365 (got 400)."],
                ["virtualAccount"] = ["is required."],
            },
            ApiAssert.Errors(problem));
        Assert.Equal("", await DumpTokensAsync(db));
    }

    [Fact]
    public async Task Post_NotJsonContentType_415AndNothingStored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var alice = host.Client(await host.TokenAsync(Alice));

        var problem = await ApiAssert.ProblemAsync(
            await alice.PostAsync(Tokens, new StringContent("virtualAccount=EMEA", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);

        Assert.Equal("Send the registration token as JSON with Content-Type: application/json.", (string?)problem["detail"]);
        Assert.Equal("", await DumpTokensAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Post_Refusals_403NonAdmins_404Unseen_401CookieOrNoToken_NothingStored(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var bob = host.Client(await host.TokenAsync(Bob));
        var carol = host.Client(await host.TokenAsync(Carol));
        var victor = host.Client(await host.TokenAsync(Victor));
        var eve = host.Client(await host.TokenAsync(Eve));
        var alice = host.Client(await host.TokenAsync(Alice));
        var aliceCookie = await host.CookieClientAsync(Alice);
        const string emea = """{ "virtualAccount": "EMEA" }""";

        var smartAccountUser = await ApiAssert.ProblemAsync(await bob.PostAsync(Tokens, ApiHost.Json(emea)), HttpStatusCode.Forbidden);
        var vaUser = await ApiAssert.ProblemAsync(await carol.PostAsync(Tokens, ApiHost.Json(emea)), HttpStatusCode.Forbidden);
        // Victor administers EMEA only and does not see DEFAULT: not found, as if it did not exist.
        var otherVa = await ApiAssert.ProblemAsync(await victor.PostAsync(Tokens, ApiHost.Json("""{ "virtualAccount": "DEFAULT" }""")), HttpStatusCode.NotFound);
        var noSuchVa = await ApiAssert.ProblemAsync(await alice.PostAsync(Tokens, ApiHost.Json("""{ "virtualAccount": "APJC" }""")), HttpStatusCode.NotFound);
        var outsider = await ApiAssert.ProblemAsync(await eve.PostAsync(Tokens, ApiHost.Json(emea)), HttpStatusCode.NotFound);
        var cookie = await ApiAssert.ProblemAsync(await aliceCookie.PostAsync(Tokens, ApiHost.Json(emea)), HttpStatusCode.Unauthorized);
        var anonymous = await ApiAssert.ProblemAsync(await host.Client().PostAsync(Tokens, ApiHost.Json(emea)), HttpStatusCode.Unauthorized);

        Assert.Equal(["Only a Smart Account admin of acme-networks.com or an admin of Virtual Account 'EMEA' may create registration tokens for it."],
            ApiAssert.Errors(smartAccountUser)["virtualAccount"]);
        Assert.Equal(["virtualAccount"], ApiAssert.Errors(vaUser).Keys);
        Assert.Equal("No Virtual Account 'DEFAULT' in acme-networks.com is visible to you.", (string?)otherVa["detail"]);
        Assert.Equal("No Virtual Account 'APJC' in acme-networks.com is visible to you.", (string?)noSuchVa["detail"]);
        Assert.Equal("No Smart Account 'acme-networks.com' is visible to you.", (string?)outsider["detail"]);
        // The cookie carries no anti-forgery token, so it may not change anything through the API (0502).
        Assert.Equal("Changes through the API need Authorization: Bearer <token> (forewarn token create); the sign-in cookie is accepted for reading only.",
            (string?)cookie["detail"]);
        Assert.Equal(401, (int)anonymous["status"]!);
        Assert.Equal("", await DumpTokensAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Get_AdminsSeeTheirVirtualAccountsTokensNeverTheSecret_OthersRefused(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var alice = host.Client(await host.TokenAsync(Alice));
        var victor = host.Client(await host.TokenAsync(Victor));
        var first = await CreateAsync(alice, """{ "virtualAccount": "DEFAULT", "description": "core", "validDays": 1 }""");
        var second = await CreateAsync(victor, """{ "virtualAccount": "EMEA", "description": "lab <b>", "validDays": 365 }""");
        host.Clock.Advance(TimeSpan.FromDays(1)); // the DEFAULT token expires at exactly this instant

        var all = await ApiAssert.JsonAsync(await alice.GetAsync(Tokens), HttpStatusCode.OK);
        var victors = await ApiAssert.JsonAsync(await victor.GetAsync(Tokens), HttpStatusCode.OK);
        var byCookie = await (await host.CookieClientAsync(Alice)).GetAsync(Tokens);
        var bob = await ApiAssert.ProblemAsync(await host.Client(await host.TokenAsync(Bob)).GetAsync(Tokens), HttpStatusCode.Forbidden);
        var eve = await ApiAssert.ProblemAsync(await host.Client(await host.TokenAsync(Eve)).GetAsync(Tokens), HttpStatusCode.NotFound);

        string Item(JsonNode created, string va, string description, string by, string expires, string state) => $$"""
            { "id": {{(int)created["id"]!}}, "virtualAccount": "{{va}}", "prefix": "{{((string)created["token"]!)[..12]}}", "description": "{{description}}",
              "createdBy": "{{by}}", "createdAt": "2026-12-03T12:00:00-05:00", "expiresAt": "{{expires}}", "state": "{{state}}" }
            """;
        ApiAssert.SameJson($$"""
            { "smartAccount": "acme-networks.com", "items": [
              {{Item(first, "DEFAULT", "core", Alice, "2026-12-04T12:00:00-05:00", "Expired")}},
              {{Item(second, "EMEA", "lab <b>", Victor, "2027-12-03T12:00:00-05:00", "Active")}} ] }
            """, all);
        ApiAssert.SameJson($$"""
            { "smartAccount": "acme-networks.com", "items": [ {{Item(second, "EMEA", "lab <b>", Victor, "2027-12-03T12:00:00-05:00", "Active")}} ] }
            """, victors);
        Assert.DoesNotContain((string)first["token"]!, all.ToJsonString());
        Assert.DoesNotContain((string)second["token"]!, all.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, byCookie.StatusCode); // reading with the sign-in cookie is allowed, like every GET
        Assert.Equal(["smartAccount"], ApiAssert.Errors(bob).Keys);
        Assert.Equal("No Smart Account 'acme-networks.com' is visible to you.", (string?)eve["detail"]);

        // The expired token registers nothing; the active one does.
        using var expired = await RegisterAsync(host, (string)first["token"]!, "FOC0000EXP");
        using var active = await RegisterAsync(host, (string)second["token"]!, "FOC0000ACT");
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Created), (expired.StatusCode, active.StatusCode));
    }
}
