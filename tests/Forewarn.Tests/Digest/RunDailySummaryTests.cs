using Forewarn.Core.Data;
using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Digest;

/// <summary>RunDailySummary against a real database on both providers (D1, D4, D5, M1, N5).</summary>
public class RunDailySummaryTests
{
    private static readonly DateOnly D = new(2026, 12, 3);
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 3, 11, 0, 0, TimeSpan.Zero));

    private static async Task<RunDailySummary.Summary> RunAsync(TestDatabase db, DateOnly? date = null, string? domain = null)
    {
        await using var sp = db.Services(Clock);
        await using var scope = sp.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(date ?? D, domain), default);
    }

    private static async Task<List<OutboxMessage>> OutboxAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return await ctx.Outbox.OrderBy(m => m.Recipient).ToListAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_AdminWithAdditionalAddresses_QueuesDigestAndOneCopyEach(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "America/New_York");
            b.License(sa, "DEFAULT", "R&D <Tools>", (LicenseType.Term, 3, D.AddDays(10)));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, additionalEmails: "noc@acme.com,ops@emea.acme.com");
        }

        var summary = await RunAsync(db);

        Assert.Equal(new RunDailySummary.Summary(1, 1, 1, 2, 0, 0), summary);
        var outbox = await OutboxAsync(db);
        Assert.Equal(["alice@acme.com", "noc@acme.com", "ops@emea.acme.com"], outbox.Select(m => m.Recipient));
        Assert.All(outbox, m =>
        {
            Assert.Equal("Daily Event Summary: Acme, 2026-12-03", m.Subject);
            Assert.Equal("daily-summary", m.Kind);
            Assert.Contains("- R&D <Tools> | DEFAULT | qty 3 | expires 2026-12-13 | 10 days left", m.TextBody);
            Assert.Contains("R&amp;D &lt;Tools&gt;", m.HtmlBody);
            Assert.DoesNotContain("R&D <Tools>", m.HtmlBody);
            Assert.Contains(new KeyValuePair<string, string>("X-Forewarn-Date", "2026-12-03"), m.Headers());
        });
        Assert.Equal(3, outbox.Select(m => m.MessageId).Distinct().Count());
        Assert.Contains("Prepared for Alice <alice@acme.com>", outbox[0].TextBody);
        Assert.Contains("A copy of the summary prepared for Alice <alice@acme.com>, sent to noc@acme.com", outbox[1].TextBody);
        Assert.Contains("noc@acme.com receives this copy because Alice, a Smart Account admin, added it", outbox[1].TextBody);
        Assert.Contains("A copy of the summary prepared for Alice &lt;alice@acme.com&gt;, sent to ops@emea.acme.com", outbox[2].HtmlBody);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_Twice_SecondRunQueuesNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "Expiring", (LicenseType.Term, 1, D.AddDays(1)));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, additionalEmails: "noc@acme.com");
            b.User("empty@acme.com", "Empty", sa, Role.SmartAccountUser, range: null, events: Core.Preferences.NotificationTypes.NewLicenses);
        }

        var first = await RunAsync(db);
        var second = await RunAsync(db);

        Assert.Equal(new RunDailySummary.Summary(1, 2, 1, 1, 1, 0), first);
        Assert.Equal(new RunDailySummary.Summary(1, 2, 0, 0, 0, 2), second);
        Assert.Equal(2, (await OutboxAsync(db)).Count);
        await using var check = db.NewContext();
        Assert.Equal([DigestOutcome.SkippedEmpty, DigestOutcome.Sent],
            await check.DigestRecords.OrderBy(r => r.Outcome == DigestOutcome.Sent).Select(r => r.Outcome).ToListAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ConcurrentRunsForSameDate_DecideEachRecipientOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "Expiring", (LicenseType.Term, 1, D.AddDays(1)));
            for (var i = 0; i < 20; i++) b.User($"u{i:00}@acme.com", $"User {i}", sa, Role.SmartAccountUser);
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => RunAsync(db))));

        Assert.Equal(20, runs.Sum(r => r.DigestsQueued));
        Assert.Equal(20, (await OutboxAsync(db)).Count);
        Assert.All(runs, r => Assert.Equal(20, r.DigestsQueued + r.AlreadyDecided));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_AdminLosesAdminRole_AdditionalAddressesStopReceiving(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "Expiring", (LicenseType.Term, 1, D.AddDays(1)));
            var alice = b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, additionalEmails: "noc@acme.com");
            ctx.Access.Single(a => a.UserId == alice.Id).Role = Role.SmartAccountUser; // demoted
            ctx.SaveChanges();
        }

        await RunAsync(db);

        Assert.Equal(["alice@acme.com"], (await OutboxAsync(db)).Select(m => m.Recipient));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_VirtualAccountUser_DigestListsOnlyThatVirtualAccount(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "UTC", "DEFAULT", "EMEA");
            b.License(sa, "DEFAULT", "Default line", (LicenseType.Term, 1, D.AddDays(2)));
            b.License(sa, "EMEA", "Emea line", (LicenseType.Term, 2, D.AddDays(3)), (LicenseType.Perpetual, 9, null));
            b.User("carol@acme.com", "Carol", sa, Role.VirtualAccountUser, va: "EMEA");
            b.Event(sa, null, new DateTime(2026, 12, 2, 12, 0, 0), EventType.ProductInstanceRegistered, "SA-level");
            b.Event(sa, "EMEA", new DateTime(2026, 12, 2, 13, 0, 0), EventType.NewLicenses, "EMEA event");
            b.Event(sa, "DEFAULT", new DateTime(2026, 12, 2, 14, 0, 0), EventType.NewLicenses, "DEFAULT event");
        }

        await RunAsync(db);

        var mail = Assert.Single(await OutboxAsync(db));
        Assert.Contains("- Emea line | EMEA | qty 2 | expires 2026-12-06 | 3 days left", mail.TextBody);
        Assert.DoesNotContain("Default line", mail.TextBody);
        Assert.Contains("EMEA event", mail.TextBody);
        Assert.DoesNotContain("SA-level", mail.TextBody);
        Assert.DoesNotContain("DEFAULT event", mail.TextBody);
        Assert.DoesNotContain("qty 9", mail.TextBody);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ManyLinesAcrossBatches_ListsEveryLineInRange(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var total = RunDailySummary.LineBatchSize * 2 + 7;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            for (var i = 0; i < total; i++)
                ctx.Licenses.Add(new License
                {
                    Name = $"L{i:0000}", VirtualAccountId = sa.VirtualAccounts[0].Id,
                    Lines = [new LicenseLine { Type = LicenseType.Term, Quantity = 1, EndDate = D.AddDays(i % 40) }],
                });
            ctx.SaveChanges();
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountUser, range: 30);
        }

        await RunAsync(db);

        var mail = Assert.Single(await OutboxAsync(db));
        var rows = mail.TextBody.Split('\n').Count(l => l.StartsWith("- L", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, total).Count(i => i % 40 <= 30), rows);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_DateNotYetBegunInAccountZone_SkipsThatAccountAndDecidesNothing(DatabaseKind kind)
    {
        // 2026-12-03 11:00Z: already 4 December in Auckland, still 3 December in New York. Running 4 December for
        // New York now would decide its digest while 3 December's events are still happening (D2).
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var nz = b.Account("Kiwi", "kiwi.nz", "Pacific/Auckland");
            var ny = b.Account("Big Apple", "apple.us", "America/New_York");
            b.License(nz, "DEFAULT", "NZ line", (LicenseType.Term, 1, new DateOnly(2026, 12, 10)));
            b.License(ny, "DEFAULT", "NY line", (LicenseType.Term, 1, new DateOnly(2026, 12, 10)));
            b.User("a@kiwi.nz", "A", nz, Role.SmartAccountUser);
            b.User("b@apple.us", "B", ny, Role.SmartAccountUser);
        }

        var summary = await RunAsync(db, new DateOnly(2026, 12, 4));

        Assert.Equal(new RunDailySummary.Summary(2, 1, 1, 0, 0, 0, NotYetDue: 1), summary);
        Assert.Equal(["a@kiwi.nz"], (await OutboxAsync(db)).Select(m => m.Recipient));
        await using var check = db.NewContext();
        Assert.Equal(1, await check.DigestRecords.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_WithoutDate_UsesTodayInEachAccountsZone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var nz = b.Account("Kiwi", "kiwi.nz", "Pacific/Auckland");
            var ny = b.Account("Big Apple", "apple.us", "America/New_York");
            b.License(nz, "DEFAULT", "NZ line", (LicenseType.Term, 1, new DateOnly(2026, 12, 10)));
            b.License(ny, "DEFAULT", "NY line", (LicenseType.Term, 1, new DateOnly(2026, 12, 10)));
            b.User("a@kiwi.nz", "A", nz, Role.SmartAccountUser);
            b.User("b@apple.us", "B", ny, Role.SmartAccountUser);
        }

        // 2026-12-03 11:00Z: 4 December 00:00 in Auckland, 3 December 06:00 in New York.
        await using (var sp = db.Services(Clock))
        await using (var scope = sp.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(null), default);

        var outbox = await OutboxAsync(db);
        Assert.Equal("Daily Event Summary: Kiwi, 2026-12-04", outbox.Single(m => m.Recipient == "a@kiwi.nz").Subject);
        Assert.Contains("| 6 days left", outbox.Single(m => m.Recipient == "a@kiwi.nz").TextBody);
        Assert.Equal("Daily Event Summary: Big Apple, 2026-12-03", outbox.Single(m => m.Recipient == "b@apple.us").Subject);
        Assert.Contains("| 7 days left", outbox.Single(m => m.Recipient == "b@apple.us").TextBody);
    }
}
