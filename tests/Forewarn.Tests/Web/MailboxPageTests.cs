using System.Net;
using Forewarn.Tests.Infrastructure;
using Forewarn.Web;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class MailboxPageTests
{
    private const string Html = "<html><body><h1>Daily Event Summary</h1><p>R&amp;D &lt;Tools&gt;</p><script>alert(1)</script></body></html>";
    private const string Text = "- R&D <Tools> | EMEA | qty 5 | expires 2026-12-04 | 1 days left\n";

    private static async Task<(TestDatabase Db, TestWebApp Web, long Id, long OlderId)> StartAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var mail = Mail(new DateTime(2026, 12, 3, 11, 0, 5, DateTimeKind.Utc), "alice@acme-networks.com",
            "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary", Text, Html);
        var older = Mail(new DateTime(2026, 12, 2, 11, 0, 0, DateTimeKind.Utc), "bob@acme-networks.com", "Older", "status-notification", "older", null);
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, older, mail);
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))), mail.Id, older.Id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Mailbox_StoredMessages_ListedNewestFirstWithTimeToSubjectAndKind(DatabaseKind kind)
    {
        var (db, web, id, olderId) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        var page = await web.GetDocumentAsync(client, "/mailbox");

        var rows = page.QuerySelectorAll("table.mailbox tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToArray();
        Assert.Equal(
            [
                ["2026-12-03 11:00:05", "alice@acme-networks.com", "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary"],
                ["2026-12-02 11:00:00", "bob@acme-networks.com", "Older", "status-notification"],
            ],
            rows);
        Assert.Equal($"/mailbox/{id}", page.QuerySelector("table.mailbox tbody tr a")!.GetAttribute("href"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task MailboxMessage_Page_ShowsHeadersTextInPreAndHtmlInASandboxedFrame(DatabaseKind kind)
    {
        var (db, web, id, olderId) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

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
        using var client = web.NewClient();

        var html = await client.GetStringAsync($"/mailbox/{id}");

        Assert.Contains("- R&amp;D &lt;Tools&gt; | EMEA", html);
        Assert.DoesNotContain("alert(1)", html);
    }

    [Fact]
    public async Task MailboxHtml_Endpoint_ServesTheStoredHtmlPartUnderTheSandboxPolicy()
    {
        var (db, web, id, olderId) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

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
        using var client = web.NewClient();

        using var textOnly = await client.GetAsync($"/mailbox/{olderId}/html");
        using var unknown = await client.GetAsync("/mailbox/999999/html");
        using var unknownPage = await client.GetAsync("/mailbox/999999");

        Assert.Equal(HttpStatusCode.NotFound, textOnly.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPage.StatusCode);
    }
}
