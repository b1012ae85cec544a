using Forewarn.Core.Accounts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class FirstStartTests
{
    private static readonly Dictionary<string, string?> ImportSample = new() { ["Forewarn:Serve:ImportSampleOnFirstStart"] = "true" };

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task FirstStart_EmptyDatabase_ImportsTheBundledSampleOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        await using (var web = await TestWebApp.StartAsync(db, Clock(), ImportSample))
        {
            Assert.Contains(web.Logs.Entries, e => e.Message.StartsWith("The database was empty: imported the bundled sample", StringComparison.Ordinal)
                                                   && e.Message.Contains("3 Smart Accounts", StringComparison.Ordinal));
            Assert.Contains(web.Logs.Entries, e => e.Message == "The 9 sample users can sign in with the demo password 'forewarn-demo' until they set their own");
            // README command 1: a newcomer signs in with a demo account at once.
            using var client = await web.SignInAsync("alice.admin@acme-networks.com", "forewarn-demo");
            var page = await web.GetDocumentAsync(client, "/licenses?sa=acme-networks.com");
            var first = page.QuerySelectorAll("table.licenses tbody tr").First(tr => tr.QuerySelector("td")!.TextContent == "Firepower Threat Defense Threat Protection"
                && tr.QuerySelectorAll("td")[5].TextContent == "2026-12-05");
            // Expiry 2026-12-05 seen from 3 December in New York.
            Assert.Equal(["Firepower Threat Defense Threat Protection", "DEFAULT", "TERM", "1", "2026-08-07", "2026-12-05", "2 days left"],
                first.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
        }
        await using (var ctx = db.NewContext())
            Assert.Equal(["acme-networks.com", "globex-mfg.com", "initech.io"], await ctx.SmartAccounts.OrderBy(a => a.Domain).Select(a => a.Domain).ToListAsync());

        int lines;
        await using (var ctx = db.NewContext()) lines = await ctx.LicenseLines.CountAsync();
        await using (var again = await TestWebApp.StartAsync(db, Clock(), ImportSample))
            Assert.Contains(again.Logs.Entries, e => e.Message == "The database holds 3 Smart Account(s); the bundled sample is not imported");
        await using (var ctx = db.NewContext()) Assert.Equal(lines, await ctx.LicenseLines.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task FirstStart_Sample_EveryUserHasTheDemoPasswordAndTheSignInPageSaysSoUntilTheyChangeIt(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var web = await TestWebApp.StartAsync(db, Clock(), ImportSample);
        using var anonymous = web.NewClient();

        await using (var ctx = db.NewContext())
        {
            var users = await ctx.Users.OrderBy(u => u.Email).ToListAsync();
            Assert.Equal(9, users.Count);
            Assert.All(users, u => Assert.True(u.HasDemoPassword, u.Email));
            Assert.All(users, u => Assert.StartsWith("AQAAAA", u.PasswordHash)); // the framework's hash format, never the password
        }
        var hint = (await web.GetDocumentAsync(anonymous, "/signin")).QuerySelector("aside.demo")!;
        var items = hint.QuerySelectorAll("li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(9, items.Count);
        Assert.Contains("alice.admin@acme-networks.com (Smart Account admin of Acme Networks)", items);
        Assert.Contains("bob.user@acme-networks.com (Smart Account user of Acme Networks)", items);
        Assert.Contains("carol.va@acme-networks.com (VA user of EMEA in Acme Networks)", items);
        Assert.Contains("grace.two@globex-mfg.com (Smart Account admin of Globex Manufacturing; VA viewer of APJC in Acme Networks)", items);
        Assert.Contains("forewarn-demo", hint.TextContent);

        // Every user sets a password of their own: the hint goes away.
        await using (var services = db.Services(Clock()))
        await using (var scope = services.CreateAsyncScope())
        {
            var setPassword = scope.ServiceProvider.GetRequiredService<SetPassword>();
            await using var ctx = db.NewContext();
            foreach (var email in await ctx.Users.Select(u => u.Email).ToListAsync())
                Assert.True((await setPassword.HandleAsync(new(email, "a password of my own"), default)).IsOk);
        }
        var after = await web.GetDocumentAsync(anonymous, "/signin");
        Assert.Null(after.QuerySelector("aside.demo"));
        using var refused = await web.PostSignInAsync(web.NewClient(), "alice.admin@acme-networks.com", "forewarn-demo");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task FirstStart_DatabaseWithAnAccount_ImportsNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT")));

        await using var web = await TestWebApp.StartAsync(db, Clock(), ImportSample);

        Assert.Contains(web.Logs.Entries, e => e.Message == "The database holds 1 Smart Account(s); the bundled sample is not imported");
        await using var check = db.NewContext();
        Assert.Equal(["acme-networks.com"], await check.SmartAccounts.Select(a => a.Domain).ToListAsync());
    }

    [Fact]
    public async Task FirstStart_EmptyDatabaseWithSampleImportOff_StartsEmptyAndSaysSo()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        await using var web = await TestWebApp.StartAsync(db, Clock());

        Assert.Contains(web.Logs.Entries, e => e.Message == "The database is empty and Forewarn:Serve:ImportSampleOnFirstStart is off: starting without data");
        using var client = web.NewClient();
        var page = await web.GetDocumentAsync(client, "/signin");
        Assert.Equal("Sign in to Forewarn", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("aside.demo"));
    }

    [Fact]
    public async Task FirstStart_NewDatabase_IsMigratedBeforeServing()
    {
        // A data directory with no database file at all: start-up creates and migrates it.
        var dir = Path.Combine(Path.GetTempPath(), "forewarn-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?> { ["Forewarn:DataDirectory"] = dir };
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        await using (var web = await TestWebApp.StartAsync(db, Clock(), settings))
        {
            Assert.True(File.Exists(Path.Combine(dir, "forewarn.db")));
            using var client = web.NewClient();
            Assert.Equal("Sign in to Forewarn", (await web.GetDocumentAsync(client, "/signin")).QuerySelector("h1")!.TextContent.Trim());
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
