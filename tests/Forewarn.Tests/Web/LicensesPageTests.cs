using System.Net;
using AngleSharp.Html.Dom;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class LicensesPageTests
{
    // 15:00 UTC on 3 December 2026: the 3rd in New York, already the 4th in Auckland.
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    private const string Viewer = "viewer@acme-networks.com";
    private const string EmeaUser = "emea@acme-networks.com";

    /// <summary>Acme (DEFAULT: Catalyst; EMEA: ISE Plus, R&amp;D &lt;Tools&gt;) and Initech; the viewer sees both, the EMEA user only Acme's EMEA.</summary>
    private static async Task SeedAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var viewer = Person(Viewer, "Viewer");
        var emeaUser = Person(EmeaUser, "Emea");
        var emea = Va("EMEA",
            License("ISE Plus", Line(LicenseType.Demo, 100, "2026-06-20", "2026-12-03"), Line(LicenseType.Term, 1, "2025-03-29", "2026-11-03")),
            License("R&D <Tools>", Line(LicenseType.Subscription, 5, "2026-01-01", "2026-12-04")));
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York",
                Va("DEFAULT",
                    License("Catalyst 9300 Network Advantage", Line(LicenseType.Term, 10, "2025-12-01", "2026-12-20"), Line(LicenseType.Perpetual, 2, "2020-05-01", null))),
                emea);
        var initech = Account("Initech", "initech.io", "Pacific/Auckland",
                Va("DEFAULT", License("Initech <b>& Secret", Line(LicenseType.Subscription, 5, "2026-01-01", "2026-12-04"))));
        await SaveAsync(ctx, acme, initech, viewer, emeaUser, Grant(viewer, acme, Role.SmartAccountViewer), Grant(viewer, initech, Role.SmartAccountViewer),
            Grant(emeaUser, acme, Role.VirtualAccountUser, emea));
    }

    private static async Task<int> LicenseIdAsync(TestDatabase db, string name)
    {
        await using var ctx = db.NewContext();
        return await ctx.Licenses.Where(l => l.Name == name).Select(l => l.Id).SingleAsync();
    }

    /// <summary>The "Showing … only — Show all licenses" line, its whitespace folded.</summary>
    private static string? Filtered(IHtmlDocument page) => page.QuerySelector("p.filtered") is { } p
        ? string.Join(" ", p.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        : null;

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

        // A line like it (ending 2026-12-04) shows "1 day left" for New York (see above): in Auckland it is already the 4th.
        Assert.Equal([["Initech <b>& Secret", "DEFAULT", "SUBSCRIPTION", "5", "2026-01-01", "2026-12-04", "expires today"]], Rows(page));
        Assert.Contains("where today is 2026-12-04", page.QuerySelector("p.sub")!.TextContent);
        Assert.Null(page.QuerySelector("form.run-daily")); // a viewer may not run the account's daily summary
    }

    [Fact]
    public async Task Licenses_LicenseNamedWithMarkup_IsEscapedInTheHtml()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var html = await client.GetStringAsync("/licenses?sa=initech.io");

        Assert.Contains("<td>Initech &lt;b&gt;&amp; Secret</td>", html);
        Assert.DoesNotContain("<b>&", html);
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

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Licenses_FilteredByLicense_ShowsExactlyThatLicensesLinesAndAWayBack(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        var ise = await LicenseIdAsync(db, "ISE Plus");
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, $"/licenses?sa=acme-networks.com&license={ise}");

        Assert.Equal(
            [
                ["ISE Plus", "EMEA", "DEMO", "100", "2026-06-20", "2026-12-03", "expires today"],
                ["ISE Plus", "EMEA", "TERM", "1", "2025-03-29", "2026-11-03", "expired 30 days ago"],
            ],
            Rows(page));
        Assert.Equal("Showing ISE Plus in EMEA only — Show all licenses", Filtered(page));
        Assert.Equal("/licenses?sa=acme-networks.com", page.QuerySelector("p.filtered a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("nav.pager"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Licenses_FilteredByAnotherAccountsLicense_404ShowingNothingOfIt(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        var initechLicense = await LicenseIdAsync(db, "Initech <b>& Secret");
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        // The viewer may see Initech, but not through Acme: the id belongs to another account.
        var page = await web.GetDocumentAsync(client, $"/licenses?sa=acme-networks.com&license={initechLicense}", HttpStatusCode.NotFound);

        Assert.Empty(Rows(page));
        Assert.Equal($"No license {initechLicense} in this Smart Account is visible to you.", page.QuerySelector("p.empty")!.TextContent.Trim());
        Assert.Equal("Show all licenses", Filtered(page));
        Assert.DoesNotContain("Secret", page.DocumentElement.OuterHtml);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Licenses_VaUserFilteringALicenseOfAnotherVa_404ShowingNothingOfIt(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        var catalyst = await LicenseIdAsync(db, "Catalyst 9300 Network Advantage");
        var tools = await LicenseIdAsync(db, "R&D <Tools>");
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(EmeaUser);

        var hidden = await web.GetDocumentAsync(client, $"/licenses?sa=acme-networks.com&license={catalyst}", HttpStatusCode.NotFound);
        var own = await web.GetDocumentAsync(client, $"/licenses?sa=acme-networks.com&license={tools}");

        Assert.Empty(Rows(hidden));
        Assert.DoesNotContain("Catalyst", hidden.DocumentElement.OuterHtml);
        Assert.Equal($"No license {catalyst} in this Smart Account is visible to you.", hidden.QuerySelector("p.empty")!.TextContent.Trim());
        Assert.Equal([["R&D <Tools>", "EMEA", "SUBSCRIPTION", "5", "2026-01-01", "2026-12-04", "1 day left"]], Rows(own));
        Assert.Equal("Showing R&D <Tools> in EMEA only — Show all licenses", Filtered(own));
        Assert.Contains("Showing <strong>R&amp;D &lt;Tools&gt;</strong> in EMEA only", own.DocumentElement.OuterHtml);
    }

    [Theory]
    [InlineData("abc", "'abc' is not a license id: ids are whole numbers such as 42.")]
    [InlineData("-3", "'-3' is not a license id: ids are whole numbers such as 42.")]
    [InlineData("<b>1", "'<b>1' is not a license id: ids are whole numbers such as 42.")]
    [InlineData("99999999999", "'99999999999' is not a license id: ids are whole numbers such as 42.")]
    public async Task Licenses_LicenseNotANumber_400NamingItAndEveryLicenseBeneath(string value, string message)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var page = await web.GetDocumentAsync(client, $"/licenses?sa=acme-networks.com&license={Uri.EscapeDataString(value)}", HttpStatusCode.BadRequest);

        Assert.Equal(message, page.QuerySelector("div.status.error li")!.TextContent.Trim());
        Assert.Equal(5, Rows(page).Length);
        Assert.Null(Filtered(page));
        Assert.Empty(page.QuerySelectorAll("div.status.error b"));
    }

    [Fact]
    public async Task Licenses_FilteredLicenseOverAPage_PagerKeepsTheFilter()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);
        int big;
        await using (var ctx = db.NewContext())
        {
            // 101 lines: one more than a page (PageRequest.DefaultSize).
            var emea = await ctx.VirtualAccounts.SingleAsync(v => v.Name == "EMEA");
            var license = License("Big", Enumerable.Range(0, 101).Select(i => Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01")).ToArray());
            license.VirtualAccountId = emea.Id;
            ctx.Licenses.Add(license);
            await ctx.SaveChangesAsync();
            big = license.Id;
        }
        await using var web = await TestWebApp.StartAsync(db, Clock());
        using var client = await web.SignInAsync(Viewer);

        var first = await web.GetDocumentAsync(client, $"/licenses?sa=acme-networks.com&license={big}");
        var next = first.QuerySelector("nav.pager a")!.GetAttribute("href")!;
        var second = await web.GetDocumentAsync(client, next);

        Assert.Equal(100, Rows(first).Length);
        Assert.Equal($"/licenses?sa=acme-networks.com&p=2&license={big}", next);
        Assert.Equal([["Big", "EMEA", "TERM", "1", "2026-01-01", "2027-01-01", "29 days left"]], Rows(second));
        Assert.Equal("Showing Big in EMEA only — Show all licenses", Filtered(second));
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
