using System.Net;
using AngleSharp.Html.Parser;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class SecurityTests
{
    private const string Alice = "alice@acme-networks.com";

    private static async Task<(TestDatabase Db, TestWebApp Web)> StartAsync()
    {
        var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT", License("R&D <Tools>", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01"))));
        var alice = Person(Alice, "Alice <Admin>");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, alice, Grant(alice, acme, Role.SmartAccountAdmin),
                Mail(new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc), Alice, "Hello", "daily-summary", "text", "<p>html</p>"));
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/mailbox/abc")]
    public async Task Response_UnknownPath_IsA404PageSayingSo(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Not found</h1>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/licenses")]
    [InlineData("/product-instances")]
    [InlineData("/events")]
    [InlineData("/events/export.csv?sa=acme-networks.com")]
    [InlineData("/preferences")]
    [InlineData("/mailbox")]
    [InlineData("/mailbox/1")]
    [InlineData("/forewarn.css")]
    [InlineData("/preferences.js")]
    [InlineData("/signin")]
    [InlineData("/licenses?sa=unknown.example")]
    public async Task Response_AnyPage_CarriesTheSecurityHeaders(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

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
    [InlineData("/preferences")]
    [InlineData("/mailbox")]
    [InlineData("/mailbox/1")]
    [InlineData("/signin")]
    public async Task Page_Markup_HasNoInlineScriptOrStyle(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(path));

        // Scripts only as files of this origin (CSP script-src 'self'), never inline.
        Assert.All(page.QuerySelectorAll("script"), s =>
        {
            Assert.StartsWith("/", s.GetAttribute("src"));
            Assert.Equal("", s.TextContent);
        });
        Assert.Contains(page.QuerySelectorAll("script"), s => s.GetAttribute("src")!.StartsWith("/forewarn.js", StringComparison.Ordinal));
        Assert.Empty(page.QuerySelectorAll("style"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/licenses", "/signin?ReturnUrl=%2Flicenses")]
    [InlineData("/preferences?sa=acme-networks.com", "/signin?ReturnUrl=%2Fpreferences%3Fsa%3Dacme-networks.com")]
    [InlineData("/mailbox/1", "/signin?ReturnUrl=%2Fmailbox%2F1")]
    [InlineData("/mailbox/1/html", "/signin?ReturnUrl=%2Fmailbox%2F1%2Fhtml")]
    [InlineData("/events/export.csv?sa=acme-networks.com", "/signin?ReturnUrl=%2Fevents%2Fexport.csv%3Fsa%3Dacme-networks.com")]
    [InlineData("/", "/signin?ReturnUrl=%2F")]
    public async Task AnyPage_Anonymous_RedirectsToSignInAndShowsNothing(string path, string signIn)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(web.BaseAddress, signIn), response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("R&amp;D", body);
        Assert.DoesNotContain("html", body);
    }

    [Fact]
    public async Task PreferencesPost_Anonymous_RedirectsToSignInAndStoresNothing()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();
        // A token from the sign-in page is a real anonymous token: the refusal is about who, not about forgery.
        var token = TestWebApp.Token((await web.GetDocumentAsync(client, "/signin")).QuerySelector("form")!);

        using var response = await client.PostAsync("/preferences?sa=acme-networks.com", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["DailyEventSummary"] = "true", ["Events"] = "LicensesExpiring",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.AbsolutePath);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.NotificationPreferences);
    }

    [Fact]
    public async Task RunDailySummary_PostWithoutAntiforgeryToken_IsRefusedWith400()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);
        // The cookie half alone is not enough: the form field must match it.
        await client.GetStringAsync("/mailbox");

        using var response = await client.PostAsync("/daily-summary",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["sa"] = "acme-networks.com", ["date"] = "2026-12-03" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/signout")]
    [InlineData("/preferences?sa=acme-networks.com")]
    public async Task Form_PostWithoutAntiforgeryToken_IsRefusedWith400(string path)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        using var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = Alice, ["Password"] = Password, ["DailyEventSummary"] = "true",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.NotificationPreferences);
        // Still signed in: the sign-out without a token did nothing.
        using var after = await client.GetAsync("/licenses");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task EveryForm_OnEveryPage_CarriesAnAntiforgeryToken()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        foreach (var path in new[] { "/licenses", "/events", "/preferences", "/mailbox", "/signin", "/signout" })
        {
            var page = await web.GetDocumentAsync(client, path);
            var posts = page.QuerySelectorAll("form").Where(f => f.GetAttribute("method") == "post").ToList();
            Assert.NotEmpty(posts); // at least the sign-out button
            Assert.All(posts, f => Assert.NotEmpty(TestWebApp.Token(f)));
        }
    }

    [Fact]
    public async Task RunDailySummary_PostWithTokenButNoValidDate_RedirectsToMailboxWithTheErrorAndRunsNothing()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);
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

    [Fact]
    public async Task Header_SignedInUsersName_IsEscaped()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        var html = await client.GetStringAsync("/licenses");

        Assert.Contains("Alice &lt;Admin&gt;", html);
        Assert.DoesNotContain("<Admin>", html);
    }
}
