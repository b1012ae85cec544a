using AngleSharp.Html.Dom;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class AccountSelectorTests
{
    private static async Task<(TestDatabase Db, TestWebApp Web)> StartAsync()
    {
        var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT", License("Acme Router", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01"))));
        var initech = Account("Initech", "initech.io", "Pacific/Auckland", Va("DEFAULT", License("Initech Switch", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01"))));
        var globex = Account("Globex Manufacturing", "globex-mfg.com", "Europe/Berlin", Va("DEFAULT"));
        var both = Person("grace@acme-networks.com", "Grace");
        var acmeOnly = Person("bob@acme-networks.com", "Bob");
        var nobody = Person("new@acme-networks.com", "New");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, initech, globex, both, acmeOnly, nobody,
                Grant(both, acme, Role.SmartAccountUser), Grant(both, initech, Role.SmartAccountViewer),
                Grant(acmeOnly, acme, Role.SmartAccountUser),
                new Event { SmartAccount = acme, At = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "Acme event" },
                new Event { SmartAccount = initech, At = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "Initech event" });
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    private static IHtmlFormElement Selector(IHtmlDocument page) => (IHtmlFormElement)page.QuerySelector("header form.account-selector")!;

    [Theory]
    [InlineData("/licenses")]
    [InlineData("/product-instances")]
    [InlineData("/events")]
    [InlineData("/preferences")]
    [InlineData("/mailbox")]
    public async Task Selector_OnAnyPage_GetsTheSamePathWithTheUsersAccountsAndTheCurrentSelected(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("grace@acme-networks.com");

        var form = Selector(await web.GetDocumentAsync(client, path + "?sa=initech.io"));

        Assert.Equal("get", form.Method);
        Assert.Equal(path, form.GetAttribute("action"));
        var select = (IHtmlSelectElement)form.QuerySelector("select[name=sa]")!;
        Assert.Equal(["acme-networks.com", "initech.io"], select.Options.Select(o => o.Value));
        Assert.Equal("initech.io", select.Value);
        Assert.Equal("Go", form.QuerySelector("button[type=submit]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Selector_SubmittedOnTheEventLog_StaysOnTheEventLogForTheOtherAccount()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("grace@acme-networks.com");
        var form = Selector(await web.GetDocumentAsync(client, "/events?sa=acme-networks.com"));
        var select = (IHtmlSelectElement)form.QuerySelector("select[name=sa]")!;
        select.Value = "initech.io";

        // What a browser does without JavaScript: GET the form's action with its fields.
        var target = form.GetAttribute("action") + "?sa=" + Uri.EscapeDataString(select.Value);
        var page = await web.GetDocumentAsync(client, target);

        Assert.Equal("Event Log · Initech", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(["Initech event"], page.QuerySelectorAll("table.events tbody td:nth-child(4)").Select(td => td.TextContent));
        Assert.Equal("/licenses?sa=initech.io", page.QuerySelector("header nav a[href^='/licenses']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Selector_UserWithOneAccount_ListsOnlyItAndAnotherAccountIs404()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("bob@acme-networks.com");

        var page = await web.GetDocumentAsync(client, "/licenses");
        var other = await web.GetDocumentAsync(client, "/licenses?sa=initech.io", System.Net.HttpStatusCode.NotFound);

        var select = (IHtmlSelectElement)Selector(page).QuerySelector("select[name=sa]")!;
        Assert.Equal(["acme-networks.com"], select.Options.Select(o => o.Value));
        Assert.Equal("Licenses · Acme Networks", page.QuerySelector("h1")!.TextContent.Trim());
        // An account the user cannot see looks exactly like one that does not exist (§1).
        Assert.Equal("No such Smart Account", other.QuerySelector("h1")!.TextContent.Trim());
        Assert.DoesNotContain("Initech Switch", other.Body!.TextContent);
    }

    [Theory]
    [InlineData("/licenses")]
    [InlineData("/preferences")]
    public async Task Page_UserWithNoAccessAtAll_SaysSoWithNoSelectorAndNoData(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("new@acme-networks.com");

        var page = await web.GetDocumentAsync(client, path);

        Assert.Equal("No Smart Accounts yet", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("header form.account-selector"));
        Assert.Null(page.QuerySelector("nav.tabs"));
        Assert.DoesNotContain("Acme Router", page.Body!.TextContent);
    }

    [Theory]
    [InlineData("/licenses", "Inventory", "Licenses")]
    [InlineData("/product-instances", "Inventory", "Product Instances")]
    [InlineData("/events", "Inventory", "Event Log")]
    [InlineData("/alerts", "Alerts", null)]
    [InlineData("/preferences", "Preferences", null)]
    public async Task ManageLicenses_Tabs_InventoryAlertsAndPreferencesWithTheCurrentOneMarked(string path, string tab, string? subtab)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("grace@acme-networks.com");

        var page = await web.GetDocumentAsync(client, path + "?sa=initech.io");

        var tabs = page.QuerySelectorAll("nav.tabs a");
        // In this order (issue 3 item 3; Alerts arrived with issue 4).
        Assert.Equal([("Inventory", "/licenses?sa=initech.io"), ("Alerts", "/alerts?sa=initech.io"), ("Preferences", "/preferences?sa=initech.io")],
            tabs.Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))));
        Assert.Equal([tab], page.QuerySelectorAll("nav.tabs a[aria-current=page]").Select(a => a.TextContent.Trim()));
        Assert.Equal(subtab is null ? [] : [subtab], page.QuerySelectorAll("nav.subtabs a[aria-current=page]").Select(a => a.TextContent.Trim()));
        Assert.Equal("Grace", page.QuerySelector("header form.signout .who")!.TextContent.Trim());
    }
}
