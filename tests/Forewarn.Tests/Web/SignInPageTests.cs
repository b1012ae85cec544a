using System.Net;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

/// <summary>The sign-in and sign-out pages through the real app: cookie, anti-forgery, lock-out, local return URLs only.</summary>
public class SignInPageTests
{
    private const string Alice = "alice@acme-networks.com";

    private static async Task<(TestDatabase Db, TestWebApp Web)> StartAsync(DatabaseKind kind = DatabaseKind.Sqlite, bool demo = false)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT"));
        var alice = Person(Alice, "Alice Admin");
        var nopass = new User { Email = "new@acme-networks.com", Name = "No Password Yet" };
        alice.HasDemoPassword = demo;
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, alice, nopass, Grant(alice, acme, Role.SmartAccountAdmin), Grant(nopass, acme, Role.SmartAccountUser));
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SignIn_RightPassword_SetsTheCookieAndOpensTheReturnUrl(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        using var response = await web.PostSignInAsync(client, "  ALICE@acme-networks.com ", Password, "/events?sa=acme-networks.com");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/events?sa=acme-networks.com", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("forewarn.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await web.GetDocumentAsync(client, "/events?sa=acme-networks.com");
        Assert.Equal("Event Log · Acme Networks", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Alice Admin", page.QuerySelector("header .who")!.TextContent.Trim());
        Assert.Equal(Alice, page.QuerySelector("header .who")!.GetAttribute("title"));
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/phish")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task SignIn_ReturnUrlElsewhere_GoesToTheStartPageInstead(string returnUrl)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        using var response = await web.PostSignInAsync(client, Alice, Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData(Alice, "wrong password!")]
    [InlineData("nobody@acme-networks.com", Password)]
    [InlineData("new@acme-networks.com", Password)]
    [InlineData("", "")]
    public async Task SignIn_WrongCredentials_OneGenericMessageNoCookieEmailKept(string email, string password)
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        using var response = await web.PostSignInAsync(client, email, password);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith("forewarn.auth=", StringComparison.Ordinal));
        var html = await response.Content.ReadAsStringAsync();
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.Equal("The email or the password is wrong, or the account is locked for a while after repeated failed sign-ins.", page.QuerySelector("#signin-error")!.TextContent);
        Assert.Equal(email, page.QuerySelector("input[name=Email]")!.GetAttribute("value") ?? "");
        Assert.Null(page.QuerySelector("input[name=Password]")!.GetAttribute("value"));
        if (password.Length > 0) Assert.DoesNotContain(password, html);
        using var after = await client.GetAsync("/licenses");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();
        for (var i = 0; i < 5; i++)
            using (var wrong = await web.PostSignInAsync(client, Alice, $"wrong password {i}"))
                Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        using var response = await web.PostSignInAsync(client, Alice, Password);
        using var unknown = await web.PostSignInAsync(web.NewClient(), "nobody@acme-networks.com", Password);

        // The locked account answers as an unknown email does: same status, same words (nothing tells it exists).
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (response.StatusCode, unknown.StatusCode));
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var unknownPage = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await unknown.Content.ReadAsStringAsync());
        Assert.Equal("The email or the password is wrong, or the account is locked for a while after repeated failed sign-ins.",
            page.QuerySelector("#signin-error")!.TextContent);
        Assert.Equal(unknownPage.QuerySelector("#signin-error")!.TextContent, page.QuerySelector("#signin-error")!.TextContent);
        using var after = await client.GetAsync("/licenses");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        await using var ctx = db.NewContext();
        Assert.Equal(new DateTime(2026, 12, 3, 15, 15, 0), (await ctx.Users.SingleAsync(u => u.Email == Alice)).LockedUntil);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SignIn_PasswordChangedSince_TheOldSessionIsSignedOutAtItsNextRequest(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var before = await web.SignInAsync(Alice);
        Assert.Equal("Licenses · Acme Networks", (await web.GetDocumentAsync(before, "/licenses?sa=acme-networks.com")).QuerySelector("h1")!.TextContent.Trim());

        // What `forewarn user set-password` does, e.g. after the demo password leaked.
        await using (var scope = web.App.Services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<Forewarn.Core.Accounts.SetPassword>()
                .HandleAsync(new(Alice, "a brand new passphrase"), default)).IsOk);

        using var stale = await before.GetAsync("/licenses?sa=acme-networks.com");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=", stale.Headers.Location!.PathAndQuery);
        using var api = await before.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        // Signed in again with the new password, the new session stands.
        using var after = await web.SignInAsync(Alice, "a brand new passphrase");
        using var fresh = await after.GetAsync("/licenses?sa=acme-networks.com");
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task SignOut_Post_EndsTheSessionAndGoesToSignIn()
    {
        var (db, web) = await StartAsync();
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);
        var page = await web.GetDocumentAsync(client, "/licenses");
        var form = page.QuerySelector("header form.signout")!;
        Assert.Equal("/signout", form.GetAttribute("action"));

        using var response = await client.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TestWebApp.Token(form),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.OriginalString);
        using var after = await client.GetAsync("/licenses");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task SignInPage_SomeUserWithTheDemoPassword_ShowsTheDemoHintWithTheirAccess()
    {
        var (db, web) = await StartAsync(demo: true);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        var page = await web.GetDocumentAsync(client, "/signin");

        var hint = page.QuerySelector("aside.demo")!;
        Assert.Equal("forewarn-demo", hint.QuerySelector("p code")!.TextContent);
        Assert.Equal(["alice@acme-networks.com (Smart Account admin of Acme Networks)"],
            hint.QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
    }

    [Fact]
    public async Task SignInPage_NoUserWithTheDemoPassword_ShowsNoHint()
    {
        var (db, web) = await StartAsync(demo: false);
        await using var _ = db; await using var __ = web;
        using var client = web.NewClient();

        var page = await web.GetDocumentAsync(client, "/signin");

        Assert.Null(page.QuerySelector("aside.demo"));
        Assert.DoesNotContain("forewarn-demo", page.Body!.TextContent);
        // Anonymous: the header offers no navigation, selector or sign-out.
        Assert.Null(page.QuerySelector("header nav"));
        Assert.Null(page.QuerySelector("header form"));
    }
}
