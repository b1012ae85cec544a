using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

/// <summary>The UI in a real Chromium against the real server on a loopback port.</summary>
[Collection(BrowserCollection.Name)]
public class BrowserSmokeTests(BrowserFixture browser)
{
    private const string Alice = "alice@acme-networks.com";

    private static async Task<TestWebApp> StartAsync(TestDatabase db)
    {
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York",
            Va("DEFAULT", License("Catalyst 9300 Network Advantage", Line(LicenseType.Term, 10, "2025-12-01", "2026-12-20"))),
            Va("EMEA", License("R&D <Tools>", Line(LicenseType.Demo, 100, "2026-06-20", "2026-12-03"))));
        var initech = Account("Initech", "initech.io", "Pacific/Auckland",
            Va("DEFAULT", License("Initech Firewall", Line(LicenseType.Subscription, 2, "2026-01-01", "2026-12-04"), Line(LicenseType.Perpetual, 1, "2020-01-01", null))));
        var alice = Person(Alice, "Alice");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, initech, alice, Grant(alice, acme, Role.SmartAccountAdmin), Grant(alice, initech, Role.SmartAccountUser),
                Mail(new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc), "alice@acme-networks.com", "Daily Event Summary: Acme Networks, 2026-12-03",
                    "daily-summary", "- R&D <Tools> | EMEA | qty 100 | expires 2026-12-03 | 0 days left",
                    "<html><body><h2>Expiring licenses</h2><p id=\"line\">R&amp;D &lt;Tools&gt; expires today</p><script>document.body.innerHTML='scripted'</script></body></html>"));
        return await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Licenses_SwitchAccountWithTheSelector_ShowsTheOtherAccountsLicensesOnTheSamePage()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db);
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;
        var cspViolations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) cspViolations.Add(m.Text); };

        await page.SignInAsync(Alice, "/licenses?sa=acme-networks.com");
        var firstCells = page.Locator("table.licenses tbody tr td:first-child");
        Assert.Equal(["Catalyst 9300 Network Advantage", "R&D <Tools>"], await firstCells.AllTextContentsAsync());
        Assert.Equal("R&D <Tools>", await page.Locator("tr.expires-today td:first-child").TextContentAsync());

        // forewarn.js submits the selector on change: no click on "Go" needed.
        await page.NavigateAsync(() => page.SelectOptionAsync("header select[name=sa]", "initech.io"), "/licenses?sa=initech.io",
            again: () => page.DispatchEventAsync("header select[name=sa]", "change"));

        Assert.Equal("Licenses · Initech", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Equal(["Initech Firewall", "Initech Firewall"], await firstCells.AllTextContentsAsync());
        Assert.Equal(["expires today", ""], (await page.Locator("table.licenses tbody td.days").AllTextContentsAsync()).Select(t => t.Trim()));
        Assert.Equal("initech.io", await page.Locator("header select[name=sa]").InputValueAsync());
        // The stylesheet loaded under the page's CSP: the header is laid out as a flex row.
        Assert.Equal("flex", await page.Locator("header.top").EvaluateAsync<string>("e => getComputedStyle(e).display"));
        Assert.Empty(cspViolations);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("licenses-after-switching-account.png"), FullPage = true });
    }

    [Fact]
    public async Task MailboxMessage_HtmlPart_RendersInTheSandboxedFrameWithoutRunningItsScript()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db);
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;

        await page.SignInAsync(Alice, "/mailbox?sa=acme-networks.com");
        await page.NavigateAsync(() => page.ClickAsync("table.mailbox a"), url => new Uri(url).AbsolutePath.StartsWith("/mailbox/", StringComparison.Ordinal), "/mailbox/{id}");

        Assert.Equal("- R&D <Tools> | EMEA | qty 100 | expires 2026-12-03 | 0 days left", await page.Locator("pre.text-part").TextContentAsync());
        var frame = page.FrameLocator("iframe.html-part");
        Assert.Equal("R&D <Tools> expires today", await frame.Locator("#line").TextContentAsync());
        Assert.Equal("Expiring licenses", await frame.Locator("h2").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("mailbox-message.png"), FullPage = true });
    }
}
