using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Infrastructure;
using Forewarn.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Lifecycle.LifecycleKit;

namespace Forewarn.Tests.Lifecycle;

/// <summary>The agent API (L5) through the real HTTP pipeline: the app on a loopback Kestrel port, on SQLite and PostgreSQL.</summary>
public class AgentApiTests
{
    private sealed record Fleet(TestDatabase Db, TestWebApp App, FakeTimeProvider Clock, SmartAccount Account, string Token) : IAsyncDisposable
    {
        public HttpClient Client() => App.NewClient();

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Db.DisposeAsync();
        }
    }

    /// <summary>Acme with licenses in DEFAULT, a Smart Account admin, and a registration token for DEFAULT created by the real handler.</summary>
    private static async Task<Fleet> StartAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        SmartAccount sa;
        User admin;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            sa = b.Account("Acme Networks", "acme-networks.com", "America/New_York", "DEFAULT", "EMEA");
            var dna = b.License(sa, "DEFAULT", "DNA Advantage", (LicenseType.Term, 5, new DateOnly(2027, 6, 30)));
            var ise = b.License(sa, "DEFAULT", "ISE Base", (LicenseType.Term, 1, new DateOnly(2027, 6, 30)));
            // Consumption the account knew of before any agent reported (e.g. imported).
            (dna.InUse, dna.Available, dna.Status) = (3, 2, "In Compliance");
            (ise.InUse, ise.Available, ise.Status) = (1, 0, "In Compliance");
            b.License(sa, "EMEA", "Only In EMEA", (LicenseType.Term, 5, new DateOnly(2027, 6, 30)));
            ctx.SaveChanges();
            admin = b.User("alice.admin@acme-networks.com", "Alice", sa, Role.SmartAccountAdmin);
        }
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        var app = await TestWebApp.StartAsync(db, clock);
        await using var scope = app.App.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateRegistrationToken>()
            .HandleAsync(new(admin.Id, "acme-networks.com", "DEFAULT", "lab devices"), default);
        Assert.True(created.IsOk, string.Join("; ", created.Errors));
        return new Fleet(db, app, clock, sa, created.Value!.Token);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string RegisterBody(string token, string serial = "FOC1234X001", string name = "lab-sw-01") =>
        JsonSerializer.Serialize(new { token, udiPid = "C9300-48P", udiSerialNumber = serial, name, productType = "C9300" });

    private static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpMethod method, string path,
        string? body, string? credential = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        if (credential is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static async Task<(int Id, string Credential)> RegisterAsync(Fleet f, string serial = "FOC1234X001", string name = "lab-sw-01")
    {
        var (status, body, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/register", RegisterBody(f.Token, serial, name));
        Assert.True(status == HttpStatusCode.Created, $"{status}: {body}");
        return (body.GetProperty("instanceId").GetInt32(), body.GetProperty("credential").GetString()!);
    }

    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_ValidToken_201WithInstanceIdAndACredentialKeptOnlyAsItsHash(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);

        var (status, body, response) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/register", RegisterBody(f.Token));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var credential = body.GetProperty("credential").GetString()!;
        Assert.StartsWith("fwpi_", credential);
        Assert.True(credential.Length > 40);
        Assert.Equal(("acme-networks.com", "DEFAULT", false),
            (body.GetProperty("smartAccount").GetString(), body.GetProperty("virtualAccount").GetString(), body.GetProperty("registeredAgain").GetBoolean()));
        await using var ctx = f.Db.NewContext();
        var instance = await ctx.ProductInstances.Include(p => p.VirtualAccount).SingleAsync();
        Assert.Equal(body.GetProperty("instanceId").GetInt32(), instance.Id);
        Assert.Equal(("lab-sw-01", "FOC1234X001", "C9300-48P", "C9300", "DEFAULT"),
            (instance.Name, instance.UdiSerialNumber, instance.UdiPid, instance.ProductType, instance.VirtualAccount.Name));
        Assert.Equal(Sha256(credential), instance.CredentialHash);
        Assert.Equal((AuthorizationState.Authorized, T0, T0, Day(90), Day(30)),
            (instance.AuthorizationState, instance.RegisteredAt, instance.LastCheckInAt!.Value, instance.AuthorizationExpiresAt!.Value, instance.LifecycleDueAt!.Value));
        var registered = await ctx.Events.SingleAsync();
        Assert.Equal((EventType.ProductInstanceRegistered, instance.VirtualAccountId, T0), (registered.Type, registered.VirtualAccountId!.Value, registered.At));
        Assert.Equal("Product instance 'lab-sw-01' (FOC1234X001) registered in DEFAULT.", registered.Message);
        // The registration token is kept as its hash too.
        var token = await ctx.RegistrationTokens.SingleAsync();
        Assert.Equal(Sha256(f.Token), token.Hash);
        Assert.DoesNotContain(f.Token, await ctx.RegistrationTokens.Select(t => t.Hash + t.Prefix + t.Description).SingleAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_UnknownOrExpiredToken_401AndNothingStored(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var client = f.Client();

        var (wrong, wrongBody, wrongResponse) = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/register", RegisterBody("fwreg_not-a-token"));
        f.Clock.SetUtcNow(new DateTimeOffset(Day(30).AddSeconds(1))); // tokens are valid for 30 days by default
        var (expired, expiredBody, _) = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/register", RegisterBody(f.Token));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (wrong, expired));
        Assert.Equal("application/problem+json", wrongResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer realm=\"forewarn-agent\"", wrongResponse.Headers.WwwAuthenticate.ToString());
        Assert.Equal("$.token: is not a registration token of any account, or it has expired.", wrongBody.GetProperty("detail").GetString());
        Assert.Equal(401, expiredBody.GetProperty("status").GetInt32());
        await using var ctx = f.Db.NewContext();
        Assert.Equal((0, 0), (await ctx.ProductInstances.CountAsync(), await ctx.Events.CountAsync()));
    }

    public static TheoryData<string, string, string> MalformedRegistrations => new()
    {
        // body, field named, the reason's start
        { """{"token":"T","name":"lab-sw-01"}""", "$.udiSerialNumber", "is required" },
        { """{"token":"T","udiSerialNumber":5,"name":"lab-sw-01"}""", "$.udiSerialNumber", "must be a string (got a number)" },
        { """{"udiSerialNumber":"FOC1","name":"lab-sw-01"}""", "$.token", "is required" },
        { """{"token":"T","udiSerialNumber":"FOC1","name":"   "}""", "$.name", "is required" },
        { """{"token":"T","udiSerialNumber":"FOC1","name":"lab","productType":["x"]}""", "$.productType", "must be a string (got an array)" },
        { "{\"token\":\"T\",\"udiSerialNumber\":\"FOC1\",\"name\":\"" + new string('n', 201) + "\"}", "$.name", "must be at most 200 characters (got 201)" },
        { """{"token":"T","udiSerialNumber":"FOC1\u0007","name":"lab"}""", "$.udiSerialNumber", "must not contain control characters" },
        { """["token"]""", "$", "must be a JSON object" },
        { """{"token":"T",""", "$", "is not valid JSON" },
        { "", "$", "the body is empty" },
    };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_MalformedBody_400NamingTheFieldAndNothingStored(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var client = f.Client();

        foreach (var (template, field, reason) in MalformedRegistrations.Select(r => ((string)r[0], (string)r[1], (string)r[2])))
        {
            var (status, body, response) = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/register", template.Replace("\"T\"", JsonSerializer.Serialize(f.Token)));

            Assert.True(status == HttpStatusCode.BadRequest, $"{template}: {status} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var messages = body.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
            Assert.True(messages.Any(m => m.StartsWith(reason, StringComparison.Ordinal)), $"{template}: {string.Join(" | ", messages)}");
        }
        // A good body not declared as JSON is refused too (415), not guessed at.
        var plain = await client.PostAsync("/api/agent/v1/register", new StringContent(RegisterBody(f.Token), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal("Content-Type: send the body as JSON with Content-Type: application/json.",
            JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        await using var ctx = f.Db.NewContext();
        Assert.Equal((0, 0), (await ctx.ProductInstances.CountAsync(), await ctx.Events.CountAsync()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_SameSerialAgain_SameInstanceWithANewCredentialAndTheOldOneRefused(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, oldCredential) = await RegisterAsync(f);
        f.Clock.SetUtcNow(new DateTimeOffset(Day(3)));

        var (status, body, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/register", RegisterBody(f.Token, name: "lab-sw-01-renamed"));
        var newCredential = body.GetProperty("credential").GetString()!;
        var (oldStatus, _, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/check-in", null, oldCredential);
        var (newStatus, _, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/check-in", null, newCredential);

        Assert.Equal((HttpStatusCode.OK, id, true), (status, body.GetProperty("instanceId").GetInt32(), body.GetProperty("registeredAgain").GetBoolean()));
        Assert.NotEqual(oldCredential, newCredential);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (oldStatus, newStatus));
        var instance = await ReadAsync(f.Db, id);
        Assert.Equal(("lab-sw-01-renamed", Day(3), Day(93)), (instance.Name, instance.RegisteredAt, instance.AuthorizationExpiresAt!.Value));
        await using var ctx = f.Db.NewContext();
        Assert.Equal(1, await ctx.ProductInstances.CountAsync());
        Assert.Equal(2, await ctx.Events.CountAsync(e => e.Type == EventType.ProductInstanceRegistered));
    }

    /// <summary>
    /// One device is one instance per Smart Account (decision 0705): registered with another Virtual Account's token it
    /// moves there, keeps its id, releases what it used in the old Virtual Account (which is back in compliance at once,
    /// A4) and both Virtual Accounts' logs say so.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_SameSerialWithAnotherVirtualAccountsToken_MovesTheInstanceAndReleasesItsUsage(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, oldCredential) = await RegisterAsync(f);
        f.Clock.SetUtcNow(new DateTimeOffset(Day(1)));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage",
            """[{"license":"DNA Advantage","quantity":2},{"license":"ISE Base","quantity":1}]""", oldCredential)).Status);
        Assert.Equal(new[] { ("DNA Advantage", 5, 0, "In Compliance"), ("ISE Base", 2, -1, "Insufficient Licenses") }, await LicensesAsync(f));
        string emeaToken;
        await using (var scope = f.App.App.Services.CreateAsyncScope())
        {
            await using var c = f.Db.NewContext();
            var adminId = await c.Users.Where(u => u.Email == "alice.admin@acme-networks.com").Select(u => u.Id).SingleAsync();
            emeaToken = (await scope.ServiceProvider.GetRequiredService<CreateRegistrationToken>()
                .HandleAsync(new(adminId, "acme-networks.com", "EMEA", "moved devices"), default)).Value!.Token;
        }
        f.Clock.SetUtcNow(new DateTimeOffset(Day(3)));

        var (status, body, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/register", RegisterBody(emeaToken));
        var (oldStatus, _, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/check-in", null, oldCredential);

        Assert.True(status == HttpStatusCode.OK, $"{status}: {body}");
        Assert.Equal((id, true, "EMEA", "DEFAULT"), (body.GetProperty("instanceId").GetInt32(), body.GetProperty("registeredAgain").GetBoolean(),
            body.GetProperty("virtualAccount").GetString(), body.GetProperty("movedFromVirtualAccount").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, oldStatus);
        await using var ctx = f.Db.NewContext();
        var instance = await ctx.ProductInstances.Include(p => p.VirtualAccount).SingleAsync();
        Assert.Equal((id, "EMEA", AuthorizationState.Authorized, Day(93)),
            (instance.Id, instance.VirtualAccount.Name, instance.AuthorizationState, instance.AuthorizationExpiresAt!.Value));
        Assert.Empty(await UsageAsync(f, id));
        // DEFAULT gets back the 2 + 1 the instance used: DNA 3 of 5, ISE 1 of 1, in compliance; the A4 alert clears.
        Assert.Equal(new[] { ("DNA Advantage", 3, 2, "In Compliance"), ("ISE Base", 1, 0, "In Compliance") }, await LicensesAsync(f));
        var insufficient = await ctx.Alerts.Where(a => a.Kind == Forewarn.Core.Alerts.AlertKind.InsufficientLicenses).SingleAsync();
        Assert.Equal(Forewarn.Core.Alerts.AlertState.Cleared, insufficient.State);
        var events = await ctx.Events.Where(e => e.At == Day(3)).OrderBy(e => e.Id)
            .Select(e => new { e.Type, Va = e.VirtualAccount!.Name, e.Message }).ToListAsync();
        Assert.Equal(
            [
                (EventType.ProductInstanceRemoved, "DEFAULT",
                    "Product instance 'lab-sw-01' (FOC1234X001) left DEFAULT: it registered in EMEA with that Virtual Account's token; the licenses it used here are released."),
                (EventType.ProductInstanceRegistered, "EMEA",
                    "Product instance 'lab-sw-01' (FOC1234X001) moved from DEFAULT to EMEA, registered with its token: it has a new credential and a new authorization period, and reports its license usage here."),
                (EventType.BackInCompliance, "DEFAULT", events.Last().Message),
            ],
            events.Select(e => (e.Type, e.Va, e.Message)));
        Assert.Contains("ISE Base", events.Last().Message);

        // In EMEA it reports usage of EMEA's licenses, as its own instance.
        var credential = body.GetProperty("credential").GetString()!;
        var (usage, _, _) = await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage", """[{"license":"Only In EMEA","quantity":1}]""", credential);
        Assert.Equal(HttpStatusCode.OK, usage);
        Assert.Equal([("Only In EMEA", 1)], await UsageAsync(f, id));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task CheckIn_InstanceCredential_RecordsLastCheckInAtAndAnswersTheLifecycle(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, credential) = await RegisterAsync(f);
        var at = Day(12).AddHours(7).AddMinutes(31);
        f.Clock.SetUtcNow(new DateTimeOffset(at));

        var (status, body, _) = await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/check-in", null, credential);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(at, (await ReadAsync(f.Db, id)).LastCheckInAt);
        Assert.Equal((id, "2026-01-17T07:31:00Z", "Registered", "Authorized", "2026-04-05T00:00:00Z", "2026-02-04T00:00:00Z"),
            (body.GetProperty("instanceId").GetInt32(), body.GetProperty("checkedInAt").GetString(), body.GetProperty("registrationState").GetString(),
                body.GetProperty("authorizationState").GetString(), body.GetProperty("authorizationExpiresAt").GetString(),
                body.GetProperty("nextRenewalAt").GetString()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task CheckIn_MissingWrongOrUserCredential_401ProblemAndNothingRecorded(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, credential) = await RegisterAsync(f);
        f.Clock.SetUtcNow(new DateTimeOffset(Day(5)));
        var client = f.Client();

        var none = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/check-in", null);
        var wrong = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/check-in", null, "fwpi_" + new string('A', 43));
        var token = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/check-in", null, f.Token); // a registration token is no instance credential
        string personal;
        await using (var scope = f.App.App.Services.CreateAsyncScope())
            personal = (await scope.ServiceProvider.GetRequiredService<Forewarn.Core.Accounts.CreateApiToken>()
                .HandleAsync(new("alice.admin@acme-networks.com", "laptop"), default)).Value!.Token;
        var user = await SendAsync(client, HttpMethod.Post, "/api/agent/v1/check-in", null, personal); // nor is a user's API token
        using var basic = new HttpRequestMessage(HttpMethod.Post, "/api/agent/v1/check-in");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:" + credential)));
        var basicStatus = (await client.SendAsync(basic)).StatusCode;

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            new[] { none.Status, wrong.Status, token.Status, user.Status, basicStatus });
        Assert.StartsWith("Authorization: send the instance credential", none.Body.GetProperty("detail").GetString());
        Assert.StartsWith("Authorization: the credential is not one of a registered product instance", wrong.Body.GetProperty("detail").GetString());
        Assert.Equal("Bearer realm=\"forewarn-agent\"", wrong.Response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(T0, (await ReadAsync(f.Db, id)).LastCheckInAt);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Usage_Report_ReplacesTheInstancesUsageMovesInUseAndComplianceFollows(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, credential) = await RegisterAsync(f);
        f.Clock.SetUtcNow(new DateTimeOffset(Day(2)));

        var (first, firstBody, _) = await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage",
            """[{"license":"DNA Advantage","quantity":2},{"license":"ISE Base","quantity":1}]""", credential);

        Assert.Equal(HttpStatusCode.OK, first);
        // DNA: 3 known + 2 = 5 of 5; ISE: 1 known + 1 = 2 of 1, over: the instance is out of compliance (and still renews, L2).
        Assert.Equal(new[] { ("DNA Advantage", 5, 0, "In Compliance"), ("ISE Base", 2, -1, "Insufficient Licenses") }, await LicensesAsync(f));
        Assert.Equal("OutOfCompliance", firstBody.GetProperty("authorizationState").GetString());
        Assert.Equal((AuthorizationState.OutOfCompliance, Day(2)), await StateAsync(f, id));

        f.Clock.SetUtcNow(new DateTimeOffset(Day(3)));
        var (second, secondBody, _) = await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage", """[{"license":"DNA Advantage","quantity":1}]""", credential);

        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal(new[] { ("DNA Advantage", 4, 1, "In Compliance"), ("ISE Base", 1, 0, "In Compliance") }, await LicensesAsync(f));
        Assert.Equal((AuthorizationState.Authorized, Day(3)), await StateAsync(f, id));
        Assert.Equal([("DNA Advantage", 1)], await UsageAsync(f, id));
        Assert.Equal("""[{"license":"DNA Advantage","quantity":1}]""", secondBody.GetProperty("usage").GetRawText());

        var (third, _, _) = await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage", "[]", credential);
        Assert.Equal(HttpStatusCode.OK, third);
        Assert.Equal(new[] { ("DNA Advantage", 3, 2, "In Compliance"), ("ISE Base", 1, 0, "In Compliance") }, await LicensesAsync(f));
        Assert.Empty(await UsageAsync(f, id));
    }

    public static TheoryData<string, string, string> MalformedUsage => new()
    {
        { """[{"license":"Not Ours","quantity":1}]""", "$[0].license", "no license 'Not Ours' in Virtual Account 'DEFAULT'." },
        { """[{"license":"Only In EMEA","quantity":1}]""", "$[0].license", "no license 'Only In EMEA' in Virtual Account 'DEFAULT'." },
        { """[{"license":"DNA Advantage","quantity":-1}]""", "$[0].quantity", "must be from 0 to 1000000 (got -1)." },
        { """[{"license":"DNA Advantage","quantity":1.5}]""", "$[0].quantity", "must be a whole number (got 1.5)." },
        { """[{"license":"DNA Advantage","quantity":"2"}]""", "$[0].quantity", "must be a whole number (got a string)." },
        { """[{"license":"DNA Advantage"}]""", "$[0].quantity", "is required: a whole number from 0." },
        { """[{"license":"DNA Advantage","quantity":1},{"license":"DNA Advantage","quantity":2}]""", "$[1].license", "'DNA Advantage' is listed twice (also at $[0])." },
        { """[{"license":"ISE Base","quantity":1}, 7]""", "$[1]", "must be an object {license, quantity} (got a number)." },
        { """{"license":"DNA Advantage","quantity":1}""", "$", "must be a JSON array of {license, quantity}, every license the instance uses ([] for none)." },
    };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Usage_MalformedOrUnknownLicense_400NamingThePathAndNothingChanged(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, credential) = await RegisterAsync(f);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage", """[{"license":"ISE Base","quantity":1}]""", credential)).Status);
        var licenses = await LicensesAsync(f);
        f.Clock.SetUtcNow(new DateTimeOffset(Day(4)));

        foreach (var (body, field, message) in MalformedUsage.Select(r => ((string)r[0], (string)r[1], (string)r[2])))
        {
            var (status, problem, _) = await SendAsync(f.Client(), HttpMethod.Put, "/api/agent/v1/usage", body, credential);

            Assert.True(status == HttpStatusCode.BadRequest, $"{body}: {status} {problem}");
            Assert.Equal([message], problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()));
        }
        Assert.Equal(licenses, await LicensesAsync(f));
        Assert.Equal([("ISE Base", 1)], await UsageAsync(f, id));
        // A refused report is no check-in either.
        Assert.Equal((AuthorizationState.OutOfCompliance, T0), await StateAsync(f, id));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AgentApi_CheckInsThroughHttp_DecideTheEnginesRenewals(DatabaseKind kind)
    {
        await using var f = await StartAsync(kind);
        var (id, credential) = await RegisterAsync(f);
        await using var services = f.Db.Services(f.Clock);

        f.Clock.SetUtcNow(new DateTimeOffset(Day(20)));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(f.Client(), HttpMethod.Post, "/api/agent/v1/check-in", null, credential)).Status);
        var day30 = await RunAsync(services, f.Clock, Day(30));
        var day60 = await RunAsync(services, f.Clock, Day(60));

        Assert.Equal((1, 1, 0), (day30.AuthorizationRenewed, day30.RegistrationRenewed, day30.AuthorizationRenewalFailed));
        Assert.Equal((0, 1, 1), (day60.AuthorizationRenewed, day60.AuthorizationRenewalFailed, day60.RegistrationRenewalFailed));
        Assert.Equal(Day(120), (await ReadAsync(f.Db, id)).AuthorizationExpiresAt);
    }

    private static async Task<(string, int, int, string)[]> LicensesAsync(Fleet f)
    {
        await using var ctx = f.Db.NewContext();
        return (await ctx.Licenses.Where(l => l.VirtualAccount.Name == "DEFAULT").OrderBy(l => l.Name)
            .Select(l => new { l.Name, l.InUse, l.Available, l.Status }).ToListAsync()).Select(l => (l.Name, l.InUse, l.Available, l.Status)).ToArray();
    }

    private static async Task<List<(string, int)>> UsageAsync(Fleet f, int id)
    {
        await using var ctx = f.Db.NewContext();
        return (await ctx.LicenseUsages.Where(u => u.ProductInstanceId == id).OrderBy(u => u.LicenseName).ToListAsync())
            .Select(u => (u.LicenseName, u.Quantity)).ToList();
    }

    private static async Task<(AuthorizationState, DateTime)> StateAsync(Fleet f, int id)
    {
        var p = await ReadAsync(f.Db, id);
        return (p.AuthorizationState, p.LastCheckInAt!.Value);
    }
}
