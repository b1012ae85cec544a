using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Pages;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

/// <summary>
/// Manage Licenses → Preferences → Notifications through the real app, as a browser without JavaScript uses it
/// (N1–N7): GET the form, POST it with its anti-forgery token, follow the redirect.
/// </summary>
public class PreferencesPageTests
{
    private const string Alice = "alice@acme-networks.com";   // Smart Account admin of Acme
    private const string Bob = "bob@acme-networks.com";       // Smart Account user of Acme
    private const string Carol = "carol@acme-networks.com";   // VA user of EMEA
    private const string Acme = "/preferences?sa=acme-networks.com";

    private static readonly string[] AlertEvents =
        ["InsufficientLicenses", "LicensesExpiring", "LicensesExpired", "ProductInstanceFailedToConnect", "ProductInstanceFailedToRenew", "AuthorizationExpired"];
    private static readonly string[] InformationalEvents =
        ["NewLicenses", "LicensesRemoved", "ProductInstanceRegistered", "RegistrationRenewed", "AuthorizationRenewed"];

    private static async Task<(TestDatabase Db, TestWebApp Web)> StartAsync(DatabaseKind kind, string acmeName = "Acme Networks")
    {
        var db = await TestDatabase.CreateAsync(kind);
        var emea = Va("EMEA");
        // Lines expiring 10, 45 and 80 days after 2026-12-03, the digest date of the N4 test.
        var acme = Account(acmeName, "acme-networks.com", "America/New_York",
            Va("DEFAULT",
                License("Catalyst 9300 Network Advantage", Line(LicenseType.Term, 10, "2025-12-01", "2026-12-13")),
                License("ISE Plus", Line(LicenseType.Term, 4, "2025-12-01", "2027-01-17")),
                License("DNA Advantage", Line(LicenseType.Subscription, 2, "2025-12-01", "2027-02-21"))),
            emea);
        var initech = Account("Initech", "initech.io", "Pacific/Auckland", Va("DEFAULT"));
        var alice = Person(Alice, "Alice");
        var bob = Person(Bob, "Bob");
        var carol = Person(Carol, "Carol");
        var ivan = Person("ivan@initech.io", "Ivan");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, initech, alice, bob, carol, ivan,
                Grant(alice, acme, Role.SmartAccountAdmin), Grant(bob, acme, Role.SmartAccountUser),
                Grant(carol, acme, Role.VirtualAccountUser, emea), Grant(ivan, initech, Role.SmartAccountAdmin));
        return (db, await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero))));
    }

    /// <summary>Posts the Preferences form of <paramref name="path"/> with its token and the given fields (repeatable names).</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(TestWebApp web, HttpClient client, string path, params (string Name, string Value)[] fields)
    {
        var page = await web.GetDocumentAsync(client, path);
        var form = page.QuerySelector("form#preferences")!;
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Prepend(new("__RequestVerificationToken", TestWebApp.Token(form)));
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(all));
    }

    private static IEnumerable<(string, string)> Events(params string[] names) => names.Select(n => ("Events", n));

    /// <param name="Events">The ticked event types, comma-separated (a string so that records compare by value).</param>
    private sealed record FormState(bool Daily, bool Status, string Events, string? Range, string? AdditionalEmails)
    {
        public FormState(bool daily, bool status, IEnumerable<string> events, string? range, string? additionalEmails)
            : this(daily, status, string.Join(",", events), range, additionalEmails) { }
    }

    private static FormState Read(IHtmlDocument page) => new(
        page.QuerySelector<IHtmlInputElement>("#daily-event-summary")!.IsChecked,
        page.QuerySelector<IHtmlInputElement>("#status-notification")!.IsChecked,
        page.QuerySelectorAll<IHtmlInputElement>("input[name=Events]").Where(i => i.IsChecked).Select(i => i.Value),
        page.QuerySelectorAll<IHtmlInputElement>("input[name=ExpiringRangeDays]").SingleOrDefault(i => i.IsChecked)?.Value,
        page.QuerySelector<IHtmlInputElement>("#additional-emails")?.Value);

    private static FormState ReadSaved(IHtmlDocument page) => new(
        page.QuerySelector("#daily-event-summary")!.GetAttribute("data-saved") == "true",
        page.QuerySelector("#status-notification")!.GetAttribute("data-saved") == "true",
        page.QuerySelectorAll("input[name=Events]").Where(i => i.GetAttribute("data-saved") == "true").Select(i => i.GetAttribute("value")!),
        page.QuerySelectorAll("input[name=ExpiringRangeDays]").SingleOrDefault(i => i.GetAttribute("data-saved") == "true")?.GetAttribute("value"),
        page.QuerySelector("#additional-emails")?.GetAttribute("data-saved"));

    private static async Task<NotificationPreference?> StoredAsync(TestDatabase db, string email)
    {
        await using var ctx = db.NewContext();
        var userId = await ctx.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await ctx.NotificationPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId);
    }

    private static async Task<List<string>> PreferencesEventsAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Events.Where(e => e.Type == EventType.PreferencesChanged).OrderBy(e => e.Id).Select(e => e.Message).ToListAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Preferences_NewAdmin_ShowsTheN2DefaultsInTwoGroupsTheRangeOptionsAndTheAddressesField(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        var page = await web.GetDocumentAsync(client, Acme);

        Assert.Equal("Preferences · Acme Networks", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("Notifications", page.QuerySelector("section.notifications h2")!.TextContent);
        Assert.Equal(new FormState(false, false, AlertEvents.Concat(InformationalEvents), null, ""), Read(page));
        Assert.Equal(new FormState(false, false, AlertEvents.Concat(InformationalEvents), null, ""), ReadSaved(page));
        var groups = page.QuerySelectorAll("fieldset.events .group");
        Assert.Equal(["Alert events", "Informational events"], groups.Select(g => g.QuerySelector("h3")!.TextContent));
        Assert.Equal(AlertEvents, groups[0].QuerySelectorAll("input").Select(i => i.GetAttribute("value")));
        Assert.Equal(InformationalEvents, groups[1].QuerySelectorAll("input").Select(i => i.GetAttribute("value")));
        Assert.Equal("Licenses Expiring", page.QuerySelector("#event-LicensesExpiring")!.ParentElement!.TextContent.Trim());
        Assert.Equal(["90", "60", "30", "17", "7", "4", "3"], page.QuerySelectorAll("input[name=ExpiringRangeDays]").Select(i => i.GetAttribute("value")));
        Assert.Equal("radio", page.QuerySelector("input[name=ExpiringRangeDays]")!.GetAttribute("type"));
        Assert.Equal("Additional Email Addresses", page.QuerySelector("label[for=additional-emails]")!.TextContent);
        Assert.Equal(["Save", "Reset"], page.QuerySelectorAll("form#preferences .actions button").Select(b => b.TextContent));
        Assert.Equal("reset", page.QuerySelector("#reset")!.GetAttribute("type"));
        Assert.StartsWith("/preferences.js", page.QuerySelector("script[src^='/preferences.js']")!.GetAttribute("src"));
    }

    [Theory]
    [InlineData(Bob)]
    [InlineData(Carol)]
    public async Task Preferences_NotASmartAccountAdmin_HasNoAdditionalEmailAddressesField(string email)
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(email);

        var page = await web.GetDocumentAsync(client, Acme);

        Assert.Null(page.QuerySelector("input[name=AdditionalEmails]"));
        Assert.DoesNotContain("Additional Email Addresses", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("#daily-event-summary"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Preferences_AdminSaves_StoresEverythingRedirectsConfirmsAndLogsTheChange(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        using var response = await PostFormAsync(web, client, Acme,
            [("DailyEventSummary", "true"), ("StatusNotification", "true"), .. Events("LicensesExpiring", "NewLicenses"),
             ("ExpiringRangeDays", "30"), ("AdditionalEmails", " NOC@acme-networks.com,  ops@emea.acme-networks.com, noc@acme-networks.com ")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Acme, response.Headers.Location!.OriginalString);
        var page = await web.GetDocumentAsync(client, Acme);
        Assert.Equal(PreferencesModel.SavedMessage, page.QuerySelector(".status.ok")!.TextContent);
        Assert.Equal("Saved. Notifications will follow these preferences.", PreferencesModel.SavedMessage);
        var expected = new FormState(true, true, (string[])["LicensesExpiring", "NewLicenses"], "30", "noc@acme-networks.com, ops@emea.acme-networks.com");
        Assert.Equal(expected, Read(page));
        Assert.Equal(expected, ReadSaved(page));
        var stored = await StoredAsync(db, Alice);
        Assert.Equal((true, true, NotificationTypes.LicensesExpiring | NotificationTypes.NewLicenses, (int?)30, "noc@acme-networks.com,ops@emea.acme-networks.com"),
            (stored!.DailyEventSummary, stored.StatusNotification, stored.Events, stored.ExpiringRangeDays, stored.AdditionalEmails));
        // N7: the change is in the Event Log, naming who changed it.
        var log = await web.GetDocumentAsync(client, "/events?sa=acme-networks.com");
        var row = log.QuerySelectorAll("table.events tbody tr").Single().QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["PreferencesChanged", "Smart Account", Alice], new[] { row[1], row[2], row[4] });
        Assert.StartsWith("alice@acme-networks.com changed notification preferences: Daily Event Summary off → on; Status Notification off → on;", row[3]);
        // Shown once: a reload does not confirm again.
        Assert.Null((await web.GetDocumentAsync(client, Acme)).QuerySelector(".status.ok"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Preferences_DailySummaryAndLicensesExpiringWithNoRange_ServerPreselects90(DatabaseKind kind)
    {
        // Without JavaScript nothing preselects 90 in the page: the server applies N3 on Save.
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Bob);

        using var response = await PostFormAsync(web, client, Acme, [("DailyEventSummary", "true"), .. Events(AlertEvents)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(90, (await StoredAsync(db, Bob))!.ExpiringRangeDays);
        Assert.Equal("90", Read(await web.GetDocumentAsync(client, Acme)).Range);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Preferences_DailySummaryOrLicensesExpiringOff_StoresNoRangeWhateverWasSent(bool daily, bool licensesExpiring)
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Bob);
        (string, string)[] fields = [.. Events(licensesExpiring ? ["LicensesExpiring", "NewLicenses"] : ["NewLicenses"]), ("ExpiringRangeDays", "30")];
        if (daily) fields = [("DailyEventSummary", "true"), .. fields];

        using var response = await PostFormAsync(web, client, Acme, fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await StoredAsync(db, Bob);
        Assert.Equal(daily, stored!.DailyEventSummary);
        Assert.Null(stored.ExpiringRangeDays);
        Assert.Null(Read(await web.GetDocumentAsync(client, Acme)).Range);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Preferences_AdminAddsAForeignAddress_RefusedWholeErrorNextToTheFieldInputKeptNothingStored(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);
        using (var first = await PostFormAsync(web, client, Acme,
                   [("DailyEventSummary", "true"), .. Events("LicensesExpiring"), ("ExpiringRangeDays", "60"), ("AdditionalEmails", "noc@acme-networks.com")]))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var before = await StoredAsync(db, Alice);
        var eventsBefore = await PreferencesEventsAsync(db);

        using var response = await PostFormAsync(web, client, Acme,
            [("DailyEventSummary", "true"), ("StatusNotification", "true"), .. Events("LicensesExpiring", "LicensesExpired"),
             ("ExpiringRangeDays", "30"), ("AdditionalEmails", "noc@acme-networks.com, x@evil.example, <b>bad</b>")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);
        Assert.Equal(
            ["x@evil.example is outside the Smart Account domain acme-networks.com.", "<b>bad</b> is not a valid email address."],
            page.QuerySelectorAll("#additional-emails-field .field-errors li").Select(li => li.TextContent));
        Assert.Equal("true", page.QuerySelector("#additional-emails")!.GetAttribute("aria-invalid"));
        Assert.Equal("Nothing was saved: 2 problems to fix.", page.QuerySelector("#error-summary p")!.TextContent);
        Assert.DoesNotContain("<b>bad</b>", html);
        // The user's input stays in the form; the saved state stays in data-saved for Reset.
        Assert.Equal(new FormState(true, true, (string[])["LicensesExpiring", "LicensesExpired"], "30", "noc@acme-networks.com, x@evil.example, <b>bad</b>"), Read(page));
        Assert.Equal(new FormState(true, false, (string[])["LicensesExpiring"], "60", "noc@acme-networks.com"), ReadSaved(page));
        // Nothing of the form was stored, and no change was logged.
        var after = await StoredAsync(db, Alice);
        Assert.Equal((before!.DailyEventSummary, before.StatusNotification, before.Events, before.ExpiringRangeDays, before.AdditionalEmails),
            (after!.DailyEventSummary, after.StatusNotification, after.Events, after.ExpiringRangeDays, after.AdditionalEmails));
        Assert.Equal(eventsBefore, await PreferencesEventsAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Preferences_NonAdminPostsAdditionalAddressesByHand_Refused403AndNothingStored(DatabaseKind kind)
    {
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Bob);

        // The page offers no such field to Bob: this is a hand-made POST with a valid token.
        using var response = await PostFormAsync(web, client, Acme,
            [("DailyEventSummary", "true"), .. Events("LicensesExpiring"), ("AdditionalEmails", "noc@acme-networks.com")]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(["Only a Smart Account admin of this Smart Account may set additional email addresses."],
            page.QuerySelectorAll("#error-summary li").Select(li => li.TextContent));
        Assert.Null(page.QuerySelector("input[name=AdditionalEmails]"));
        Assert.Null(await StoredAsync(db, Bob));
        Assert.Empty(await PreferencesEventsAsync(db));
    }

    [Fact]
    public async Task Preferences_RangeNotAnOptionAndUnknownEventType_EachErrorNextToItsFieldNothingStored()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        using var response = await PostFormAsync(web, client, Acme,
            [("DailyEventSummary", "true"), .. Events("LicensesExpiring", "Bogus<script>"), ("ExpiringRangeDays", "45")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(["45 is not a range option; choose one of 90, 60, 30, 17, 7, 4, 3 days."],
            page.QuerySelectorAll("#expiring-range .field-errors li").Select(li => li.TextContent));
        var eventError = Assert.Single(page.QuerySelectorAll("#events .field-errors li")).TextContent;
        Assert.StartsWith("'Bogus<script>' is not an event type; choose from InsufficientLicenses, LicensesExpiring,", eventError);
        Assert.Null(await StoredAsync(db, Alice));
    }

    [Fact]
    public async Task Preferences_RangeThatIsNotANumber_RefusedNextToTheRangeNothingStored()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        using var response = await PostFormAsync(web, client, Acme, [("DailyEventSummary", "true"), .. Events("LicensesExpiring"), ("ExpiringRangeDays", "ninety")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(["'ninety' is not valid."], page.QuerySelectorAll("#expiring-range .field-errors li").Select(li => li.TextContent));
        Assert.Null(await StoredAsync(db, Alice));
    }

    [Fact]
    public async Task Preferences_AccountTheUserCannotSee_404ForReadingAndSavingNothingStored()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);
        var token = TestWebApp.Token((await web.GetDocumentAsync(client, Acme)).QuerySelector("form#preferences")!);

        var page = await web.GetDocumentAsync(client, "/preferences?sa=initech.io", HttpStatusCode.NotFound);
        using var response = await client.PostAsync("/preferences?sa=initech.io", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["DailyEventSummary"] = "true",
        }));

        Assert.Equal("No such Smart Account", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.NotificationPreferences);
    }

    [Fact]
    public async Task Preferences_PostNamingAnotherUser_StillSavesOnlyTheSignedInUsersOwn()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var carol = await web.SignInAsync(Carol);
        int aliceId;
        await using (var ctx = db.NewContext()) aliceId = await ctx.Users.Where(u => u.Email == Alice).Select(u => u.Id).SingleAsync();
        var form = (await web.GetDocumentAsync(carol, Acme)).QuerySelector("form#preferences")!;
        Assert.DoesNotContain(form.QuerySelectorAll("input"), i => (i.GetAttribute("name") ?? "").Contains("user", StringComparison.OrdinalIgnoreCase));

        using var response = await PostFormAsync(web, carol, Acme,
            [("UserId", aliceId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("userId", aliceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
             ("Email", Alice), ("DailyEventSummary", "true"), .. Events("LicensesExpiring"), ("ExpiringRangeDays", "7")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await StoredAsync(db, Alice));
        Assert.Equal(7, (await StoredAsync(db, Carol))!.ExpiringRangeDays);
    }

    [Fact]
    public async Task Preferences_PostWithoutTheAccount_IsABadRequest()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);
        var token = TestWebApp.Token((await web.GetDocumentAsync(client, Acme)).QuerySelector("form#preferences")!);

        using var response = await client.PostAsync("/preferences", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["DailyEventSummary"] = "true",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.NotificationPreferences);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Preferences_RangeChangedFrom90To30AndSaved_TheNextDigestListsOnlyLinesWithin30Days(DatabaseKind kind)
    {
        // N4 with D3: what the form saves is what the next daily run uses.
        var (db, web) = await StartAsync(kind);
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Bob);
        using (var first = await PostFormAsync(web, client, Acme, [("DailyEventSummary", "true"), .. Events("LicensesExpiring"), ("ExpiringRangeDays", "90")]))
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        // The clock stands on 3 December, so the two runs are for 2 and 3 December (a date not begun yet is skipped, D2).
        var date = new DateOnly(2026, 12, 2);
        Assert.Equal(3, (await DigestLinesAsync(web, db, date)).Count); // with 90 days: all three lines

        using (var second = await PostFormAsync(web, client, Acme, [("DailyEventSummary", "true"), .. Events("LicensesExpiring"), ("ExpiringRangeDays", "30")]))
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        Assert.Equal(["- Catalyst 9300 Network Advantage | DEFAULT | qty 10 | expires 2026-12-13 | 10 days left"],
            await DigestLinesAsync(web, db, date.AddDays(1)));
    }

    /// <summary>Runs the real daily summary of Acme for <paramref name="date"/> in the app and returns Bob's expiring-license lines.</summary>
    private static async Task<List<string>> DigestLinesAsync(TestWebApp web, TestDatabase db, DateOnly date)
    {
        await using (var scope = web.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(date, "acme-networks.com"), default);
        await using var ctx = db.NewContext();
        var digests = await ctx.Outbox.Where(m => m.Recipient == Bob).ToListAsync();
        var header = new KeyValuePair<string, string>("X-Forewarn-Date", date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return digests.Single(m => m.Headers().Contains(header)).TextBody.Split('\n')
            .Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task Preferences_AccountNamedWithMarkup_IsEscaped()
    {
        var (db, web) = await StartAsync(DatabaseKind.Sqlite, acmeName: "Acme <script>alert(1)</script> & Co");
        await using var _ = db; await using var __ = web;
        using var client = await web.SignInAsync(Alice);

        var html = await client.GetStringAsync(Acme);

        Assert.Contains("Preferences · Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html);
        Assert.DoesNotContain("<script>alert(1)", html);
    }
}
