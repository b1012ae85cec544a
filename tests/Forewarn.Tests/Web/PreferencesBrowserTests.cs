using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

/// <summary>
/// The Preferences tab in a real Chromium against the real server on a loopback port (N1–N6): sign-in, the selector,
/// live N3, Save and Reset, the N5 refusal, and that the next digest follows what was saved (N4).
/// </summary>
[Collection(BrowserCollection.Name)]
public class PreferencesBrowserTests(BrowserFixture browser)
{
    private const string Alice = "alice@acme-networks.com"; // admin of Acme, user of Globex
    private const string Bob = "bob@acme-networks.com";     // user of Acme
    private const string Acme = "/preferences?sa=acme-networks.com";
    private static readonly DateOnly D = new(2026, 12, 3);

    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    private static async Task<TestWebApp> StartAsync(TestDatabase db, NotificationPreference? alicesSaved = null)
    {
        static string Day(int days) => D.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York",
            Va("DEFAULT",
                License("Catalyst 9300 Network Advantage", Line(LicenseType.Term, 10, "2025-12-01", Day(10))),
                License("ISE Plus", Line(LicenseType.Term, 4, "2025-12-01", Day(45))),
                License("DNA Advantage", Line(LicenseType.Subscription, 2, "2025-12-01", Day(80)))));
        var globex = Account("Globex Manufacturing", "globex-mfg.com", "Europe/Berlin", Va("DEFAULT"));
        var alice = Person(Alice, "Alice Admin");
        var bob = Person(Bob, "Bob User");
        await using var ctx = db.NewContext();
        await SaveAsync(ctx, acme, globex, alice, bob,
            Grant(alice, acme, Role.SmartAccountAdmin), Grant(alice, globex, Role.SmartAccountUser), Grant(bob, acme, Role.SmartAccountUser));
        if (alicesSaved is not null)
        {
            alicesSaved.UserId = alice.Id;
            alicesSaved.SmartAccountId = acme.Id;
            await SaveAsync(ctx, alicesSaved);
        }
        return await TestWebApp.StartAsync(db, Clock());
    }

    private static async Task<NotificationPreference?> StoredAsync(TestDatabase db, string email)
    {
        await using var ctx = db.NewContext();
        return await ctx.NotificationPreferences.AsNoTracking().SingleOrDefaultAsync(p => ctx.Users.Any(u => u.Id == p.UserId && u.Email == email));
    }

    private static Task<bool> IsDisabledAsync(IPage page, string selector) =>
        page.Locator(selector).EvaluateAsync<bool>("e => e.matches(':disabled')");

    private static async Task<string[]> CheckedRangesAsync(IPage page) =>
        (await page.Locator("input[name=ExpiringRangeDays]:checked").EvaluateAllAsync<string[]>("es => es.map(e => e.value)"));

    private static List<string> WatchCsp(IPage page)
    {
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };
        return violations;
    }

    [Fact]
    public async Task Preferences_SignInAndSwitchSmartAccount_StaysOnThePreferencesTab()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db);
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;
        var csp = WatchCsp(page);

        await page.SignInAsync(Alice, Acme);
        Assert.Equal("Preferences · Acme Networks", (await page.Locator("h1").TextContentAsync())!.Trim());
        Assert.Equal("Alice Admin", (await page.Locator("header .who").TextContentAsync())!.Trim());
        Assert.Equal(["Acme Networks (acme-networks.com)", "Globex Manufacturing (globex-mfg.com)"],
            (await page.Locator("header select[name=sa] option").AllTextContentsAsync()).Select(t => t.Trim()));

        // forewarn.js submits the selector on change: no click on "Go" needed.
        await page.NavigateAsync(() => page.SelectOptionAsync("header select[name=sa]", "globex-mfg.com"), "/preferences?sa=globex-mfg.com",
            again: () => page.DispatchEventAsync("header select[name=sa]", "change"));

        Assert.Equal("Preferences · Globex Manufacturing", (await page.Locator("h1").TextContentAsync())!.Trim());
        Assert.Equal("Preferences", (await page.Locator("nav.tabs a[aria-current=page]").TextContentAsync())!.Trim());
        Assert.Equal("globex-mfg.com", await page.Locator("header select[name=sa]").InputValueAsync());
        // Alice is admin of Acme only: at Globex she has no Additional Email Addresses field.
        Assert.Equal(0, await page.Locator("#additional-emails").CountAsync());
        Assert.Empty(csp);
    }

    [Fact]
    public async Task Preferences_DailySummaryOnPreselects90_ThirtySavedSurvivesAReloadAndTheNextDigestUsesIt()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db);
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;
        var csp = WatchCsp(page);
        await page.SignInAsync(Alice, Acme);

        // New user (N2): digest off, so no range and the choice is disabled (N3).
        Assert.Empty(await CheckedRangesAsync(page));
        Assert.True(await IsDisabledAsync(page, "#range-90"));

        await page.Locator("#daily-event-summary").CheckAsync();
        Assert.Equal(["90"], await CheckedRangesAsync(page));
        Assert.False(await IsDisabledAsync(page, "#range-90"));

        // Unchecking Licenses Expiring clears the range; checking it again preselects 90 again.
        await page.Locator("#event-LicensesExpiring").UncheckAsync();
        Assert.Empty(await CheckedRangesAsync(page));
        Assert.True(await IsDisabledAsync(page, "#range-30"));
        await page.Locator("#event-LicensesExpiring").CheckAsync();
        Assert.Equal(["90"], await CheckedRangesAsync(page));

        await page.Locator("#range-30").CheckAsync();
        await page.ClickAsync("#save");
        await page.Locator(".status.ok").WaitForAsync();
        Assert.Equal("Saved. Notifications will follow these preferences.", await page.Locator(".status.ok").TextContentAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("preferences.png"), FullPage = true });

        await page.ReloadAsync(new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForLoadedAsync();
        Assert.Equal(["30"], await CheckedRangesAsync(page));
        Assert.True(await page.Locator("#daily-event-summary").IsCheckedAsync());
        Assert.Equal(0, await page.Locator(".status.ok").CountAsync());
        var stored = await StoredAsync(db, Alice);
        Assert.Equal((true, false, NotificationTypes.All, (int?)30), (stored!.DailyEventSummary, stored.StatusNotification, stored.Events, stored.ExpiringRangeDays));
        Assert.Empty(csp);

        // N4: the next digest composed after the save lists only the lines expiring within 30 days (D3).
        await using (var scope = web.App.Services.CreateAsyncScope())
            Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(D, "acme-networks.com"), default)).DigestsQueued);
        await using var ctx = db.NewContext();
        var digest = await ctx.Outbox.SingleAsync(m => m.Recipient == Alice);
        var lines = digest.TextBody.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["- Catalyst 9300 Network Advantage | DEFAULT | qty 10 | expires 2026-12-13 | 10 days left"], lines);
    }

    [Theory]
    [InlineData("#daily-event-summary")]
    [InlineData("#event-LicensesExpiring")]
    public async Task Preferences_SavedRangeUntickedAndTickedAgain_BringsBackTheSavedRangeNot90(string box)
    {
        // N3 / issue 3: 90 is preselected only when no range was saved; a saved range comes back when the range applies again.
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db, new NotificationPreference
        {
            DailyEventSummary = true, StatusNotification = false, ExpiringRangeDays = 30, Events = NotificationTypes.All,
        });
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;
        await page.SignInAsync(Alice, Acme);
        Assert.Equal(["30"], await CheckedRangesAsync(page));

        await page.Locator(box).UncheckAsync();
        Assert.Empty(await CheckedRangesAsync(page));
        Assert.True(await IsDisabledAsync(page, "#range-30"));

        await page.Locator(box).CheckAsync();
        Assert.Equal(["30"], await CheckedRangesAsync(page));
        Assert.False(await IsDisabledAsync(page, "#range-30"));
        // Nothing was sent to the server.
        Assert.Equal(30, (await StoredAsync(db, Alice))!.ExpiringRangeDays);
    }

    [Fact]
    public async Task Preferences_EditThenReset_ShowsTheSavedStateAgainWithoutAReload()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db, new NotificationPreference
        {
            DailyEventSummary = true, StatusNotification = false, ExpiringRangeDays = 30, AdditionalEmails = "noc@acme-networks.com",
            Events = NotificationTypes.All & ~NotificationTypes.LicensesRemoved,
        });
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;
        await page.SignInAsync(Alice, Acme);
        await page.EvaluateAsync("() => { window.forewarnTestMarker = 42; }");

        await page.Locator("#daily-event-summary").UncheckAsync();
        await page.Locator("#status-notification").CheckAsync();
        await page.Locator("#event-NewLicenses").UncheckAsync();
        await page.Locator("#event-LicensesRemoved").CheckAsync();
        await page.FillAsync("#additional-emails", "ops@acme-networks.com");
        Assert.Empty(await CheckedRangesAsync(page));

        await page.ClickAsync("#reset");

        Assert.Equal(42, await page.EvaluateAsync<int>("() => window.forewarnTestMarker")); // the same page: no reload
        Assert.True(await page.Locator("#daily-event-summary").IsCheckedAsync());
        Assert.False(await page.Locator("#status-notification").IsCheckedAsync());
        Assert.True(await page.Locator("#event-NewLicenses").IsCheckedAsync());
        Assert.False(await page.Locator("#event-LicensesRemoved").IsCheckedAsync());
        Assert.Equal(["30"], await CheckedRangesAsync(page));
        Assert.False(await IsDisabledAsync(page, "#range-30"));
        Assert.Equal("noc@acme-networks.com", await page.Locator("#additional-emails").InputValueAsync());
        // Nothing was sent to the server: what is stored is what was there.
        Assert.Equal("noc@acme-networks.com", (await StoredAsync(db, Alice))!.AdditionalEmails);
    }

    [Fact]
    public async Task Preferences_AdminEntersAForeignAddress_SeesTheErrorNextToTheFieldAndNothingIsSaved()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db);
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;
        await page.SignInAsync(Alice, Acme);

        await page.Locator("#daily-event-summary").CheckAsync();
        await page.FillAsync("#additional-emails", "noc@acme-networks.com, x@evil.example");
        await page.ClickAsync("#save");
        var errors = page.Locator("#additional-emails-field .field-errors li");
        await errors.First.WaitForAsync();

        Assert.Equal(["x@evil.example is outside the Smart Account domain acme-networks.com."], await errors.AllTextContentsAsync());
        Assert.Equal("noc@acme-networks.com, x@evil.example", await page.Locator("#additional-emails").InputValueAsync());
        Assert.True(await page.Locator("#daily-event-summary").IsCheckedAsync());
        Assert.Equal(["90"], await CheckedRangesAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("preferences-refused.png"), FullPage = true });
        // The database holds nothing for Alice: the whole save was refused (N5).
        Assert.Null(await StoredAsync(db, Alice));
        await using (var ctx = db.NewContext())
            Assert.Empty(await ctx.Events.Where(e => e.Type == EventType.PreferencesChanged).ToListAsync());

        // Reset returns to the saved state (the N2 defaults) and the errors, which belonged to the refused input, go.
        await page.ClickAsync("#reset");
        Assert.Equal("", await page.Locator("#additional-emails").InputValueAsync());
        Assert.False(await page.Locator("#daily-event-summary").IsCheckedAsync());
        Assert.False(await errors.First.IsVisibleAsync());
        Assert.False(await page.Locator("#error-summary").IsVisibleAsync());
    }

    [Fact]
    public async Task Preferences_NonAdmin_SeesNoAdditionalEmailAddressesField()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await StartAsync(db);
        var (context, page) = await browser.NewPageAsync(web.BaseAddress.ToString());
        await using var _ = context;

        await page.SignInAsync(Bob, Acme);

        Assert.Equal("Preferences · Acme Networks", (await page.Locator("h1").TextContentAsync())!.Trim());
        Assert.Equal(0, await page.Locator("#additional-emails").CountAsync());
        Assert.DoesNotContain("Additional Email Addresses", await page.Locator("main").InnerTextAsync());
        Assert.Equal(1, await page.Locator("#daily-event-summary").CountAsync());
    }
}
