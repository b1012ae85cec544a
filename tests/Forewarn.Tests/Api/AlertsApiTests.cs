using System.Net;
using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Forewarn.Tests.Api.ApiWorld;

namespace Forewarn.Tests.Api;

/// <summary>GET .../alerts and POST .../alerts/{id}/dismiss through real HTTP: order, filters, visibility (§1), A5, problems.</summary>
public class AlertsApiTests
{
    private const string Alerts = "/api/v1/smart-accounts/acme-networks.com/alerts";
    private const string Viewer = "viewer@acme-networks.com";

    private static string Dismiss(long id) => $"{Alerts}/{id}/dismiss";

    /// <summary>ApiWorld plus a Smart Account viewer and three Acme alerts: EMEA Major, SA-level Major, DEFAULT Minor.</summary>
    private static async Task<(ApiHost Host, Dictionary<string, long> Ids)> StartAsync(TestDatabase db)
    {
        await ArrangeAsync(db);
        await using (var ctx = db.NewContext())
        {
            var acme = await ctx.SmartAccounts.Include(a => a.VirtualAccounts).SingleAsync(a => a.Domain == Acme);
            var emea = acme.VirtualAccounts.Single(v => v.Name == "EMEA").Id;
            var defaultVa = acme.VirtualAccounts.Single(v => v.Name == "DEFAULT").Id;
            var viewer = ctx.Users.Add(new User { Email = Viewer, Name = "Viewer" }).Entity;
            ctx.Access.Add(new Access { User = viewer, SmartAccountId = acme.Id, Role = Role.SmartAccountViewer });
            var quoted = await ctx.Licenses.Include(l => l.Lines).SingleAsync(l => l.Name == QuotedLicense);
            var catalyst = await ctx.Licenses.Include(l => l.Lines).SingleAsync(l => l.Name == "Catalyst 9300 Network Advantage");
            var raised = new DateTime(2026, 12, 1, 17, 0, 0, DateTimeKind.Utc);
            Alert New(AlertSeverity severity, AlertKind kind, int? va, string message, string due, License license, bool line = true) => new()
            {
                SmartAccountId = acme.Id, VirtualAccountId = va, Kind = kind, Severity = severity, Message = message, LicenseId = license.Id,
                LicenseLineId = line ? license.Lines[0].Id : null, ActionDue = DateOnly.Parse(due), RaisedAt = raised, UpdatedAt = raised,
            };
            var alerts = new Dictionary<string, Alert>
            {
                ["minor"] = New(AlertSeverity.Minor, AlertKind.LicensesExpiring, defaultVa, "Catalyst expires in 17 days", "2026-12-20", catalyst),
                ["emea"] = New(AlertSeverity.Major, AlertKind.LicensesExpiring, emea, "ISE Plus expires in 43 days", "2027-01-15", quoted),
                ["account"] = New(AlertSeverity.Major, AlertKind.InsufficientLicenses, null, "Acme uses more than it owns", "2026-12-03", catalyst, line: false),
            };
            ctx.Alerts.AddRange(alerts.Values);
            await ctx.SaveChangesAsync();
            return (await ApiHost.StartAsync(db, NewClock()), alerts.ToDictionary(a => a.Key, a => a.Value.Id));
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_SmartAccountUser_SortedBySeverityThenActionDue(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (host, ids) = await StartAsync(db);
        await using var _ = host;
        var bob = host.Client(await host.TokenAsync(Bob));

        var list = await ApiAssert.JsonAsync(await bob.GetAsync(Alerts), HttpStatusCode.OK);

        await using var ctx = db.NewContext();
        var catalyst = await ctx.Licenses.Where(l => l.Name == "Catalyst 9300 Network Advantage").Select(l => l.Id).SingleAsync();
        var quoted = await ctx.Licenses.Where(l => l.Name == QuotedLicense).Select(l => l.Id).SingleAsync();

        ApiAssert.SameJson($$"""
            { "smartAccount": "acme-networks.com", "page": 1, "pageSize": 100, "total": 3, "items": [
              { "id": {{ids["account"]}}, "kind": "InsufficientLicenses", "severity": "Major", "message": "Acme uses more than it owns",
                "source": "Smart Account", "license": "Catalyst 9300 Network Advantage", "licenseId": {{catalyst}},
                "productInstance": null, "productInstanceId": null, "actionDue": "2026-12-03",
                "state": "Active", "raisedAt": "2026-12-01T12:00:00-05:00", "dismissedBy": null, "dismissedAt": null, "clearedAt": null, "canDismiss": true },
              { "id": {{ids["emea"]}}, "kind": "LicensesExpiring", "severity": "Major", "message": "ISE Plus expires in 43 days",
                "source": "EMEA", "license": "ISE Plus, \"3-year\"", "licenseId": {{quoted}},
                "productInstance": null, "productInstanceId": null, "actionDue": "2027-01-15",
                "state": "Active", "raisedAt": "2026-12-01T12:00:00-05:00", "dismissedBy": null, "dismissedAt": null, "clearedAt": null, "canDismiss": true },
              { "id": {{ids["minor"]}}, "kind": "LicensesExpiring", "severity": "Minor", "message": "Catalyst expires in 17 days",
                "source": "DEFAULT", "license": "Catalyst 9300 Network Advantage", "licenseId": {{catalyst}},
                "productInstance": null, "productInstanceId": null, "actionDue": "2026-12-20",
                "state": "Active", "raisedAt": "2026-12-01T12:00:00-05:00", "dismissedBy": null, "dismissedAt": null, "clearedAt": null, "canDismiss": true } ] }
            """, list);
    }

    [Fact]
    public async Task List_FilterAndVaUser_SeeOnlyMatchingAlertsOfTheirVa()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, ids) = await StartAsync(db);
        await using var _ = host;
        var carol = host.Client(await host.TokenAsync(Carol));
        var alice = host.Client(await host.TokenAsync(Alice));

        var mine = await ApiAssert.JsonAsync(await carol.GetAsync(Alerts), HttpStatusCode.OK);
        var minor = await ApiAssert.JsonAsync(await alice.GetAsync(Alerts + "?severity=minor&state=ACTIVE"), HttpStatusCode.OK);
        var dismissed = await ApiAssert.JsonAsync(await alice.GetAsync(Alerts + "?state=Dismissed"), HttpStatusCode.OK);

        Assert.Equal([ids["emea"]], mine["items"]!.AsArray().Select(i => (long)i!["id"]!));
        Assert.Equal([ids["minor"]], minor["items"]!.AsArray().Select(i => (long)i!["id"]!));
        Assert.Equal(0, (int)dismissed["total"]!);
    }

