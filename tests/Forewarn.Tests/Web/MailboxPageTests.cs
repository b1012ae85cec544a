using System.Net;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Infrastructure;
using Forewarn.Web;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class MailboxPageTests
{
    private const string Html = "<html><body><h1>Daily Event Summary</h1><p>R&amp;D &lt;Tools&gt;</p><script>alert(1)</script></body></html>";
    private const string Text = "- R&D <Tools> | EMEA | qty 5 | expires 2026-12-04 | 1 days left\n";

    /// <summary>
    /// Alice is admin of Acme with an additional address; Bob a user of Acme; Grace was admin of Globex with an additional
    /// address and is now a mere user there. Each has mail in the development mailbox.
    /// </summary>
    private static async Task<(TestDatabase Db, TestWebApp Web, long Id, long OlderId)> StartAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT"));
        var globex = Account("Globex Manufacturing", "globex-mfg.com", "Europe/Berlin", Va("DEFAULT"));
        var alice = Person("alice@acme-networks.com", "Alice");
        var bob = Person("bob@acme-networks.com", "Bob");
        var grace = Person("grace@globex-mfg.com", "Grace");
        var copy = Mail(new DateTime(2026, 12, 3, 11, 0, 6, DateTimeKind.Utc), "NOC@acme-networks.com",
            "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary", Text, Html);
        var mail = Mail(new DateTime(2026, 12, 3, 11, 0, 5, DateTimeKind.Utc), "alice@acme-networks.com",
            "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary", Text, Html);
        var older = Mail(new DateTime(2026, 12, 2, 11, 0, 0, DateTimeKind.Utc), "bob@acme-networks.com", "Older", "status-notification", "older", null);
        var globexCopy = Mail(new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc), "plant@globex-mfg.com", "Globex copy", "daily-summary", "copy", null);
        await using (var ctx = db.NewContext())
        {
            await SaveAsync(ctx, acme, globex, alice, bob, grace, older, mail, copy, globexCopy,
                Grant(alice, acme, Role.SmartAccountAdmin), Grant(bob, acme, Role.SmartAccountUser), Grant(grace, globex, Role.SmartAccountUser));
            await SaveAsync(ctx,
                new NotificationPreference { UserId = alice.Id, SmartAccountId = acme.Id, AdditionalEmails = "noc@acme-networks.com" },
                new NotificationPreference { UserId = grace.Id, SmartAccountId = globex.Id, AdditionalEmails = "plant@globex-mfg.com" });
        }
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))), mail.Id, older.Id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Mailbox_Admin_ListsOwnMailAndCopiesToTheirAdditionalAddressesNewestFirst(DatabaseKind kind)
    {
        var (db, web, id, olderId) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("alice@acme-networks.com");

        var page = await web.GetDocumentAsync(client, "/mailbox");

        var rows = page.QuerySelectorAll("table.mailbox tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal(
            [
                ["2026-12-03 11:00:06", "NOC@acme-networks.com", "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary"],
                ["2026-12-03 11:00:05", "alice@acme-networks.com", "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary"],
            ],
            rows);
        Assert.Equal($"/mailbox/{id}?sa=acme-networks.com", page.QuerySelectorAll("table.mailbox tbody tr a")[1].GetAttribute("href"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Mailbox_User_ListsOnlyTheirOwnMailAndAnothersMessageIs404(DatabaseKind kind)
    {
        var (db, web, id, olderId) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var bob = await web.SignInAsync("bob@acme-networks.com");

        var page = await web.GetDocumentAsync(bob, "/mailbox");
        var others = await web.GetDocumentAsync(bob, $"/mailbox/{id}", HttpStatusCode.NotFound);
        using var othersHtml = await bob.GetAsync($"/mailbox/{id}/html");

        Assert.Equal(["Older"], page.QuerySelectorAll("table.mailbox tbody tr td:nth-child(3)").Select(td => td.TextContent.Trim()));
        Assert.Equal("No such message", others.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, othersHtml.StatusCode);
        Assert.DoesNotContain("Daily Event Summary", await othersHtml.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Mailbox_FormerAdmin_NoLongerSeesCopiesToTheAddressesTheySet()
    {
        var (db, web, _, _) = await StartAsync(DatabaseKind.Sqlite);
        await using var _db = db; await using var _web = web;
        using var grace = await web.SignInAsync("grace@globex-mfg.com");

        var page = await web.GetDocumentAsync(grace, "/mailbox");

        // N5: once Grace is no longer admin her additional addresses receive nothing, and she is shown none of their mail.
        Assert.Empty(page.QuerySelectorAll("table.mailbox tbody tr"));
        Assert.Equal("No mail for you yet. Run the daily summary above to see what Forewarn sends.", page.QuerySelector("p.empty")!.TextContent);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task MailboxMessage_Page_ShowsHeadersTextInPreAndHtmlInASandboxedFrame(DatabaseKind kind)
    {
        var (db, web, id, olderId) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("alice@acme-networks.com");

        var page = await web.GetDocumentAsync(client, $"/mailbox/{id}");

        Assert.Equal("Daily Event Summary: Acme Networks, 2026-12-03", page.QuerySelector("h1")!.TextContent);
        var headers = page.QuerySelectorAll("dl.headers dt").Zip(page.QuerySelectorAll("dl.headers dd"))
            .ToDictionary(p => p.First.TextContent, p => p.Second.TextContent);
        Assert.Equal("daily-summary", headers["X-Forewarn-Kind"]);
        Assert.Equal("alice@acme-networks.com", headers["To"]);
        Assert.Equal("Forewarn <forewarn@localhost.localdomain>", headers["From"]);
        Assert.Equal("Daily Event Summary: Acme Networks, 2026-12-03", headers["Subject"]);
        Assert.Equal(Text, page.QuerySelector("pre.text-part")!.TextContent);
        var frame = page.QuerySelector("iframe.html-part")!;
        Assert.True(frame.HasAttribute("sandbox"));
        Assert.Equal("", frame.GetAttribute("sandbox"));
        Assert.Equal($"/mailbox/{id}/html", frame.GetAttribute("src"));
        Assert.Null(page.QuerySelector("main script"));
    }

    [Fact]
    public async Task MailboxMessage_TextPart_IsEscapedInThePageSource()
    {
        var (db, web, id, olderId) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("alice@acme-networks.com");

        var html = await client.GetStringAsync($"/mailbox/{id}");

        Assert.Contains("- R&amp;D &lt;Tools&gt; | EMEA", html);
        Assert.DoesNotContain("alert(1)", html);
    }

    [Fact]
    public async Task MailboxHtml_Endpoint_ServesTheStoredHtmlPartUnderTheSandboxPolicy()
    {
        var (db, web, id, olderId) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("alice@acme-networks.com");

        using var response = await client.GetAsync($"/mailbox/{id}/html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Html, await response.Content.ReadAsStringAsync());
        Assert.Equal(["sandbox; default-src 'none'; style-src 'unsafe-inline'"], response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeaders.MailHtmlPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task MailboxHtml_MessageWithoutHtmlPartOrUnknown_Returns404()
    {
        var (db, web, id, olderId) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("alice@acme-networks.com");

        using var bob = await web.SignInAsync("bob@acme-networks.com");
        using var textOnly = await bob.GetAsync($"/mailbox/{olderId}/html");
        using var unknown = await client.GetAsync("/mailbox/999999/html");
        using var unknownPage = await client.GetAsync("/mailbox/999999");

        Assert.Equal(HttpStatusCode.NotFound, textOnly.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPage.StatusCode);
    }
}
