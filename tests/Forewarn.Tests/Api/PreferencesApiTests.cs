using System.Net;
using System.Text.Json.Nodes;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Forewarn.Tests.Api.ApiWorld;

namespace Forewarn.Tests.Api;

/// <summary>GET and PUT /api/v1/smart-accounts/{domain}/preferences through real HTTP on both providers (N1–N7).</summary>
public class PreferencesApiTests
{
    private const string AcmePreferences = "/api/v1/smart-accounts/acme-networks.com/preferences";

    private static async Task<ApiHost> StartAsync(TestDatabase db)
    {
        await ArrangeAsync(db);
        return await ApiHost.StartAsync(db, NewClock());
    }

    private static string AllEventsJson => "[" + string.Join(",", AllEvents.Select(e => $"\"{e}\"")) + "]";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Get_NewUser_Returns200WithN2Defaults(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);

        var body = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Bob)).GetAsync(AcmePreferences), HttpStatusCode.OK);

        // Not an admin: additionalEmails does not apply to bob (null), N2: both boxes off, every type selected.
        ApiAssert.SameJson($$"""
            { "dailyEventSummary": false, "statusNotification": false, "events": {{AllEventsJson}},
              "expiringRangeDays": null, "additionalEmails": null }
            """, body);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Get_Admin_ReturnsStoredPreferencesWithAdditionalEmails(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);

        // The domain is matched case-insensitively, as stored lower-case.
        var body = await ApiAssert.JsonAsync(
            await host.Client(await host.TokenAsync(Alice)).GetAsync("/api/v1/smart-accounts/ACME-Networks.com/preferences"), HttpStatusCode.OK);

        ApiAssert.SameJson($$"""
            { "dailyEventSummary": true, "statusNotification": false, "events": {{AllEventsJson}},
              "expiringRangeDays": 30, "additionalEmails": ["noc@acme-networks.com"] }
            """, body);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task GetThenPut_DigestOnWithLicensesExpiringAndNoRange_Stores90ThenDigestOff_StoresNone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var client = host.Client(await host.TokenAsync(Bob));

        // Round trip: what GET returns is what PUT takes; switch the digest on and leave the range out (N3 → 90).
        var got = (await ApiAssert.JsonAsync(await client.GetAsync(AcmePreferences), HttpStatusCode.OK)).AsObject();
        got["dailyEventSummary"] = true;
        got.Remove("expiringRangeDays");
        var put = await ApiAssert.JsonAsync(await client.PutAsync(AcmePreferences, ApiHost.Json(got.ToJsonString())), HttpStatusCode.OK);

        ApiAssert.SameJson($$"""
            { "dailyEventSummary": true, "statusNotification": false, "events": {{AllEventsJson}},
              "expiringRangeDays": 90, "additionalEmails": null }
            """, put);
        ApiAssert.SameJson(put.ToJsonString(), await ApiAssert.JsonAsync(await client.GetAsync(AcmePreferences), HttpStatusCode.OK));

        // N3: the digest off clears the range, even when one is sent.
        var off = await ApiAssert.JsonAsync(await client.PutAsync(AcmePreferences, ApiHost.Json(
            """{ "dailyEventSummary": false, "statusNotification": true, "events": ["LicensesExpiring"], "expiringRangeDays": 30 }""")),
            HttpStatusCode.OK);
        ApiAssert.SameJson("""
            { "dailyEventSummary": false, "statusNotification": true, "events": ["LicensesExpiring"],
              "expiringRangeDays": null, "additionalEmails": null }
            """, off);

        await using var ctx = db.NewContext();
        var stored = await ctx.NotificationPreferences.SingleAsync(p => ctx.Users.Any(u => u.Id == p.UserId && u.Email == Bob));
        Assert.False(stored.DailyEventSummary);
        Assert.True(stored.StatusNotification);
        Assert.Null(stored.ExpiringRangeDays);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Put_AdminChangesRangeAndAddresses_StoresThemAndWritesPreferencesChangedEvent(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var client = host.Client(await host.TokenAsync(Alice));

        var put = await ApiAssert.JsonAsync(await client.PutAsync(AcmePreferences, ApiHost.Json($$"""
            { "dailyEventSummary": true, "statusNotification": false, "events": {{AllEventsJson}}, "expiringRangeDays": 7,
              "additionalEmails": [" NOC@acme-networks.com ", "ops@emea.acme-networks.com", "noc@acme-networks.com"] }
            """)), HttpStatusCode.OK);

        // N5: trimmed, folded case-insensitively, subdomains allowed.
        ApiAssert.SameJson($$"""
            { "dailyEventSummary": true, "statusNotification": false, "events": {{AllEventsJson}}, "expiringRangeDays": 7,
              "additionalEmails": ["noc@acme-networks.com", "ops@emea.acme-networks.com"] }
            """, put);
        // N7: one event naming who changed what, written at the request's instant.
        await using var ctx = db.NewContext();
        var audit = await ctx.Events.SingleAsync(e => e.Type == EventType.PreferencesChanged);
        Assert.Equal(Alice, audit.ActorEmail);
        Assert.Null(audit.VirtualAccountId);
        Assert.Equal(new DateTime(2026, 12, 3, 17, 0, 0), audit.At);
        Assert.Equal("alice@acme-networks.com changed notification preferences: expiring range 30 days → 7 days; " +
                     "additional email addresses [noc@acme-networks.com] → [noc@acme-networks.com, ops@emea.acme-networks.com].", audit.Message);

        // And it is in the Event Log the API lists.
        var log = await ApiAssert.JsonAsync(await client.GetAsync("/api/v1/smart-accounts/acme-networks.com/events"), HttpStatusCode.OK);
        var first = log["items"]![0]!;
        Assert.Equal("PreferencesChanged", (string?)first["type"]);
        Assert.Equal(Alice, (string?)first["actor"]);
        Assert.Equal("2026-12-03T12:00:00-05:00", (string?)first["at"]);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Put_AdminWithForeignAndInvalidAddresses_400NamingEachAddressAndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();

        var response = await host.Client(await host.TokenAsync(Alice)).PutAsync(AcmePreferences, ApiHost.Json("""
            { "dailyEventSummary": true, "statusNotification": true, "events": ["LicensesExpiring"], "expiringRangeDays": 60,
              "additionalEmails": ["noc@acme-networks.com, x@evil.example", "x@acme-networks.com.evil.io", "not-an-address"] }
            """));

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(new Dictionary<string, string[]>
        {
            ["additionalEmails"] =
            [
                "x@evil.example is outside the Smart Account domain acme-networks.com.",
                "x@acme-networks.com.evil.io is outside the Smart Account domain acme-networks.com.",
                "not-an-address is not a valid email address.",
            ],
        }, ApiAssert.Errors(problem));
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Put_NonAdminSendingAnAddress_403AndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();

        var response = await host.Client(await host.TokenAsync(Bob)).PutAsync(AcmePreferences, ApiHost.Json("""
            { "dailyEventSummary": true, "statusNotification": false, "events": ["NewLicenses"],
              "additionalEmails": ["noc@acme-networks.com"] }
            """));

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(new Dictionary<string, string[]>
        {
            ["additionalEmails"] = ["Only a Smart Account admin of this Smart Account may set additional email addresses."],
        }, ApiAssert.Errors(problem));
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Put_UnknownEventTypeAndRangeOutsideOptions_400NamingBothAndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();

        var response = await host.Client(await host.TokenAsync(Alice)).PutAsync(AcmePreferences, ApiHost.Json("""
            { "dailyEventSummary": true, "statusNotification": false, "events": ["LicensesExpiring", "LicensesExploding"],
              "expiringRangeDays": 45, "additionalEmails": [] }
            """));

        var errors = ApiAssert.Errors(await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(["events[1]", "expiringRangeDays"], errors.Keys.Order());
        Assert.StartsWith("'LicensesExploding' is not an event type; choose from InsufficientLicenses, LicensesExpiring,", Assert.Single(errors["events[1]"]));
        Assert.Equal("45 is not a range option; choose one of 90, 60, 30, 17, 7, 4, 3 days.", Assert.Single(errors["expiringRangeDays"]));
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    public static TheoryData<DatabaseKind, string, string, string> MalformedBodies()
    {
        var data = new TheoryData<DatabaseKind, string, string, string>();
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
        {
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": """, "body", "is not valid JSON: ");
            data.Add(kind, "[true]", "body", "must be a JSON object, not an array.");
            data.Add(kind, """{ "dailyEventSummary": "yes", "statusNotification": false, "events": [] }""",
                "dailyEventSummary", "must be true or false, not a string.");
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": false, "events": "NewLicenses" }""",
                "events", "must be an array of strings, each an event type name, not a string.");
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": false, "events": ["NewLicenses", 7] }""",
                "events[1]", "must be a string (an event type name), not the number 7.");
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": false, "events": [], "expiringRangeDays": "30" }""",
                "expiringRangeDays", "must be a whole number of days (90, 60, 30, 17, 7, 4, 3) or null, not a string.");
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": false, "events": [], "expiringRangeDays": 30.5 }""",
                "expiringRangeDays", "must be a whole number of days (90, 60, 30, 17, 7, 4, 3) or null, not the number 30.5.");
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": false, "events": [], "additionalEmails": "noc@acme-networks.com" }""",
                "additionalEmails", "must be an array of strings, each an email address, not a string.");
            data.Add(kind, """{ "statusNotification": false, "events": [] }""", "dailyEventSummary", "is required (true or false).");
            data.Add(kind, """{ "dailyEventSummary": true, "statusNotification": false, "events": [], "expiringRange": 30 }""",
                "expiringRange", "is not a field of the preferences; the fields are dailyEventSummary, statusNotification, events, expiringRangeDays, additionalEmails.");
            data.Add(kind, """{ "DailyEventSummary": true, "dailyEventSummary": true, "statusNotification": false, "events": [] }""",
                "DailyEventSummary", "is not a field of the preferences; did you mean 'dailyEventSummary'? (names are case-sensitive)");
        }
        return data;
    }

    [Theory, MemberData(nameof(MalformedBodies))]
    public async Task Put_MalformedJsonOrWrongType_400NamingTheFieldAndNothingChanges(DatabaseKind kind, string json, string field, string message)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();

        var response = await host.Client(await host.TokenAsync(Alice)).PutAsync(AcmePreferences, ApiHost.Json(json));

        var errors = ApiAssert.Errors(await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal([field], errors.Keys);
        Assert.StartsWith(message, Assert.Single(errors[field]));
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    [Fact]
    public async Task Put_MissingRequiredFields_400NamingEachOfThem()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);

        var response = await host.Client(await host.TokenAsync(Alice)).PutAsync(AcmePreferences, ApiHost.Json("""{ "expiringRangeDays": 30 }"""));

        Assert.Equal(new Dictionary<string, string[]>
        {
            ["dailyEventSummary"] = ["is required (true or false)."],
            ["statusNotification"] = ["is required (true or false)."],
            ["events"] = ["is required (an array of strings, each an event type name; [] for none)."],
        }, ApiAssert.Errors(await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Put_AdminOmittingOptionalFields_StoresNoRangeAndNoAddresses()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);

        // PUT replaces the whole set: leaving out additionalEmails removes alice's noc@ address (0501).
        var put = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Alice)).PutAsync(AcmePreferences, ApiHost.Json(
            """{ "dailyEventSummary": true, "statusNotification": false, "events": ["NewLicenses"] }""")), HttpStatusCode.OK);

        ApiAssert.SameJson("""
            { "dailyEventSummary": true, "statusNotification": false, "events": ["NewLicenses"],
              "expiringRangeDays": null, "additionalEmails": [] }
            """, put);
    }

    [Fact]
    public async Task Put_NotJsonContentType_415AndNothingChanges()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();

        var response = await host.Client(await host.TokenAsync(Alice)).PutAsync(AcmePreferences,
            new StringContent("dailyEventSummary=true", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Send the preferences as JSON with Content-Type: application/json.", (string?)problem["detail"]);
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    /// <summary>
    /// A body over 64 KiB is refused with 413 naming the body, declared by Content-Length or streamed in chunks, although
    /// this one is valid JSON that would be stored (whitespace padding): nothing changes.
    /// </summary>
    [Fact]
    public async Task Put_BodyOver64KiB_413NamingTheBodyAndNothingChanges_WithOrWithoutContentLength()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();
        var alice = host.Client(await host.TokenAsync(Alice));
        var padded = """{ "dailyEventSummary": false, "statusNotification": false,""" + new string(' ', 70 * 1024) + """ "events": [] }""";

        var declared = await alice.PutAsync(AcmePreferences, ApiHost.Json(padded));
        var chunked = new StreamContent(new NoLengthStream(System.Text.Encoding.UTF8.GetBytes(padded)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var streamed = await alice.PutAsync(AcmePreferences, chunked);

        foreach (var response in new[] { declared, streamed })
        {
            var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.Equal("body: must be at most 64 KiB.", (string?)problem["detail"]);
        }
        Assert.Null(streamed.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
        // The same document without the padding is stored: the limit is what refused it.
        var small = await alice.PutAsync(AcmePreferences, ApiHost.Json(padded.Replace(new string(' ', 70 * 1024), " ")));
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
    }

    /// <summary>A stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task GetAndPut_AccountTheCallerCannotSee_404SameAsNonexistentAndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var before = await host.DumpPreferencesAndEventsAsync();
        var eve = host.Client(await host.TokenAsync(Eve));
        const string body = """{ "dailyEventSummary": true, "statusNotification": true, "events": [] }""";

        var hidden = await ApiAssert.ProblemAsync(await eve.GetAsync(AcmePreferences), HttpStatusCode.NotFound);
        var hiddenPut = await ApiAssert.ProblemAsync(await eve.PutAsync(AcmePreferences, ApiHost.Json(body)), HttpStatusCode.NotFound);
        var missing = await ApiAssert.ProblemAsync(
            await eve.GetAsync("/api/v1/smart-accounts/no-such-account.example/preferences"), HttpStatusCode.NotFound);

        Assert.Equal("No Smart Account 'acme-networks.com' is visible to you.", (string?)hidden["detail"]);
        Assert.Equal("No Smart Account 'acme-networks.com' is visible to you.", (string?)hiddenPut["detail"]);
        Assert.Equal("No Smart Account 'no-such-account.example' is visible to you.", (string?)missing["detail"]);
        // The same shape either way: an outsider cannot tell an existing account from a missing one.
        Assert.Equal(Shape(hidden), Shape(missing));
        Assert.Equal(before, await host.DumpPreferencesAndEventsAsync());
    }

    private static string Shape(JsonNode problem) =>
        string.Join(",", problem.AsObject().Where(kv => kv.Key is not ("traceId" or "detail")).Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}"));
}