    [Fact]
    public async Task List_Csv_HasHeaderAndRowsInOrder()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, ids) = await StartAsync(db);
        await using var _h = host;
        var carol = host.Client(await host.TokenAsync(Carol));
        var request = new HttpRequestMessage(HttpMethod.Get, Alerts);
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await carol.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "Id,Severity,Message,Source,Action Due,State,Kind,License,Product Instance\r\n" +
            $"{ids["emea"]},Major,ISE Plus expires in 43 days,EMEA,2027-01-15,Active,LicensesExpiring,\"ISE Plus, \"\"3-year\"\"\",\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task List_BadSeverityAndState_Returns400NamingBothFields()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, _) = await StartAsync(db);
        await using var _h = host;
        var alice = host.Client(await host.TokenAsync(Alice));

        var problem = await ApiAssert.ProblemAsync(await alice.GetAsync(Alerts + "?severity=critical&state=open"), HttpStatusCode.BadRequest);

        var errors = ApiAssert.Errors(problem);
        Assert.Equal(["'critical' is not a severity; choose one of Major, Minor, Informational."], errors["severity"]);
        Assert.Equal(["'open' is not a state; choose one of Active, Dismissed, Cleared."], errors["state"]);
    }

    [Fact]
    public async Task List_OtherAccountOrNoToken_Returns404Or401()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, _) = await StartAsync(db);
        await using var _h = host;
        var eve = host.Client(await host.TokenAsync(Eve));

        await ApiAssert.ProblemAsync(await eve.GetAsync(Alerts), HttpStatusCode.NotFound);
        using var anonymous = await host.Client().GetAsync(Alerts);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dismiss_VaUserOfItsVa_DismissesAndLogsTheEvent(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var (host, ids) = await StartAsync(db);
        await using var _ = host;
        var carol = host.Client(await host.TokenAsync(Carol));

        var alert = await ApiAssert.JsonAsync(await carol.PostAsync(Dismiss(ids["emea"]), null), HttpStatusCode.OK);
        var again = await ApiAssert.JsonAsync(await carol.PostAsync(Dismiss(ids["emea"]), null), HttpStatusCode.OK);

        Assert.Equal(("Dismissed", Carol, "2026-12-03T12:00:00-05:00", false),
            ((string)alert["state"]!, (string)alert["dismissedBy"]!, (string)alert["dismissedAt"]!, (bool)alert["canDismiss"]!));
        Assert.Equal("Dismissed", (string)again["state"]!);
        await using var ctx = db.NewContext();
        var logged = await ctx.Events.Where(e => e.Type == EventType.AlertDismissed).ToListAsync();
        Assert.Equal(Carol, Assert.Single(logged).ActorEmail); // the second dismissal changed nothing
    }

    [Fact]
    public async Task Dismiss_Refusals_403ViewerAndVaOutsider_404Unseen_401Cookie_ChangeNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, ids) = await StartAsync(db);
        await using var _ = host;
        var viewer = host.Client(await host.TokenAsync(Viewer));
        var carol = host.Client(await host.TokenAsync(Carol));
        var eve = host.Client(await host.TokenAsync(Eve));
        var aliceCookie = await host.CookieClientAsync(Alice);

        var forbidden = await ApiAssert.ProblemAsync(await viewer.PostAsync(Dismiss(ids["emea"]), null), HttpStatusCode.Forbidden);
        Assert.Contains("viewers may not", ApiAssert.Errors(forbidden)["alertId"].Single());
        // Carol cannot see the DEFAULT alert at all: answered as not found, like one that does not exist.
        await ApiAssert.ProblemAsync(await carol.PostAsync(Dismiss(ids["minor"]), null), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await carol.PostAsync(Dismiss(999_999), null), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await eve.PostAsync(Dismiss(ids["emea"]), null), HttpStatusCode.NotFound);
        using var cookie = await aliceCookie.PostAsync(Dismiss(ids["emea"]), null);
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);

        await using var ctx = db.NewContext();
        Assert.All(await ctx.Alerts.ToListAsync(), a => Assert.Equal(AlertState.Active, a.State));
        Assert.Equal(0, await ctx.Events.CountAsync(e => e.Type == EventType.AlertDismissed));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    [InlineData("%3Cb%3E")]
    public async Task Dismiss_IdNotANumber_Returns400ProblemNamingAlertIdAndChangesNothing(string id)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, _) = await StartAsync(db);
        await using var __ = host;
        var alice = host.Client(await host.TokenAsync(Alice));

        var problem = await ApiAssert.ProblemAsync(await alice.PostAsync($"{Alerts}/{id}/dismiss", null), HttpStatusCode.BadRequest);
        using var anonymous = await host.Client().PostAsync($"{Alerts}/{id}/dismiss", null);

        var shown = Uri.UnescapeDataString(id);
        Assert.Equal([$"'{shown}' is not an alert id: alert ids are whole numbers, as in the alerts list."], ApiAssert.Errors(problem)["alertId"]);
        Assert.Equal(400, (int)problem["status"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode); // no token: refused before the id is read
        await using var ctx = db.NewContext();
        Assert.All(await ctx.Alerts.ToListAsync(), a => Assert.Equal(AlertState.Active, a.State));
    }

    [Fact]
    public async Task Dismiss_ClearedAlert_Returns400NamingAlertId()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (host, ids) = await StartAsync(db);
        await using var _ = host;
        await using (var ctx = db.NewContext())
        {
            var a = await ctx.Alerts.SingleAsync(x => x.Id == ids["minor"]);
            a.State = AlertState.Cleared;
            a.ClearedAt = new DateTime(2026, 12, 2, 17, 0, 0, DateTimeKind.Utc);
            await ctx.SaveChangesAsync();
        }
        var alice = host.Client(await host.TokenAsync(Alice));

        var problem = await ApiAssert.ProblemAsync(await alice.PostAsync(Dismiss(ids["minor"]), null), HttpStatusCode.BadRequest);

        Assert.Equal([$"Alert {ids["minor"]} is cleared: what it reported is over, so there is nothing to dismiss."], ApiAssert.Errors(problem)["alertId"]);
    }
}
