using System.Net;
using AngleSharp.Html.Parser;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class SecurityTests
{
    private static async Task<(TestDatabase Db, TestWebApp Web)> StartAsync()
    {
        var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx,
                Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT", License("R&D <Tools>", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01")))),
                Mail(new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc), "alice@acme-networks.com", "Hello", "daily-summary", "text", "<p>html</p>"));
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    [Theory]
    [InlineData("/licenses")]
    [InlineData("/product-instances")]
    [InlineData("/events")]
    [InlineData("/mailbox")]
    [InlineData("/mailbox/1")]
    [InlineData("/forewarn.css")]
    [InlineData("/licenses?sa=unknown.example")]
    public async Task Response_AnyPage_CarriesTheSecurityHeaders(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["DENY"], response.Headers.GetValues("X-Frame-Options"));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("style-src 'self'", directives["style-src"]);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Theory]
    [InlineData("/licenses")]
    [InlineData("/product-instances")]
    [InlineData("/events")]
    [InlineData("/mailbox")]
    [InlineData("/mailbox/1")]
    public async Task Page_Markup_HasNoInlineScriptOrStyle(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(path));

        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunDailySummary_PostWithoutAntiforgeryToken_IsRefusedWith400()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();
        // The cookie half alone is not enough: the form field must match it.
        await client.GetStringAsync("/mailbox");

        using var response = await client.PostAsync("/daily-summary",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["sa"] = "acme-networks.com", ["date"] = "2026-12-03" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RunDailySummary_PostWithTokenButNoValidDate_RedirectsToMailboxWithTheErrorAndRunsNothing()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();
        var mailbox = await web.GetDocumentAsync(client, "/mailbox?sa=acme-networks.com");
        var form = mailbox.QuerySelector("form.run-daily")!;
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/daily-summary", form.GetAttribute("action"));
        Assert.Equal("2026-12-03", form.QuerySelector("input[name=date]")!.GetAttribute("value"));

        using var response = await client.PostAsync("/daily-summary", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["sa"] = "acme-networks.com", ["date"] = "2026-13-45",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mailbox?sa=acme-networks.com", response.Headers.Location!.OriginalString);
        var after = await web.GetDocumentAsync(client, "/mailbox?sa=acme-networks.com");
        Assert.Equal("Digest date: give a date as yyyy-MM-dd. Nothing was run.", after.QuerySelector(".status.error")!.TextContent);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.DigestRecords);
        Assert.Empty(ctx.Outbox);
    }
}
