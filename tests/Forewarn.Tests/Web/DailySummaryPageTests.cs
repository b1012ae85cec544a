using System.Net;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web;

public class DailySummaryPageTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RunDailySummary_Button_QueuesDeliversAndShowsTheFiguresAndTheMail(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York",
            Va("DEFAULT", License("R&D <Tools>", Line(LicenseType.Term, 5, "2026-01-01", "2026-12-20"))));
        var alice = Person("alice@acme-networks.com", "Alice");
        await using (var ctx = db.NewContext())
        {
            await SaveAsync(ctx, acme, alice);
            await SaveAsync(ctx,
                new Access { User = alice, SmartAccount = acme, Role = Role.SmartAccountAdmin },
                new NotificationPreference
                {
                    UserId = alice.Id, SmartAccountId = acme.Id, DailyEventSummary = true,
                    Events = NotificationTypes.All, ExpiringRangeDays = 30,
                });
        }
        await using var web = await TestWebApp.StartAsync(db, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
        using var client = await web.SignInAsync("alice@acme-networks.com");
        var mailbox = await web.GetDocumentAsync(client, "/mailbox?sa=acme-networks.com");
        var token = mailbox.QuerySelector("form.run-daily input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await client.PostAsync("/daily-summary", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["sa"] = "acme-networks.com", ["date"] = "2026-12-03",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await web.GetDocumentAsync(client, response.Headers.Location!.OriginalString);
        Assert.Equal(
            "Daily summary for 2026-12-03: 1 Smart Accounts, 1 recipients; 1 digests and 0 copies queued, 0 skipped as empty, " +
            "0 already decided earlier. Delivery: 1 sent, 0 failed, 0 deferred.",
            after.QuerySelector(".status.ok")!.TextContent);
        var row = after.QuerySelectorAll("table.mailbox tbody tr").Single().QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["alice@acme-networks.com", "Daily Event Summary: Acme Networks, 2026-12-03", "daily-summary"], row[1..]);
    }
}
