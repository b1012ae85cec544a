using Forewarn.Core.Delivery;
using Forewarn.Core.Import;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Alerts;
using Forewarn.Tests.Import;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Tests.StatusNotifications;

/// <summary>SendStatusNotifications on SQLite and PostgreSQL (A6, A7, N2, N5, §1 visibility): coalescing, claiming, who gets what.</summary>
public class SendStatusNotificationsTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    private static async Task<List<OutboxMessage>> OutboxAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Outbox.OrderBy(m => m.Recipient).ThenBy(m => m.Id).ToListAsync();
    }

    private static List<string> LineRows(OutboxMessage m) =>
        m.TextBody.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(" | qty ", StringComparison.Ordinal)).ToList();

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_AfterTheAlertRunRaisedMany_OneEmailPerRecipientListingEveryVisibleLineInTheD6Format(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme & Co <Labs>", "acme.com", "UTC", "DEFAULT", "EMEA");
            for (var i = 1; i <= 30; i++) b.License(sa, "EMEA", $"License {i:00}", (LicenseType.Term, i, D.AddDays(i)));
            b.License(sa, "DEFAULT", "R&D <Tools>", (LicenseType.Subscription, 4, D.AddDays(60)));
            b.User("alice@acme.com", "Alice O'Hara", sa, Role.SmartAccountAdmin, status: true, additionalEmails: "noc@acme.com,ops@emea.acme.com");
            b.User("carol@acme.com", "Carol", sa, Role.VirtualAccountUser, "EMEA", status: true);
            b.User("dan@acme.com", "Dan", sa, Role.VirtualAccountUser, "DEFAULT", status: true, events: NotificationTypes.InsufficientLicenses);
            b.User("erin@acme.com", "Erin", sa, Role.SmartAccountUser, status: true, events: NotificationTypes.NewLicenses);
            b.User("frank@acme.com", "Frank", sa, Role.SmartAccountUser, status: false);
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));

        var alerts = await services.RunAlertsAsync();
        var first = await services.NotifyAsync();
        var second = await services.NotifyAsync();

        Assert.Equal(31, alerts.ExpiringRaised);
        Assert.Equal(new Core.StatusNotifications.SendStatusNotifications.Summary(1, 31, 2, 2, 0, 0), first);
        Assert.Equal(Core.StatusNotifications.SendStatusNotifications.Summary.None, second);
        var outbox = await OutboxAsync(db);
        Assert.Equal(["alice@acme.com", "carol@acme.com", "noc@acme.com", "ops@emea.acme.com"], outbox.Select(m => m.Recipient));
        var emea = Enumerable.Range(1, 30).Select(i => $"- License {i:00} | EMEA | qty {i} | expires {D.AddDays(i):yyyy-MM-dd} | {i} days left").ToList();
        var all = emea.Append("- R&D <Tools> | DEFAULT | qty 4 | expires 2027-02-01 | 60 days left").ToList();
        Assert.Equal(all, LineRows(outbox[0]));
        Assert.Equal(emea, LineRows(outbox[1]));
        Assert.Equal(all, LineRows(outbox[2]));
        Assert.All(outbox, m =>
        {
            Assert.Equal("status-notification", m.Kind);
            Assert.Equal("acme.com", m.SmartAccountDomain);
            // X-Forewarn-Kind and X-Forewarn-Smart-Account come from Kind and SmartAccountDomain (MailBuilder); the copies say whose they are.
            var preparedFor = m.Recipient == "carol@acme.com" ? "carol@acme.com" : "alice@acme.com";
            Assert.Equal([new KeyValuePair<string, string>("X-Forewarn-Prepared-For", preparedFor)], m.Headers());
            Assert.Contains("To renew, place an order at https://ordering.example.com/renew", m.TextBody);
            Assert.Contains("""<a href="https://ordering.example.com/renew">""", m.HtmlBody);
            Assert.Contains("Acme &amp; Co &lt;Labs&gt;", m.HtmlBody);
            Assert.DoesNotContain("<Labs>", m.HtmlBody);
        });
        Assert.Equal("Status Notification: Acme & Co <Labs>, 31 changes", outbox[0].Subject);
        Assert.Equal("Status Notification: Acme & Co <Labs>, 30 changes", outbox[1].Subject);
        Assert.Contains("\nLicensesExpiring (31)\n", outbox[0].TextBody);
        Assert.Contains("R&amp;D &lt;Tools&gt;", outbox[0].HtmlBody);
        Assert.Contains("Alice O&#x27;Hara", outbox[0].HtmlBody);
        Assert.Contains("Prepared for Alice O'Hara <alice@acme.com>", outbox[0].TextBody);
        Assert.Contains("A copy of the notification prepared for Alice O'Hara <alice@acme.com>, sent to noc@acme.com", outbox[2].TextBody);
        Assert.Equal(4, outbox.Select(m => m.MessageId).Distinct().Count());
        await using var check = db.NewContext();
        Assert.Equal(0, await check.Events.CountAsync(e => e.StatusNotifiedAt == null));
    }

    /// <summary>Acme with only Alice, its admin, who has Status Notification on.</summary>
    private static async Task<SmartAccount> AcmeWithAliceAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var b = new InventoryBuilder(ctx);
        var sa = b.Account("Acme", "acme.com");
        b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, status: true);
        return sa;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_ChangesWithinTheCoalescingWindow_WaitThenGoOutTogether(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AcmeWithAliceAsync(db);
        var t0 = AlertsKit.ClockAt(D);
        await using var services = db.Services(t0);
        async Task EventAsync(string message)
        {
            await using var ctx = db.NewContext();
            new InventoryBuilder(ctx).Event(sa, "DEFAULT", t0.GetUtcNow().UtcDateTime, EventType.RegistrationRenewed, message);
        }

        await EventAsync("first");
        t0.Advance(TimeSpan.FromMinutes(3));
        await EventAsync("second");
        t0.Advance(TimeSpan.FromMinutes(1));
        var at4 = await services.NotifyAsync(flush: false);
        t0.Advance(TimeSpan.FromMinutes(1));
        var at5 = await services.NotifyAsync(flush: false);
        t0.Advance(TimeSpan.FromMinutes(1));
        await EventAsync("third");
        var at6 = await services.NotifyAsync(flush: false);
        var flushed = await services.NotifyAsync(flush: true);

        Assert.Equal((1, 0), (at4.Waiting, at4.Notifications));
        Assert.Equal((0, 2, 1), (at5.Waiting, at5.Changes, at5.Notifications));
        Assert.Equal((1, 0), (at6.Waiting, at6.Notifications));
        Assert.Equal((1, 1), (flushed.Changes, flushed.Notifications));
        var outbox = await OutboxAsync(db);
        Assert.Equal(2, outbox.Count);
        Assert.Contains("- 2026-12-03 12:03 | DEFAULT | second\n- 2026-12-03 12:00 | DEFAULT | first\n", outbox[0].TextBody);
        Assert.Contains("\nRegistrationRenewed (1)\n- 2026-12-03 12:06 | DEFAULT | third\n", outbox[1].TextBody);
    }

    /// <summary>
    /// A7 with Forewarn:OrderingUrl set: every license alert (expiring, expired, insufficient) ends with the configured
    /// ordering URL, and so does every status notification (text and HTML); the default URL appears nowhere.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_OrderingUrlConfigured_EveryAlertAndMailSaysToRenewThere(DatabaseKind kind)
    {
        const string url = "https://shop.acme.test/renew";
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "Expiring", (LicenseType.Term, 5, D.AddDays(30)));
            b.License(sa, "DEFAULT", "Expired", (LicenseType.Term, 5, D.AddDays(1)));
            b.License(sa, "DEFAULT", "Short", (LicenseType.Term, 1, D.AddDays(200))).InUse = 3;
            ctx.SaveChanges();
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, status: true);
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock, new Dictionary<string, string?> { ["Forewarn:OrderingUrl"] = url });
        await services.RunAlertsAsync();
        await services.NotifyAsync();
        clock.MoveTo(D.AddDays(2));
        await services.RunAlertsAsync();
        await services.NotifyAsync();

        var open = (await AlertsKit.AlertsAsync(db)).Where(a => a.State == Core.Alerts.AlertState.Active).OrderBy(a => a.Kind).ToList();
        Assert.Equal([Core.Alerts.AlertKind.LicensesExpiring, Core.Alerts.AlertKind.LicensesExpired, Core.Alerts.AlertKind.InsufficientLicenses],
            open.Select(a => a.Kind));
        Assert.All(open, a => Assert.EndsWith("place an order at " + url, a.Message));
        var mails = await OutboxAsync(db);
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m =>
        {
            Assert.Contains("To renew, place an order at " + url + "\n", m.TextBody);
            Assert.Contains($"<a href=\"{url}\">", m.HtmlBody);
            Assert.DoesNotContain("ordering.example.com", m.TextBody + m.HtmlBody);
        });
    }

    /// <summary>A6: the coalescing window is Forewarn:StatusNotifications:CoalescingWindow, not a built-in 5 minutes.</summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_CoalescingWindowConfigured_ChangesWaitThatLongNotTheDefault(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var sa = await AcmeWithAliceAsync(db);
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock, new Dictionary<string, string?> { ["Forewarn:StatusNotifications:CoalescingWindow"] = "00:10:00" });
        await using (var ctx = db.NewContext())
            new InventoryBuilder(ctx).Event(sa, "DEFAULT", clock.GetUtcNow().UtcDateTime, EventType.RegistrationRenewed, "first");

        clock.Advance(TimeSpan.FromMinutes(6));
        var at6 = await services.NotifyAsync(flush: false);
        clock.Advance(TimeSpan.FromMinutes(3));
        var at9 = await services.NotifyAsync(flush: false);
        clock.Advance(TimeSpan.FromMinutes(1));
        var at10 = await services.NotifyAsync(flush: false);

        Assert.Equal((1, 0, 0), (at6.Waiting, at6.Changes, at6.Notifications));
        Assert.Equal((1, 0, 0), (at9.Waiting, at9.Changes, at9.Notifications));
        Assert.Equal((0, 1, 1), (at10.Waiting, at10.Changes, at10.Notifications));
        var mail = Assert.Single(await OutboxAsync(db));
        Assert.Contains("\nRegistrationRenewed (1)\n- 2026-12-03 12:00 | DEFAULT | first\n", mail.TextBody);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_ImportedEventsAndEventLogOnlyTypes_AreTakenButNeverMailed(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        var bundle = BundleBuilder.Valid()
            .Set("$.users[0].preferences[0].statusNotification", true)
            .Set("$.users[0].preferences[0].events", new System.Text.Json.Nodes.JsonArray("NewLicenses", "LicensesExpiring", "InsufficientLicenses"))
            .Set("$.events[0].type", "NewLicenses").Json;
        await using (var scope = services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ImportInventory>().HandleAsync(new(bundle), default)).Succeeded);
        int alice;
        await using (var ctx = db.NewContext())
        {
            Assert.All(await ctx.Events.ToListAsync(), e => Assert.Equal(clock.GetUtcNow().UtcDateTime, e.StatusNotifiedAt));
            alice = (await ctx.Users.SingleAsync(u => u.Email == "alice.admin@acme-networks.com")).Id;
        }
        await using (var scope = services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<SavePreferences>().HandleAsync(new(alice, "acme-networks.com", true, true,
                ["NewLicenses", "LicensesExpiring", "InsufficientLicenses", "LicensesExpired"], 30, null), default)).IsOk);

        var summary = await services.NotifyAsync();

        Assert.Equal((1, 0, 0), (summary.Changes, summary.Notifications, summary.Copies)); // the PreferencesChanged event, taken silently
        Assert.Empty(await OutboxAsync(db));
        await using var check = db.NewContext();
        Assert.Equal(0, await check.Events.CountAsync(e => e.StatusNotifiedAt == null));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_ConcurrentRuns_NotifyEachChangeOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            for (var i = 0; i < 80; i++) b.License(sa, "DEFAULT", $"L{i:00}", (LicenseType.Term, 1, D.AddDays(i % 60)));
            for (var i = 0; i < 6; i++) b.User($"u{i}@acme.com", $"U{i}", sa, Role.SmartAccountUser, status: true);
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));

        // Whole daily paths at once: alerts and notifications interleave on four threads.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await services.RunAlertsAsync();
            await services.NotifyAsync();
        })));
        await services.NotifyAsync();

        var outbox = await OutboxAsync(db);
        var expected = Enumerable.Range(0, 80).Select(i => $"- L{i:00} | DEFAULT | qty 1 | expires {D.AddDays(i % 60):yyyy-MM-dd} | " +
            (i % 60 == 0 ? "expires today" : $"{i % 60} days left")).Order(StringComparer.Ordinal).ToList();
        foreach (var user in Enumerable.Range(0, 6).Select(i => $"u{i}@acme.com"))
        {
            // However the runs split the work, each line reaches each user exactly once.
            var rows = outbox.Where(m => m.Recipient == user).SelectMany(LineRows).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, rows);
        }
        await using var check = db.NewContext();
        Assert.Equal(80, await check.Events.CountAsync());
        Assert.Equal(0, await check.Events.CountAsync(e => e.StatusNotifiedAt == null));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_FourRunsTakingTheSamePendingChanges_OnlyOneWritesTheEmails(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            for (var i = 0; i < 40; i++) b.License(sa, "DEFAULT", $"L{i:00}", (LicenseType.Term, 1, D.AddDays(1 + i)));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, status: true, additionalEmails: "noc@acme.com");
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));
        await services.RunAlertsAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => services.NotifyAsync())));

        Assert.Equal(40, runs.Sum(r => r.Changes));
        Assert.Equal((1, 1), (runs.Sum(r => r.Notifications), runs.Sum(r => r.Copies)));
        Assert.Equal(["alice@acme.com", "noc@acme.com"], (await OutboxAsync(db)).Select(m => m.Recipient));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_MoreChangesThanOneEmailTakes_FurtherEmailsEachChangeInOne(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            for (var i = 0; i < 25; i++) b.License(sa, "DEFAULT", $"L{i:00}", (LicenseType.Term, 1, D.AddDays(1 + i)));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, status: true);
        }
        await using var services = db.Services(AlertsKit.ClockAt(D), new Dictionary<string, string?> { ["Forewarn:StatusNotifications:MaxChangesPerEmail"] = "10" });
        await services.RunAlertsAsync();

        var summary = await services.NotifyAsync();

        Assert.Equal((25, 3), (summary.Changes, summary.Notifications));
        var outbox = await OutboxAsync(db);
        Assert.Equal([10, 10, 5], outbox.Select(m => LineRows(m).Count));
        Assert.Equal(25, outbox.SelectMany(LineRows).Distinct().Count());
        Assert.Equal(3, outbox.Select(m => m.IdempotencyKey).Distinct().Count());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Notify_AdminDemoted_AdditionalAddressesStopReceiving(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "L", (LicenseType.Term, 1, D.AddDays(3)));
            var alice = b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, status: true, additionalEmails: "noc@acme.com");
            ctx.Access.Single(a => a.UserId == alice.Id).Role = Role.SmartAccountUser;
            ctx.SaveChanges();
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));
        await services.RunAlertsAsync();

        var summary = await services.NotifyAsync();

        Assert.Equal((1, 0), (summary.Notifications, summary.Copies));
        Assert.Equal(["alice@acme.com"], (await OutboxAsync(db)).Select(m => m.Recipient));
    }
}
