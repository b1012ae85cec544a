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
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, initech,
                new Event { SmartAccount = acme, At = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "Acme event" },
                new Event { SmartAccount = initech, At = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "Initech event" });
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    private static IHtmlFormElement Selector(IHtmlDocument page) => (IHtmlFormElement)page.QuerySelector("header form.account-selector")!;

    [Theory]
    [InlineData("/licenses")]
    [InlineData("/product-instances")]
    [InlineData("/events")]
    [InlineData("/mailbox")]
    public async Task Selector_OnAnyPage_GetsTheSamePathWithAllAccountsAndTheCurrentSelected(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

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
        using var client = web.NewClient();
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
}
