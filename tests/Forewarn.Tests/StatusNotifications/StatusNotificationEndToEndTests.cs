using System.Globalization;
using System.Text.Json.Nodes;
using Forewarn.Core.Digest;
using Forewarn.Core.Import;
using Forewarn.Tests.Alerts;
using Forewarn.Tests.Import;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.StatusNotifications;

/// <summary>
/// Issue 4 end to end: import a bundle, run the daily path (digest, alerts, status notifications flushed, delivery) against
/// a real SMTP server on loopback, and check every status notification against an oracle read straight from the bundle
/// JSON (A1, A2, A4, A6, A7, N2, N5, §1 visibility). A second run sends no status notification (A2, A6).
/// </summary>
public class StatusNotificationEndToEndTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SampleDailyPath_OverRealSmtp_OneCoalescedNotificationPerRecipientListingExactlyTheOracleLines(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        await using var services = db.Services(clock, smtp.Settings());
        var json = BundleBuilder.Sample().Json;
        await using (var scope = services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ImportInventory>().HandleAsync(new(json), default)).Succeeded);

        await DailyPathAsync(services);
        var first = StatusMails(smtp);
        await DailyPathAsync(services);

        var oracle = Oracle.Expected(JsonNode.Parse(json)!, D);
        Assert.Equal(oracle.Select(m => $"{m.To} | {m.Domain}").Order(StringComparer.Ordinal),
            first.Select(r => $"{Assert.Single(r.Recipients)} | {r.Message.Headers["X-Forewarn-Smart-Account"]}").Order(StringComparer.Ordinal));
        Assert.True(oracle.Count >= 8, $"the sample should reach most of its status recipients, got {oracle.Count}");
        foreach (var expected in oracle)
        {
            var mail = first.Single(r => r.Recipients[0] == expected.To && r.Message.Headers["X-Forewarn-Smart-Account"] == expected.Domain).Message;
            var text = (mail.TextBody ?? "").Replace("\r\n", "\n");
            var rows = text.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
            Assert.Equal(expected.Lines, rows.Where(l => l.Contains(" | qty ", StringComparison.Ordinal)).ToList());
            Assert.Equal(expected.Shortfalls.Order(StringComparer.Ordinal),
                rows.Where(l => !l.Contains(" | qty ", StringComparison.Ordinal)).Select(l => l.Split(" | ", 3)[2]).Order(StringComparer.Ordinal));
            var count = expected.Lines.Count + expected.Shortfalls.Count;
            Assert.Equal($"Status Notification: {expected.AccountName}, {count} change{(count == 1 ? "" : "s")}", mail.Subject);
            Assert.Equal("status-notification", mail.Headers["X-Forewarn-Kind"]);
            Assert.Contains("To renew, place an order at https://ordering.example.com/renew", text);
            Assert.Equal(expected.IsCopy, text.Contains("A copy of the notification prepared for", StringComparison.Ordinal));
        }
        Assert.Equal(first.Count, StatusMails(smtp).Count); // the second run raised and sent nothing new
    }

    /// <summary>The brief's example through the real executable: importing 30 expiring lines sends one email listing 30 rows.</summary>
    [Fact]
    public async Task CliImportAndRunDaily_ThirtyExpiringLines_OneStatusNotificationListingThirtyRowsThenNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var smtp = await SmtpTestServer.StartAsync();
        // The executable runs on the real clock: a date that has begun in every zone, and lines relative to it.
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var bundle = BundleBuilder.Valid()
            .Set("$.smartAccounts[0].virtualAccounts[0].licenses[0].licenseDetails[0].endDate", "2099-12-31")
            .Set("$.users[0].preferences[0].statusNotification", true)
            .Set("$.users[0].preferences[0].dailyEventSummary", false);
        for (var i = 1; i <= 30; i++)
            bundle.Append("$.smartAccounts[0].virtualAccounts[1].licenses", $$"""
                { "license": "Expressway {{i:00}}", "quantity": {{i}}, "inUse": 0, "available": {{i}}, "status": "In Compliance", "billingType": "PREPAID",
                  "licenseDetails": [ { "licenseType": "SUBSCRIPTION", "quantity": {{i}}, "startDate": "2026-01-01",
                                        "endDate": "{{date.AddDays(3 * i):yyyy-MM-dd}}", "subscriptionId": null, "status": "Active" } ] }
                """);
        var file = Path.Combine(db.DataDirectory, "bundle.json");
        await File.WriteAllTextAsync(file, bundle.Json);

        var import = await ForewarnProcess.RunAsync(db, smtp.Settings(), "import", file);
        var first = await ForewarnProcess.RunAsync(db, smtp.Settings(), "run-daily", "--date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--json");
        var afterFirst = smtp.Received.ToList();
        var second = await ForewarnProcess.RunAsync(db, smtp.Settings(), "run-daily", "--date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var mail = Assert.Single(afterFirst).Message;
        Assert.Equal("alice.admin@acme-networks.com", Assert.Single(Assert.Single(afterFirst).Recipients));
        Assert.Equal("status-notification", mail.Headers["X-Forewarn-Kind"]);
        Assert.Equal("acme-networks.com", mail.Headers["X-Forewarn-Smart-Account"]);
        Assert.Equal("Status Notification: Acme Networks, 30 changes", mail.Subject);
        var rows = (mail.TextBody ?? "").Replace("\r\n", "\n").Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i =>
            $"- Expressway {i:00} | EMEA | qty {i} | expires {date.AddDays(3 * i):yyyy-MM-dd} | {3 * i} days left"), rows);
        Assert.Contains("\"expiringAlerts\":30,\"expiredAlerts\":0,\"insufficientAlerts\":0,\"backInCompliance\":0,\"alertsAlreadyRunForALaterDate\":0,\"statusNotificationsSent\":1,\"statusCopiesSent\":0,\"delivered\":1,",
            first.Out);
        Assert.Contains("\"expiringAlerts\":0,\"expiredAlerts\":0,\"insufficientAlerts\":0,\"backInCompliance\":0,\"alertsAlreadyRunForALaterDate\":0,\"statusNotificationsSent\":0,\"statusCopiesSent\":0,\"delivered\":0,",
            second.Out);
        Assert.Single(smtp.Received);
    }

    private static List<ReceivedMail> StatusMails(SmtpTestServer smtp) =>
        smtp.Received.Where(r => r.Message.Headers["X-Forewarn-Kind"] == "status-notification").ToList();

    /// <summary>The daily path as run-daily runs it, on handlers: digest, alerts, status notifications flushed, delivery.</summary>
    private static async Task DailyPathAsync(IServiceProvider services)
    {
        await using (var scope = services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(D), default);
        await services.RunAlertsAsync(D);
        await services.NotifyAsync();
        var delivery = await services.DeliverAsync();
        Assert.Equal(0, delivery.Failed + delivery.Deferred);
    }

    /// <summary>The first alert run and its notifications restated plainly over the raw bundle, independent of the production code.</summary>
    private static class Oracle
    {
        public sealed record Mail(string To, string Domain, string AccountName, List<string> Lines, List<string> Shortfalls, bool IsCopy);

        public static List<Mail> Expected(JsonNode bundle, DateOnly d)
        {
            var mails = new List<Mail>();
            foreach (var user in bundle["users"]!.AsArray())
            foreach (var pref in user!["preferences"]!.AsArray())
            {
                if (!(bool)pref!["statusNotification"]!) continue;
                var domain = (string)pref["smartAccount"]!;
                var sa = bundle["smartAccounts"]!.AsArray().Single(a => (string)a!["domain"]! == domain)!;
                var access = user["access"]!.AsArray().Where(a => (string)a!["smartAccount"]! == domain).ToList();
                var saLevel = access.Any(a => ((string)a!["role"]!).StartsWith("SmartAccount", StringComparison.Ordinal));
                var admin = access.Any(a => (string)a!["role"]! == "SmartAccountAdmin");
                var vas = access.Where(a => a!["virtualAccount"] is not null).Select(a => (string)a!["virtualAccount"]!).ToHashSet();
                var events = pref["events"]!.AsArray().Select(e => (string)e!).ToHashSet();

                var lines = new List<(DateOnly E, string License, string Va, string Line)>();
                var shortfalls = new List<string>();
                foreach (var va in sa["virtualAccounts"]!.AsArray().Where(v => saLevel || vas.Contains((string)v!["name"]!)))
                foreach (var lic in va!["licenses"]!.AsArray())
                {
                    var (name, vaName) = ((string)lic!["license"]!, (string)va["name"]!);
                    var valid = 0;
                    foreach (var line in lic["licenseDetails"]!.AsArray())
                    {
                        var perpetual = (string)line!["licenseType"]! == "PERPETUAL";
                        var start = Date(line["startDate"]);
                        DateOnly? end = line["endDate"] is null ? null : Date(line["endDate"]);
                        if (start <= d && (perpetual || end >= d)) valid += (int)line["quantity"]!;
                        // A first run raises one threshold for every line expiring within the largest one, 90 days (A2).
                        if (perpetual || end is not DateOnly e || !events.Contains("LicensesExpiring")) continue;
                        var k = e.DayNumber - d.DayNumber;
                        if (k < 0 || k > 90) continue;
                        lines.Add((e, name, vaName, $"- {name} | {vaName} | qty {line["quantity"]} | expires {e:yyyy-MM-dd} | {(k == 0 ? "expires today" : $"{k} days left")}"));
                    }
                    var inUse = (int)lic["inUse"]!;
                    if (events.Contains("InsufficientLicenses") && inUse > valid)
                        shortfalls.Add($"{name} in {vaName}: {inUse} in use exceeds the {valid} valid licenses.");
                }
                if (lines.Count == 0 && shortfalls.Count == 0) continue;
                var ordered = lines.OrderBy(l => l.E).ThenBy(l => l.License, StringComparer.Ordinal).ThenBy(l => l.Va, StringComparer.Ordinal)
                    .Select(l => l.Line).ToList();
                var to = new List<string> { (string)user["email"]! };
                if (admin && pref["additionalEmails"] is { } extra)
                    to.AddRange(((string)extra!).Split(',').Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct());
                mails.AddRange(to.Select((t, i) => new Mail(t, domain, (string)sa["name"]!, ordered, shortfalls, IsCopy: i > 0)));
            }
            return mails;
        }

        private static DateOnly Date(JsonNode? node) => DateOnly.ParseExact((string)node!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
