using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Alerts;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Tests.StatusNotifications;

/// <summary>
/// A1–A3 and A6 over time: 120 days on a fake clock, the daily path each morning (alerts, status notifications flushed,
/// delivery over a real SMTP server on loopback), one license line in an account whose zone changes to summer time.
/// </summary>
public class ExpirationOverTimeTests
{
    private const string Zone = "Europe/Berlin";
    private static readonly DateOnly Start = new(2027, 1, 1);
    private static readonly DateOnly Expiry = Start.AddDays(100); // 2027-04-11, after the 2027-03-28 change to CEST

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task DailyPath_For120Days_SevenAlertsOnTheirDaysOneMailEachTimePerRecipientThenOnlyLicensesExpired(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", Zone, "DEFAULT", "EMEA");
            b.License(sa, "EMEA", "Catalyst 9300", (LicenseType.Term, 5, Expiry));
            b.License(sa, "EMEA", "Forever", (LicenseType.Perpetual, 5, null));
            b.User("alice@acme.com", "Alice", sa, Role.SmartAccountAdmin, status: true, additionalEmails: "noc@acme.com");
            b.User("carol@acme.com", "Carol", sa, Role.VirtualAccountUser, "EMEA", status: true);
            b.User("bob@acme.com", "Bob", sa, Role.SmartAccountUser, status: false);
            b.User("dan@acme.com", "Dan", sa, Role.VirtualAccountUser, "DEFAULT", status: true);
            b.User("erin@acme.com", "Erin", sa, Role.SmartAccountUser, status: true, events: NotificationTypes.LicensesExpired);
        }
        var clock = AlertsKit.ClockAt(Start, Zone, 6);
        await using var services = db.Services(clock, smtp.Settings());

        var mailsByDay = new Dictionary<int, List<string>>();
        var severityByDay = new Dictionary<int, string>();
        for (var day = 0; day < 120; day++)
        {
            clock.MoveTo(Start.AddDays(day), Zone, 6);
            var before = smtp.Received.Count;
            var alerts = await services.RunAlertsAsync();
            await services.NotifyAsync();
            var delivered = await services.DeliverAsync();
            Assert.Equal(0, delivered.Failed + delivered.Deferred);
            var mails = smtp.Received.Skip(before).ToList();
            if (mails.Count > 0)
                mailsByDay[day] = mails.Select(m => $"{m.Recipients[0]}: {Row(m.Message.TextBody)}").Order(StringComparer.Ordinal).ToList();
            if (alerts.Changes > 0)
                severityByDay[day] = string.Join(",", (await AlertsKit.AlertsAsync(db)).Where(a => a.State == AlertState.Active)
                    .Select(a => $"{a.Kind}:{a.Severity}"));
        }

        // E − 90, 60, 30, 17, 7, 4, 3 days, and the day after expiry; every other day nothing at all.
        var expected = new Dictionary<int, List<string>>();
        foreach (var left in new[] { 90, 60, 30, 17, 7, 4, 3 })
        {
            var line = $"- Catalyst 9300 | EMEA | qty 5 | expires 2027-04-11 | {left} days left";
            expected[100 - left] = [$"alice@acme.com: {line}", $"carol@acme.com: {line}", $"noc@acme.com: {line}"];
        }
        const string expiredLine = "- Catalyst 9300 | EMEA | qty 5 | expired 2027-04-11";
        expected[101] = [$"alice@acme.com: {expiredLine}", $"carol@acme.com: {expiredLine}", $"erin@acme.com: {expiredLine}", $"noc@acme.com: {expiredLine}"];
        Assert.Equal(expected.OrderBy(e => e.Key), mailsByDay.OrderBy(e => e.Key));
        Assert.Equal(new Dictionary<int, string>
        {
            [10] = "LicensesExpiring:Minor", [40] = "LicensesExpiring:Minor", [70] = "LicensesExpiring:Minor", [83] = "LicensesExpiring:Major",
            [93] = "LicensesExpiring:Major", [96] = "LicensesExpiring:Major", [97] = "LicensesExpiring:Major", [101] = "LicensesExpired:Major",
        }.OrderBy(e => e.Key), severityByDay.OrderBy(e => e.Key));

        Assert.All(smtp.Received, m =>
        {
            Assert.Equal("status-notification", m.Message.Headers["X-Forewarn-Kind"]);
            Assert.Equal("acme.com", m.Message.Headers["X-Forewarn-Smart-Account"]);
            Assert.Equal("Status Notification: Acme, 1 change", m.Message.Subject);
            Assert.Contains("To renew, place an order at https://ordering.example.com/renew", m.Message.TextBody);
        });
        // The ledger of the line: exactly the seven thresholds and A3, raised on those local dates.
        await using var ctx2 = db.NewContext();
        Assert.Equal(
            ["90 2027-01-11", "60 2027-02-10", "30 2027-03-12", "17 2027-03-25", "7 2027-04-04", "4 2027-04-07", "3 2027-04-08", "0 2027-04-12"],
            (await ctx2.ExpirationRaises.OrderBy(r => r.Id).ToListAsync()).Select(r => $"{r.Threshold} {r.RaisedOn:yyyy-MM-dd}"));
    }

    private static string Row(string? text) =>
        Assert.Single((text ?? "").Replace("\r\n", "\n").Split('\n'), l => l.StartsWith("- ", StringComparison.Ordinal));
}
