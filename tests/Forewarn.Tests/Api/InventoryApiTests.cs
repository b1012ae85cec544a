using System.Net;
using System.Net.Http.Headers;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Forewarn.Tests.Api.ApiWorld;

namespace Forewarn.Tests.Api;

/// <summary>Licenses, product instances and events of a Smart Account through real HTTP: visibility (§1, D2), paging, CSV, periods.</summary>
public class InventoryApiTests
{
    private const string Licenses = "/api/v1/smart-accounts/acme-networks.com/licenses";
    private const string Instances = "/api/v1/smart-accounts/acme-networks.com/product-instances";
    private const string Events = "/api/v1/smart-accounts/acme-networks.com/events";

    private static async Task<ApiHost> StartAsync(TestDatabase db)
    {
        await ArrangeAsync(db);
        return await ApiHost.StartAsync(db, NewClock());
    }

    private static HttpRequestMessage Csv(string path, string accept = "text/csv")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Lists_VaUser_SeeOnlyTheirVa(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var carol = host.Client(await host.TokenAsync(Carol));

        var licenses = await ApiAssert.JsonAsync(await carol.GetAsync(Licenses), HttpStatusCode.OK);
        var instances = await ApiAssert.JsonAsync(await carol.GetAsync(Instances), HttpStatusCode.OK);
        var events = await ApiAssert.JsonAsync(await carol.GetAsync(Events), HttpStatusCode.OK);

        // Days left from today 2026-12-03 in New York; only EMEA lines, never DEFAULT's Catalyst or Globex's license.
        int hyperlink, isePlus, instanceId;
        await using (var ctx = db.NewContext())
        {
            hyperlink = await ctx.Licenses.Where(l => l.Name.StartsWith("=HYPERLINK")).Select(l => l.Id).SingleAsync();
            isePlus = await ctx.Licenses.Where(l => l.Name == "ISE Plus, \"3-year\"" && l.VirtualAccount.Name == "EMEA").Select(l => l.Id).SingleAsync();
            instanceId = await ctx.ProductInstances.Where(p => p.Name == "emea-ise-01").Select(p => p.Id).SingleAsync();
        }
        ApiAssert.SameJson($$"""
            { "smartAccount": "acme-networks.com", "page": 1, "pageSize": 100, "total": 2, "items": [
              { "license": "=HYPERLINK(\"http://evil.example\",\"renew\")", "virtualAccount": "EMEA", "lineType": "DEMO", "quantity": 1,
                "startDate": "2025-01-01", "expiryDate": "2026-12-01", "daysLeft": -2, "state": "Expired", "licenseId": {{hyperlink}} },
              { "license": "ISE Plus, \"3-year\"", "virtualAccount": "EMEA", "lineType": "SUBSCRIPTION", "quantity": 5,
                "startDate": "2025-01-01", "expiryDate": "2027-01-15", "daysLeft": 43, "state": "Valid", "licenseId": {{isePlus}} } ] }
            """, licenses);
        // Not yet seen by the renewal engine: Pending, no next renewal (issue 4 item 6: the API shows what the tab shows).
        ApiAssert.SameJson($$"""
            { "smartAccount": "acme-networks.com", "page": 1, "pageSize": 100, "total": 1, "items": [
              { "id": {{instanceId}}, "name": "emea-ise-01", "virtualAccount": "EMEA", "productType": "ISE", "udiPid": "SNS-3715", "udiSerialNumber": "FCH0002",
                "registeredAt": "2026-07-01T05:30:00-04:00", "lastAuthorizationAt": null,
                "licenses": [ { "license": "ISE Plus, \"3-year\"", "quantity": 2 } ],
                "registrationState": "Registered", "authorizationState": "Pending", "nextRenewalAt": null, "authorizationExpiresAt": null,
                "graceDeadline": null } ] }
            """, instances);
        // The default period: the 30 days ending today in New York. No DEFAULT event, no SA-level event (D2), nothing older.
        ApiAssert.SameJson("""
            { "smartAccount": "acme-networks.com", "from": "2026-11-04T00:00:00-05:00", "to": "2026-12-04T00:00:00-05:00",
              "page": 1, "pageSize": 100, "total": 1, "items": [
              { "at": "2026-12-01T08:00:00-05:00", "type": "LicensesExpiring", "virtualAccount": "EMEA",
                "message": "ISE Plus expires in 45 days", "actor": null } ] }
            """, events);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Events_SmartAccountUser_SeeEveryVaAndAccountLevelEventsOfTheLast30Days(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);

        var events = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Bob)).GetAsync(Events), HttpStatusCode.OK);

        Assert.Equal(3, (int)events["total"]!);
        Assert.Equal(["10 Catalyst 9300 Network Advantage added", "ISE Plus expires in 45 days", "Acme uses more than it owns"],
            events["items"]!.AsArray().Select(e => (string)e!["message"]!));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Lists_AccountTheCallerCannotSee_404(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var eve = host.Client(await host.TokenAsync(Eve));
        var carol = host.Client(await host.TokenAsync(Carol));

        foreach (var path in new[] { Licenses, Instances, Events, Events + "?from=2026-12-01" })
        {
            var problem = await ApiAssert.ProblemAsync(await eve.GetAsync(path), HttpStatusCode.NotFound);
            Assert.Equal("No Smart Account 'acme-networks.com' is visible to you.", (string?)problem["detail"]);
        }
        await ApiAssert.ProblemAsync(await carol.GetAsync("/api/v1/smart-accounts/globex-mfg.com/licenses"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await carol.SendAsync(Csv("/api/v1/smart-accounts/globex-mfg.com/events")), HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Licenses_AcceptTextCsv_ExactRowsQuotedAndFormulasDefused(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);

        var response = await host.Client(await host.TokenAsync(Alice)).SendAsync(Csv(Licenses));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("acme-networks.com-licenses.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.Equal(
            "License,Virtual Account,Type,Quantity,Start Date,Expiry Date,Days Left,State\r\n" +
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"renew\"\")\",EMEA,DEMO,1,2025-01-01,2026-12-01,-2,Expired\r\n" +
            "Catalyst 9300 Network Advantage,DEFAULT,TERM,10,2025-01-01,2026-12-20,17,Valid\r\n" +
            "Catalyst 9300 Network Advantage,DEFAULT,PERPETUAL,2,2025-01-01,,,Perpetual\r\n" +
            "\"ISE Plus, \"\"3-year\"\"\",EMEA,SUBSCRIPTION,5,2025-01-01,2027-01-15,43,Valid\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EventsAndInstances_AcceptTextCsv_HeaderRowAndCells()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var carol = host.Client(await host.TokenAsync(Carol));

        var events = await (await carol.SendAsync(Csv(Events))).Content.ReadAsStringAsync();
        var instances = await (await carol.SendAsync(Csv(Instances))).Content.ReadAsStringAsync();

        Assert.Equal(
            "Time,Type,Virtual Account,Message,User\r\n" +
            "2026-12-01T08:00:00-05:00,LicensesExpiring,EMEA,ISE Plus expires in 45 days,\r\n", events);
        Assert.Equal(
            "Name,Virtual Account,Product Type,PID,Serial Number,Registered,Last Authorization,Licenses," +
            "Registration,Authorization,Next Renewal,Authorization Expires,Grace Deadline\r\n" +
            "emea-ise-01,EMEA,ISE,SNS-3715,FCH0002,2026-07-01T05:30:00-04:00,,\"ISE Plus, \"\"3-year\"\" x2\",Registered,Pending,,,\r\n", instances);
    }

    [Fact]
    public async Task Licenses_AcceptPreference_HighestQualityWins()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);
        var client = host.Client(await host.TokenAsync(Carol));

        var csv = await client.SendAsync(Csv(Licenses, "application/json;q=0.5, text/csv"));
        var json = await client.SendAsync(Csv(Licenses, "text/csv;q=0.1, application/json"));
        var any = await client.SendAsync(Csv(Licenses, "*/*"));

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("application/json", any.Content.Headers.ContentType?.MediaType);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Licenses_Paging_PagesTotalsAndAnEmptyPagePastTheEnd(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var alice = host.Client(await host.TokenAsync(Alice));

        var first = await ApiAssert.JsonAsync(await alice.GetAsync(Licenses + "?pageSize=3"), HttpStatusCode.OK);
        var second = await ApiAssert.JsonAsync(await alice.GetAsync(Licenses + "?pageSize=3&page=2"), HttpStatusCode.OK);
        var past = await ApiAssert.JsonAsync(await alice.GetAsync(Licenses + "?pageSize=3&page=3"), HttpStatusCode.OK);
        var csvPage = await (await alice.SendAsync(Csv(Licenses + "?pageSize=1&page=2"))).Content.ReadAsStringAsync();

        Assert.Equal((1, 3, 4, 3), ((int)first["page"]!, (int)first["pageSize"]!, (int)first["total"]!, first["items"]!.AsArray().Count));
        Assert.Equal((2, 3, 4), ((int)second["page"]!, (int)second["pageSize"]!, (int)second["total"]!));
        Assert.Equal([ApiWorld.QuotedLicense], second["items"]!.AsArray().Select(i => (string)i!["license"]!));
        // A script paging on stops at an empty page; it is never handed the last page again.
        Assert.Equal((3, 4, 0), ((int)past["page"]!, (int)past["total"]!, past["items"]!.AsArray().Count));
        Assert.Equal("License,Virtual Account,Type,Quantity,Start Date,Expiry Date,Days Left,State\r\n" +
                     "Catalyst 9300 Network Advantage,DEFAULT,TERM,10,2025-01-01,2026-12-20,17,Valid\r\n", csvPage);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Events_DatePeriod_WholeDaysInTheAccountZone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await ArrangeAsync(db);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var acme = ctx.SmartAccounts.Include(a => a.VirtualAccounts).Single(a => a.Domain == Acme);
            // 23:30 and 00:10 in New York: on either side of midnight there, both on 2026-12-03 in UTC.
            b.Event(acme, "EMEA", new DateTime(2026, 12, 3, 4, 30, 0), EventType.RegistrationRenewed, "late on the 2nd in New York");
            b.Event(acme, "EMEA", new DateTime(2026, 12, 3, 5, 10, 0), EventType.RegistrationRenewed, "early on the 3rd in New York");
        }
        await using var host = await ApiHost.StartAsync(db, NewClock());
        var carol = host.Client(await host.TokenAsync(Carol));

        var day = await ApiAssert.JsonAsync(await carol.GetAsync(Events + "?from=2026-12-02&to=2026-12-02"), HttpStatusCode.OK);
        var october = await ApiAssert.JsonAsync(await carol.GetAsync(Events + "?from=2026-10-01&to=2026-10-01"), HttpStatusCode.OK);
        // Only "to": the 30 days ending that day; the start of 2026-11-01 is still on daylight-saving time in New York.
        var toOnly = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Bob)).GetAsync(Events + "?to=2026-11-30"), HttpStatusCode.OK);

        Assert.Equal(["late on the 2nd in New York"], day["items"]!.AsArray().Select(e => (string)e!["message"]!));
        Assert.Equal(("2026-12-02T00:00:00-05:00", "2026-12-03T00:00:00-05:00"), ((string)day["from"]!, (string)day["to"]!));
        Assert.Equal(["Old EMEA licenses added"], october["items"]!.AsArray().Select(e => (string)e!["message"]!));
        Assert.Equal(["Acme uses more than it owns"], toOnly["items"]!.AsArray().Select(e => (string)e!["message"]!));
        Assert.Equal(("2026-11-01T00:00:00-04:00", "2026-12-01T00:00:00-05:00"), ((string)toOnly["from"]!, (string)toOnly["to"]!));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Events_InstantPeriod_FromIncludedToExcluded(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        var bob = host.Client(await host.TokenAsync(Bob));

        // 2026-12-01 13:00Z is the EMEA event, 2026-12-02 14:00Z (09:00-05:00) the DEFAULT one.
        var events = await ApiAssert.JsonAsync(
            await bob.GetAsync(Events + "?from=2026-12-01T13:00:00Z&to=" + Uri.EscapeDataString("2026-12-02T09:00:00-05:00")), HttpStatusCode.OK);

        Assert.Equal(["ISE Plus expires in 45 days"], events["items"]!.AsArray().Select(e => (string)e!["message"]!));
        Assert.Equal(("2026-12-01T08:00:00-05:00", "2026-12-02T09:00:00-05:00"), ((string)events["from"]!, (string)events["to"]!));
    }

    public static TheoryData<string, string, string> BadQueries => new()
    {
        { Events + "?from=2026-13-01", "from", "'2026-13-01' is neither a date (yyyy-MM-dd) nor an instant (yyyy-MM-ddTHH:mm:ssZ or with an offset)." },
        { Events + "?to=2026-12-01T10:00:00", "to", "'2026-12-01T10:00:00' has no time zone: add Z or an offset such as +01:00, or give a date yyyy-MM-dd." },
        { Events + "?from=yesterday", "from", "'yesterday' is neither a date (yyyy-MM-dd) nor an instant (yyyy-MM-ddTHH:mm:ssZ or with an offset)." },
        { Events + "?from=2026-12-01&from=2026-12-02", "from", "is given more than once." },
        { Events + "?from=2026-12-02&to=2026-12-01", "to", "is before 'from'." },
        { Events + "?from=2026-12-10", "from", "is after the end of today (2026-12-03), where the period ends when no 'to' is given." },
        { Licenses + "?page=0", "page", "'0' is not a whole number of at least 1." },
        { Instances + "?page=two", "page", "'two' is not a whole number of at least 1." },
        { Events + "?pageSize=501", "pageSize", "'501' is not a whole number from 1 to 500." },
        { Licenses + "?pageSize=-1", "pageSize", "'-1' is not a whole number from 1 to 500." },
        { Licenses + "?license=abc", "license", "'abc' is not an id: ids are whole numbers such as 42." },
        { Licenses + "?license=1&license=2", "license", "is given more than once." },
        { Instances + "?instance=1.5", "instance", "'1.5' is not an id: ids are whole numbers such as 42." },
    };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Lists_FilteredByLicenseOrInstance_OnlyThatOneAndNothingUnseen(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var host = await StartAsync(db);
        int catalyst, globexLicense, emeaInstance, coreInstance;
        await using (var ctx = db.NewContext())
        {
            catalyst = await ctx.Licenses.Where(l => l.Name == "Catalyst 9300 Network Advantage").Select(l => l.Id).SingleAsync();
            globexLicense = await ctx.Licenses.Where(l => l.Name == "Globex Secret License").Select(l => l.Id).SingleAsync();
            emeaInstance = await ctx.ProductInstances.Where(p => p.Name == "emea-ise-01").Select(p => p.Id).SingleAsync();
            coreInstance = await ctx.ProductInstances.Where(p => p.Name == "core-sw-01").Select(p => p.Id).SingleAsync();
        }
        var alice = host.Client(await host.TokenAsync(Alice));
        var carol = host.Client(await host.TokenAsync(Carol));

        var lines = await ApiAssert.JsonAsync(await alice.GetAsync($"{Licenses}?license={catalyst}"), HttpStatusCode.OK);
        var foreign = await ApiAssert.JsonAsync(await alice.GetAsync($"{Licenses}?license={globexLicense}"), HttpStatusCode.OK);
        var otherVa = await ApiAssert.JsonAsync(await carol.GetAsync($"{Licenses}?license={catalyst}"), HttpStatusCode.OK);
        var instance = await ApiAssert.JsonAsync(await alice.GetAsync($"{Instances}?instance={emeaInstance}"), HttpStatusCode.OK);
        var otherVaInstance = await ApiAssert.JsonAsync(await carol.GetAsync($"{Instances}?instance={coreInstance}"), HttpStatusCode.OK);

        Assert.Equal(2, (int)lines["total"]!);
        Assert.Equal([("Catalyst 9300 Network Advantage", "TERM"), ("Catalyst 9300 Network Advantage", "PERPETUAL")],
            lines["items"]!.AsArray().Select(i => ((string)i!["license"]!, (string)i["lineType"]!)));
        // Another account's license, another VA's license or instance: an empty list, as if it did not exist.
        foreach (var empty in new[] { foreign, otherVa, otherVaInstance })
            Assert.Equal((0, 0), ((int)empty["total"]!, empty["items"]!.AsArray().Count));
        Assert.DoesNotContain("Globex", foreign.ToJsonString());
        Assert.Equal(["emea-ise-01"], instance["items"]!.AsArray().Select(i => (string)i!["name"]!));
    }

    [Theory, MemberData(nameof(BadQueries))]
    public async Task Lists_BadQueryParameter_400NamingIt(string path, string field, string message)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var host = await StartAsync(db);

        var response = await host.Client(await host.TokenAsync(Alice)).GetAsync(path);

        Assert.Equal(new Dictionary<string, string[]> { [field] = [message] },
            ApiAssert.Errors(await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task Events_BackwardsPeriodOnPostgres_400NamingTo()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Postgres);
        await using var host = await StartAsync(db);

        // A date 'to' before an instant 'from' on the same day, compared in the account's zone.
        var response = await host.Client(await host.TokenAsync(Alice))
            .GetAsync(Events + "?from=2026-12-02T05:30:00Z&to=2026-12-01");

        Assert.Equal(new Dictionary<string, string[]> { ["to"] = ["is before 'from'."] },
            ApiAssert.Errors(await ApiAssert.ProblemAsync(response, HttpStatusCode.BadRequest)));
    }
}
