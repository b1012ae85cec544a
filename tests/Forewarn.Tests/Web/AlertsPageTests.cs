using System.Net;
using AngleSharp.Html.Dom;
using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

/// <summary>Manage Licenses → Alerts (§1, A5): order, filters, visibility, dismiss, the header's counts.</summary>
public class AlertsPageTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    private const string Acme = "acme-networks.com";
    private const string Admin = "admin@acme-networks.com";
    private const string EmeaUser = "emea@acme-networks.com";
    private const string Viewer = "viewer@acme-networks.com";

    /// <summary>
    /// Acme (New York) with DEFAULT and EMEA. Alerts, by id order: Minor DEFAULT active; Major EMEA active (markup in the
    /// message); Major Smart-Account-level active; Minor EMEA instance active; Informational DEFAULT dismissed; Major EMEA cleared.
    /// </summary>
    private static async Task<Dictionary<string, long>> SeedAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var admin = Person(Admin, "Admin");
        var emeaUser = Person(EmeaUser, "Emea");
        var viewer = Person(Viewer, "Viewer");
        var emea = Va("EMEA", License("R&D <Tools>", Line(LicenseType.Subscription, 5, "2026-01-01", "2026-12-01")))
            .WithInstances(Instance("emea-ise-01", "FCH0002", new DateTime(2026, 7, 1, 9, 30, 0, DateTimeKind.Utc), null));
        var defaultVa = Va("DEFAULT", License("Catalyst 9300", Line(LicenseType.Term, 10, "2025-12-01", "2026-12-20"), Line(LicenseType.Term, 3, "2025-12-01", "2027-03-02")));
        var acme = Account("Acme Networks", Acme, "America/New_York", defaultVa, emea);
        await SaveAsync(ctx, acme, admin, emeaUser, viewer, Grant(admin, acme, Role.SmartAccountAdmin),
            Grant(emeaUser, acme, Role.VirtualAccountUser, emea), Grant(viewer, acme, Role.SmartAccountViewer));

        var catalyst = defaultVa.Licenses[0];
        var tools = emea.Licenses[0];
        var instance = emea.ProductInstances[0];
        Alert New(string message, AlertKind kind, AlertSeverity severity, VirtualAccount? va, string due, AlertState state = AlertState.Active,
            License? license = null, ProductInstance? pi = null, int line = 0) => new()
        {
            SmartAccountId = acme.Id, VirtualAccountId = va?.Id, Kind = kind, Severity = severity, Message = message,
            LicenseId = license?.Id, LicenseLineId = kind == AlertKind.InsufficientLicenses ? null : license?.Lines[line].Id, ProductInstanceId = pi?.Id, ActionDue = DateOnly.Parse(due),
            State = state, RaisedAt = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc),
            ClearedAt = state == AlertState.Cleared ? new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc) : null,
            DismissedAt = state == AlertState.Dismissed ? new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc) : null,
            DismissedBy = state == AlertState.Dismissed ? Admin : null,
        };
        var alerts = new Dictionary<string, Alert>
        {
            ["catalyst"] = New("Catalyst 9300 expires in 17 days", AlertKind.LicensesExpiring, AlertSeverity.Minor, defaultVa, "2026-12-20", license: catalyst),
            ["tools"] = New("R&D <Tools> expired", AlertKind.LicensesExpired, AlertSeverity.Major, emea, "2026-12-01", license: tools),
            ["shortfall"] = New("Acme uses more Catalyst 9300 than it owns", AlertKind.InsufficientLicenses, AlertSeverity.Major, null, "2026-12-10", license: catalyst),
            ["instance"] = New("emea-ise-01 failed to connect", AlertKind.ProductInstanceFailedToConnect, AlertSeverity.Minor, emea, "2026-12-05", pi: instance),
            ["dismissed"] = New("Catalyst 9300 expires in 90 days", AlertKind.LicensesExpiring, AlertSeverity.Informational, defaultVa, "2026-12-02", AlertState.Dismissed, license: catalyst, line: 1),
            ["cleared"] = New("Old EMEA alert", AlertKind.LicensesExpired, AlertSeverity.Major, emea, "2026-11-01", AlertState.Cleared, license: tools),
        };
        ctx.Alerts.AddRange(alerts.Values);
        await ctx.SaveChangesAsync();
        return alerts.ToDictionary(a => a.Key, a => a.Value.Id);
    }

    /// <summary>The cells' text; of the message cell, the message only (not the subject link beneath it).</summary>
    private static string[][] Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("table.alerts tbody tr")
            .Select(tr => tr.QuerySelectorAll("td")
                .Select(td => (td.ClassList.Contains("message") ? td.QuerySelector(".message-text")! : td).TextContent.Trim()).ToArray())
            .ToArray();

    /// <summary>Each row's subject line beneath the message ("License: …"), its link's href; nulls when the row has none.</summary>
    private static (string? Text, string? Href)[] Subjects(IHtmlDocument page) =>
        page.QuerySelectorAll("table.alerts tbody tr td.message")
            .Select(td => td.QuerySelector("div.subject") is { } subject
                ? (subject.TextContent.Trim(), subject.QuerySelector("a")?.GetAttribute("href"))
                : ((string?)null, (string?)null))
            .ToArray();

    private static async Task<(int Tools, int Catalyst, int Instance)> SubjectIdsAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return (await ctx.Licenses.Where(l => l.Name == "R&D <Tools>").Select(l => l.Id).SingleAsync(),
            await ctx.Licenses.Where(l => l.Name == "Catalyst 9300").Select(l => l.Id).SingleAsync(),
            await ctx.ProductInstances.Where(p => p.Name == "emea-ise-01").Select(p => p.Id).SingleAsync());
    }

    private static string Counts(IHtmlDocument page) => page.QuerySelector("a.alert-counts")!.TextContent.Trim();

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Alerts_SmartAccountAdmin_SeesEveryAlertBySeverityThenActionDue(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Admin);

        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com");

        Assert.Equal(
            [
                ["Major", "Old EMEA alert", "EMEA", "2026-11-01", "Cleared", ""],
                ["Major", "R&D <Tools> expired", "EMEA", "2026-12-01", "Active", "Dismiss"],
                ["Major", "Acme uses more Catalyst 9300 than it owns", "Smart Account", "2026-12-10", "Active", "Dismiss"],
                ["Minor", "emea-ise-01 failed to connect", "EMEA", "2026-12-05", "Active", "Dismiss"],
                ["Minor", "Catalyst 9300 expires in 17 days", "DEFAULT", "2026-12-20", "Active", "Dismiss"],
                ["Informational", "Catalyst 9300 expires in 90 days", "DEFAULT", "2026-12-02", "Dismissed", ""],
            ],
            Rows(page));
        Assert.Equal("Alerts: 2 Major · 2 Minor", Counts(page));
        // The third tab of Manage Licenses (issue 3 item 3), current here.
        Assert.Equal(["Inventory", "Alerts", "Preferences"], page.QuerySelectorAll("nav.tabs a").Select(a => a.TextContent.Trim()));
        Assert.Equal("page", page.QuerySelector("nav.tabs a[aria-current]")!.GetAttribute("aria-current"));
        Assert.Equal("Alerts", page.QuerySelector("nav.tabs a[aria-current]")!.TextContent.Trim());
        // Each message names its subject beneath it, linked to that license's lines or that instance (issue 4 item 3).
        var (tools, catalyst, instance) = await SubjectIdsAsync(db);
        Assert.Equal(
            [
                ("License: R&D <Tools>", $"/licenses?sa=acme-networks.com&license={tools}"),
                ("License: R&D <Tools>", $"/licenses?sa=acme-networks.com&license={tools}"),
                ("License: Catalyst 9300", $"/licenses?sa=acme-networks.com&license={catalyst}"),
                ("Product instance: emea-ise-01", $"/product-instances?sa=acme-networks.com&instance={instance}"),
                ("License: Catalyst 9300", $"/licenses?sa=acme-networks.com&license={catalyst}"),
                ("License: Catalyst 9300", $"/licenses?sa=acme-networks.com&license={catalyst}"),
            ],
            Subjects(page));
        // The message itself is no link any more.
        Assert.Empty(page.QuerySelectorAll("table.alerts td.message .message-text a"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Alerts_LicenseAlertWithOrderingUrl_UrlIsItsOwnLinkAndTheSubjectLinksToThatLicensesLines(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        // A second license in EMEA named with markup, and its expiring alert worded as the engine words it (A7).
        const string Url = "https://ordering.example.com/renew?from=forewarn&kind=expiring";
        int labId;
        long alertId;
        await using (var ctx = db.NewContext())
        {
            var emea = await ctx.VirtualAccounts.SingleAsync(v => v.Name == "EMEA");
            var lab = License("Lab <b>& Co", Line(LicenseType.Term, 4, "2026-01-01", "2026-12-20"), Line(LicenseType.Term, 6, "2026-02-01", "2027-02-01"));
            lab.VirtualAccountId = emea.Id;
            ctx.Licenses.Add(lab);
            await ctx.SaveChangesAsync();
            var alert = new Alert
            {
                SmartAccountId = emea.SmartAccountId, VirtualAccountId = emea.Id, Kind = AlertKind.LicensesExpiring, Severity = AlertSeverity.Minor,
                Message = AlertMessages.ExpiringAlert("Lab <b>& Co", "EMEA", 4, new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 3), Url),
                LicenseId = lab.Id, LicenseLineId = lab.Lines[0].Id, ActionDue = new DateOnly(2026, 12, 20), State = AlertState.Active,
                RaisedAt = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc),
            };
            ctx.Alerts.Add(alert);
            await ctx.SaveChangesAsync();
            (labId, alertId) = (lab.Id, alert.Id);
        }
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(EmeaUser);

        var html = await client.GetStringAsync("/alerts?sa=acme-networks.com&state=active");
        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com&state=active");

        var cell = page.QuerySelector($"tr[data-alert='{alertId}'] td.message")!;
        Assert.Equal("Lab <b>& Co in EMEA: quantity 4 expires on 2026-12-20, 17 days left. To renew, place an order at " + Url,
            cell.QuerySelector(".message-text")!.TextContent.Trim());
        // The ordering URL: a link of its own inside the message text, in no other link; the subject: a link of its own beneath.
        var links = cell.QuerySelectorAll("a").ToArray();
        Assert.Equal(
            [("ordering", Url, Url), ("", $"/licenses?sa=acme-networks.com&license={labId}", "Lab <b>& Co")],
            links.Select(a => (a.ClassName ?? "", a.GetAttribute("href"), a.TextContent)));
        Assert.All(links, a => Assert.Null(a.ParentElement!.Closest("a")));
        Assert.Equal("License: Lab <b>& Co", cell.QuerySelector("div.subject")!.TextContent.Trim());
        // Escaped in the HTML itself, never markup; the href's & escaped too.
        Assert.Contains("Lab &lt;b&gt;&amp; Co in EMEA", html);
        Assert.Contains($">Lab &lt;b&gt;&amp; Co</a>", html);
        Assert.Contains("href=\"https://ordering.example.com/renew?from=forewarn&amp;kind=expiring\"", html);
        Assert.DoesNotContain("<b>&", html);
        Assert.Empty(page.QuerySelectorAll("table.alerts b"));

        // Following the subject link: exactly that license's two lines.
        var licenses = await web.GetDocumentAsync(client, links[1].GetAttribute("href")!);
        Assert.Equal(
            [
                ["Lab <b>& Co", "EMEA", "TERM", "4", "2026-01-01", "2026-12-20", "17 days left"],
                ["Lab <b>& Co", "EMEA", "TERM", "6", "2026-02-01", "2027-02-01", "60 days left"],
            ],
            licenses.QuerySelectorAll("table.licenses tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()));
    }

    [Fact]
    public async Task Alerts_OrderingUrlNotHttp_IsShownAsTextNotALink()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var ids = await SeedAsync(db);
        await using (var ctx = db.NewContext())
        {
            var tools = await ctx.Alerts.SingleAsync(a => a.Id == ids["tools"]);
            tools.Message = AlertMessages.ExpiredAlert("R&D <Tools>", "EMEA", 5, new DateOnly(2026, 12, 1), "javascript:alert(1)");
            await ctx.SaveChangesAsync();
        }
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Admin);

        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com");

        var cell = page.QuerySelector($"tr[data-alert='{ids["tools"]}'] td.message")!;
        Assert.EndsWith("To renew, place an order at javascript:alert(1)", cell.QuerySelector(".message-text")!.TextContent.Trim());
        Assert.Empty(cell.QuerySelectorAll(".message-text a"));
        Assert.DoesNotContain(page.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").StartsWith("javascript:", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Alerts_InstanceAlertSubjectLink_OpensThatInstanceOnly(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var ids = await SeedAsync(db);
        await using (var ctx = db.NewContext())
        {
            // A second EMEA instance, so "only that instance" means something.
            var emea = await ctx.VirtualAccounts.SingleAsync(v => v.Name == "EMEA");
            var other = Instance("emea-ise-02", "FCH0003", new DateTime(2026, 7, 2, 9, 30, 0, DateTimeKind.Utc), null);
            other.VirtualAccountId = emea.Id;
            ctx.ProductInstances.Add(other);
            await ctx.SaveChangesAsync();
        }
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(EmeaUser);
        var alerts = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com");

        var href = alerts.QuerySelector($"tr[data-alert='{ids["instance"]}'] td.message div.subject a")!.GetAttribute("href")!;
        var page = await web.GetDocumentAsync(client, href);

        Assert.Equal(["emea-ise-01"], page.QuerySelectorAll("table.product-instances tbody tr").Select(tr => tr.QuerySelector("td")!.TextContent.Trim()));
        Assert.Equal("Showing emea-ise-01 in EMEA only — Show all product instances",
            string.Join(" ", page.QuerySelector("p.filtered")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("/product-instances?sa=acme-networks.com", page.QuerySelector("p.filtered a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Alerts_MarkupInMessage_IsEscaped()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Admin);

        var html = await client.GetStringAsync("/alerts?sa=acme-networks.com");

        Assert.Contains("R&amp;D &lt;Tools&gt; expired", html);
        Assert.DoesNotContain("<Tools>", html);
        Assert.DoesNotContain("<script>", html); // no inline script; forewarn.js is a file
    }

    [Fact]
    public async Task Alerts_FilterMajorActive_ShowsOnlyThoseAndKeepsHeaderCounts()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Admin);

        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com&severity=major&state=Active");

        Assert.Equal(["R&D <Tools> expired", "Acme uses more Catalyst 9300 than it owns"], Rows(page).Select(r => r[1]));
        Assert.Equal("Major", page.QuerySelector("select#severity option[selected]")!.TextContent);
        Assert.Equal("Active", page.QuerySelector("select#state option[selected]")!.TextContent);
        Assert.Equal("Alerts: 2 Major · 2 Minor", Counts(page));

        var dismissed = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com&state=dismissed");
        Assert.Equal([["Informational", "Catalyst 9300 expires in 90 days", "DEFAULT", "2026-12-02", "Dismissed", ""]], Rows(dismissed));
    }

    [Fact]
    public async Task Alerts_BadSeverity_Returns400NamingTheField()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Admin);

        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com&severity=%3Cb%3Ecritical", HttpStatusCode.BadRequest);

        Assert.Equal("'<b>critical' is not a severity; choose one of Major, Minor, Informational.",
            page.QuerySelector("div.status.error li")!.TextContent.Trim());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Alerts_VirtualAccountUser_SeesOnlyTheirVaAndItsCounts(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(EmeaUser);

        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com");

        // No DEFAULT alert, no Smart-Account-level alert (seen only by SA-level roles, like events).
        Assert.Equal(
            [
                ["Major", "Old EMEA alert", "EMEA", "2026-11-01", "Cleared", ""],
                ["Major", "R&D <Tools> expired", "EMEA", "2026-12-01", "Active", "Dismiss"],
                ["Minor", "emea-ise-01 failed to connect", "EMEA", "2026-12-05", "Active", "Dismiss"],
            ],
            Rows(page));
        Assert.Equal("Alerts: 1 Major · 1 Minor", Counts(page));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dismiss_VirtualAccountUserOfItsVa_DismissesLogsTheEventAndRedirects(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var ids = await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(EmeaUser);
        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com&state=active");
        var form = page.QuerySelector($"tr[data-alert='{ids["instance"]}'] form")!;

        using var response = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = TestWebApp.Token(form) }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/alerts?sa=acme-networks.com&state=Active", response.Headers.Location!.OriginalString);
        var after = await web.GetDocumentAsync(client, response.Headers.Location!.OriginalString);
        Assert.Equal("Dismissed: emea-ise-01 failed to connect", after.QuerySelector("p.status.ok")!.TextContent.Trim());
        Assert.Equal(["R&D <Tools> expired"], Rows(after).Select(r => r[1]));
        Assert.Equal("Alerts: 1 Major · 0 Minor", Counts(after));

        await using var ctx = db.NewContext();
        var alert = await ctx.Alerts.SingleAsync(a => a.Id == ids["instance"]);
        Assert.Equal((AlertState.Dismissed, EmeaUser, new DateTime(2026, 12, 3, 15, 0, 0)), (alert.State, alert.DismissedBy, alert.DismissedAt!.Value));
        var logged = await ctx.Events.Where(e => e.Type == EventType.AlertDismissed).ToListAsync();
        Assert.Equal(EmeaUser, Assert.Single(logged).ActorEmail);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dismiss_ViewerHandMadePost_Returns403AndChangesNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var ids = await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);
        var page = await web.GetDocumentAsync(client, "/alerts?sa=acme-networks.com");
        Assert.Empty(page.QuerySelectorAll("table.alerts form")); // no Dismiss button for a viewer
        // A valid anti-forgery token from the page's sign-out form: the refusal must come from A5, not from anti-forgery.
        var token = TestWebApp.Token(page.QuerySelector("form.signout")!);

        using var response = await client.PostAsync($"/alerts?sa=acme-networks.com&handler=Dismiss&id={ids["tools"]}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("viewers may not", await response.Content.ReadAsStringAsync());
        await using var ctx = db.NewContext();
        Assert.Equal(AlertState.Active, (await ctx.Alerts.SingleAsync(a => a.Id == ids["tools"])).State);
        Assert.Equal(0, await ctx.Events.CountAsync(e => e.Type == EventType.AlertDismissed));
    }

    [Fact]
    public async Task Dismiss_WithoutAntiForgeryToken_IsRefusedAndChangesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var ids = await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Admin);

        using var response = await client.PostAsync($"/alerts?sa=acme-networks.com&handler=Dismiss&id={ids["tools"]}",
            new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var ctx = db.NewContext();
        Assert.Equal(AlertState.Active, (await ctx.Alerts.SingleAsync(a => a.Id == ids["tools"])).State);
    }

    [Fact]
    public async Task Header_OnTheLicensesTab_ShowsActiveMajorAndMinorCounts()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, "/licenses?sa=acme-networks.com");

        Assert.Equal("Alerts: 2 Major · 2 Minor", Counts(page));
        Assert.Equal("/alerts?sa=acme-networks.com&state=Active", page.QuerySelector("a.alert-counts")!.GetAttribute("href"));
    }
}
