using System.Net;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

/// <summary>Event Log → Export CSV (§7) through the real app: what the user sees on the tab, every page of it.</summary>
public class EventLogExportTests
{
    private const string Url = "/events/export.csv?sa=acme-networks.com";

    private static async Task<(TestDatabase Db, TestWebApp Web)> StartAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var emea = Va("EMEA");
        var apjc = Va("APJC");
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", emea, apjc);
        var initech = Account("Initech", "initech.io", "Pacific/Auckland", Va("DEFAULT"));
        var bob = Person("bob@acme-networks.com", "Bob");
        var carol = Person("carol@acme-networks.com", "Carol");
        var ivan = Person("ivan@initech.io", "Ivan");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, initech, bob, carol, ivan,
                Grant(bob, acme, Role.SmartAccountUser), Grant(carol, acme, Role.VirtualAccountUser, emea), Grant(ivan, initech, Role.SmartAccountAdmin),
                new Event { SmartAccount = acme, VirtualAccount = emea, At = new DateTime(2026, 12, 2, 14, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "10 \"ISE Plus\", 5 DNA added" },
                new Event { SmartAccount = acme, At = new DateTime(2026, 12, 3, 4, 30, 0, DateTimeKind.Utc), Type = EventType.PreferencesChanged, Message = "=HYPERLINK(\"http://evil.example\")", ActorEmail = "bob@acme-networks.com" },
                new Event { SmartAccount = acme, VirtualAccount = apjc, At = new DateTime(2026, 11, 30, 9, 15, 0, DateTimeKind.Utc), Type = EventType.LicensesExpiring, Message = "line one\nline two" },
                new Event { SmartAccount = initech, At = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "not Acme's" });
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Export_SmartAccountUser_EveryVisibleEventAsRfc4180CsvNewestFirstWithLocalOffsets(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("bob@acme-networks.com");
        var link = (await web.GetDocumentAsync(client, "/events?sa=acme-networks.com")).QuerySelector("a.export")!;

        using var response = await client.GetAsync(link.GetAttribute("href"));

        Assert.Equal(Url, link.GetAttribute("href"));
        Assert.Equal("Export CSV", link.TextContent.Trim());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("event-log-acme-networks.com-2026-12-03.csv", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(
            "Time,Type,Virtual Account,Message,User\r\n" +
            "2026-12-02T23:30:00-05:00,PreferencesChanged,,\"'=HYPERLINK(\"\"http://evil.example\"\")\",bob@acme-networks.com\r\n" +
            "2026-12-02T09:00:00-05:00,NewLicenses,EMEA,\"10 \"\"ISE Plus\"\", 5 DNA added\",\r\n" +
            "2026-11-30T04:15:00-05:00,LicensesExpiring,APJC,\"line one\nline two\",\r\n",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_VirtualAccountUser_OnlyTheirVirtualAccountsEvents()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("carol@acme-networks.com");

        var csv = await client.GetStringAsync(Url);

        Assert.Equal(
            "Time,Type,Virtual Account,Message,User\r\n" +
            "2026-12-02T09:00:00-05:00,NewLicenses,EMEA,\"10 \"\"ISE Plus\"\", 5 DNA added\",\r\n",
            csv);
    }

    [Theory]
    [InlineData("&from=2026-12-02&to=2026-12-02", new[] { "PreferencesChanged", "NewLicenses" })]
    [InlineData("&from=2026-12-01", new[] { "PreferencesChanged", "NewLicenses" })]
    [InlineData("&to=2026-12-01", new[] { "LicensesExpiring" })]
    [InlineData("&from=2026-12-03", new string[0])]
    public async Task Export_BetweenDates_KeepsEventsOfThoseDaysInTheAccountsZone(string range, string[] types)
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("bob@acme-networks.com");

        var csv = await client.GetStringAsync(Url + range);

        // 04:30 UTC on the 3rd is still the 2nd in New York: it belongs to the 2nd.
        Assert.Equal(types, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[1]));
    }

    [Theory]
    [InlineData("&from=2026-12-03&to=2026-12-01", HttpStatusCode.BadRequest, "to: 2026-12-01 is before from 2026-12-03.")]
    [InlineData("&from=yesterday", HttpStatusCode.BadRequest, "from: 'yesterday' is not a date like 2026-12-03.")]
    public async Task Export_BadDates_RefusedNamingTheField(string range, HttpStatusCode status, string message)
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("bob@acme-networks.com");

        using var response = await client.GetAsync(Url + range);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_AccountTheUserCannotSee_404WithoutAnyRow()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync("ivan@initech.io");

        using var response = await client.GetAsync(Url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("ISE", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("-5 licenses", "'-5 licenses")]
    [InlineData("+1", "'+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("", "")]
    public void Field_Value_QuotedWhenNeededAndNeverAFormula(string value, string expected) =>
        Assert.Equal(expected, ExportEventLog.Field(value));
}
