using System.Net;
using AngleSharp.Html.Dom;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class LicensesPageTests
{
    // 15:00 UTC on 3 December 2026: the 3rd in New York, already the 4th in Auckland.
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    private const string Viewer = "viewer@acme-networks.com";

    private static async Task SeedAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var viewer = Person(Viewer, "Viewer");
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York",
                Va("DEFAULT",
                    License("Catalyst 9300 Network Advantage", Line(LicenseType.Term, 10, "2025-12-01", "2026-12-20"), Line(LicenseType.Perpetual, 2, "2020-05-01", null))),
                Va("EMEA",
                    License("ISE Plus", Line(LicenseType.Demo, 100, "2026-06-20", "2026-12-03"), Line(LicenseType.Term, 1, "2025-03-29", "2026-11-03")),
                    License("R&D <Tools>", Line(LicenseType.Subscription, 5, "2026-01-01", "2026-12-04"))));
        var initech = Account("Initech", "initech.io", "Pacific/Auckland",
                Va("DEFAULT", License("R&D <Tools>", Line(LicenseType.Subscription, 5, "2026-01-01", "2026-12-04"))));
        await SaveAsync(ctx, acme, initech, viewer, Grant(viewer, acme, Role.SmartAccountViewer), Grant(viewer, initech, Role.SmartAccountViewer));
    }

    private static string[][] Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("table.licenses tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray())
            .ToArray();

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Licenses_AccountInNewYork_ShowsExactRowsWithDaysLeft(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, "/licenses?sa=acme-networks.com");

        Assert.Equal(
            [
                ["Catalyst 9300 Network Advantage", "DEFAULT", "TERM", "10", "2025-12-01", "2026-12-20", "17 days left"],
                ["Catalyst 9300 Network Advantage", "DEFAULT", "PERPETUAL", "2", "2020-05-01", "—", ""],
                ["ISE Plus", "EMEA", "DEMO", "100", "2026-06-20", "2026-12-03", "expires today"],
                ["ISE Plus", "EMEA", "TERM", "1", "2025-03-29", "2026-11-03", "expired 30 days ago"],
                ["R&D <Tools>", "EMEA", "SUBSCRIPTION", "5", "2026-01-01", "2026-12-04", "1 day left"],
            ],
            Rows(page));
        Assert.Contains("America/New_York", page.QuerySelector("p.sub")!.TextContent);
    }

    [Fact]
    public async Task Licenses_AccountInAuckland_CountsDaysFromItsOwnToday()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, "/licenses?sa=initech.io");

        // The same line shows "1 day left" for New York (see above): in Auckland it is already the 4th.
        Assert.Equal([["R&D <Tools>", "DEFAULT", "SUBSCRIPTION", "5", "2026-01-01", "2026-12-04", "expires today"]], Rows(page));
        Assert.Equal("2026-12-04", page.QuerySelector("form.run-daily input[name=date]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Licenses_LicenseNamedWithMarkup_IsEscapedInTheHtml()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var html = await client.GetStringAsync("/licenses?sa=initech.io");

        Assert.Contains("<td>R&amp;D &lt;Tools&gt;</td>", html);
        Assert.DoesNotContain("<Tools>", html);
    }

    [Fact]
    public async Task Licenses_NoAccountChosen_ShowsTheFirstAccountByName()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, "/licenses");

        Assert.Equal("Licenses · Acme Networks", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(5, Rows(page).Length);
    }

    [Fact]
    public async Task Licenses_UnknownAccount_Returns404NamingTheDomain()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, "/licenses?sa=<evil>.example", HttpStatusCode.NotFound);

        Assert.Equal("No such Smart Account", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("<evil>.example", page.QuerySelector("p.empty code")!.TextContent);
        Assert.Empty(Rows(page));
    }

    [Fact]
    public async Task Root_Get_RedirectsToLicensesKeepingTheAccount()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        using var response = await client.GetAsync("/?sa=initech.io");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/licenses?sa=initech.io", response.Headers.Location!.OriginalString);
    }
}
