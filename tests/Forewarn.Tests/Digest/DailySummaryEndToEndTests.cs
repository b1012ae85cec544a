using System.Globalization;
using System.Text.Json.Nodes;
using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Forewarn.Core.Import;
using Forewarn.Tests.Import;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Forewarn.Tests.Digest;

/// <summary>
/// Issue 2 end to end: import the sample (plus a license named <c>R&amp;D &lt;Tools&gt;</c>), run the daily summary for
/// 2026-12-03, deliver over real SMTP on loopback, and check every mail against an oracle read straight from the
/// bundle JSON (D1–D6, N3, N5, §1 visibility). A second run sends nothing (D5).
/// </summary>
public class DailySummaryEndToEndTests
{
    private static readonly DateOnly D = new(2026, 12, 3);
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    private static string Bundle() => BundleBuilder.Sample()
        .Append("$.smartAccounts[0].virtualAccounts[0].licenses", """
            { "license": "R&D <Tools>", "quantity": 4, "inUse": 1, "available": 3, "status": "In Compliance", "billingType": "PREPAID",
              "licenseDetails": [ { "licenseType": "TERM", "quantity": 4, "startDate": "2026-01-01", "endDate": "2026-12-10",
                                    "subscriptionId": null, "status": "Active" } ] }
            """)
        .Json;

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SampleDigest_OverRealSmtp_EveryRecipientGetsExactlyTheOracleLinesOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var services = db.Services(Clock, smtp.Settings());
        var json = Bundle();
        await using (var scope = services.CreateAsyncScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ImportInventory>().HandleAsync(new(json), default)).Succeeded);

        var (first, firstDelivery) = await RunAndDeliverAsync(services);
        var received = smtp.Received.ToList();
        var (second, secondDelivery) = await RunAndDeliverAsync(services);

        var oracle = Oracle.Expected(JsonNode.Parse(json)!, D);
        // Who got a digest: exactly the oracle's mails, each once.
        Assert.Equal(oracle.Select(m => $"{m.To} | {m.Domain}").Order(),
            received.Select(r => $"{Assert.Single(r.Recipients)} | {r.Message.Headers["X-Forewarn-Smart-Account"]}").Order());
        Assert.Equal(new RunDailySummary.Summary(3, 8, 8, 2, 0, 0), first);
        Assert.Equal(new DeliveryReport(10, 0, 0), firstDelivery);

        foreach (var expected in oracle)
        {
            var mail = received.Single(r => r.Recipients[0] == expected.To && r.Message.Headers["X-Forewarn-Smart-Account"] == expected.Domain).Message;
            Assert.Equal($"Daily Event Summary: {expected.AccountName}, 2026-12-03", mail.Subject);
            Assert.Equal("daily-summary", mail.Headers["X-Forewarn-Kind"]);
            Assert.Equal("2026-12-03", mail.Headers["X-Forewarn-Date"]);
            var text = (mail.TextBody ?? "").Replace("\r\n", "\n");
            var lines = text.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(" | qty ")).ToList();
            Assert.Equal(expected.Lines, lines);
            var eventLines = text.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal) && !l.Contains(" | qty ")).Select(l => l.Split(" | ")[^1]);
            Assert.Equal(expected.EventMessages.Order(), eventLines.Order());
            Assert.Equal(expected.HasRange, text.Contains("Expiring licenses (within"));
            Assert.Equal(expected.IsCopy, text.Contains("A copy of the summary prepared for"));
        }

        // Names literally in the text part, escaped in the HTML part (D6).
        var bob = received.Single(r => r.Recipients[0] == "bob.user@acme-networks.com").Message;
        Assert.Contains("Prepared for Bob O'Connor <bob.user@acme-networks.com>", bob.TextBody);
        Assert.Contains("- R&D <Tools> | DEFAULT | qty 4 | expires 2026-12-10 | 7 days left", bob.TextBody);
        Assert.Contains("R&amp;D &lt;Tools&gt;", bob.HtmlBody);
        Assert.Contains("Bob O&#x27;Connor", bob.HtmlBody);
        Assert.DoesNotContain("R&D <Tools>", bob.HtmlBody);
        Assert.DoesNotContain("O'Connor", bob.HtmlBody);
        Assert.Equal("Bob O'Connor", ((MailboxAddress)bob.To[0]).Name);

        // Run twice for the same date: nothing new (D5).
        Assert.Equal(new RunDailySummary.Summary(3, 8, 0, 0, 0, 8), second);
        Assert.Equal(new DeliveryReport(0, 0, 0), secondDelivery);
        Assert.Equal(received.Count, smtp.Received.Count);
    }

    [Fact]
    public async Task CliImportAndRunDaily_AgainstRealSmtp_SendsOnceAndPrintsJsonSummary()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var smtp = await SmtpTestServer.StartAsync();
        var file = Path.Combine(db.DataDirectory, "bundle.json");
        await File.WriteAllTextAsync(file, Bundle());

        var import = await ForewarnProcess.RunAsync(db, smtp.Settings(), "import", file);
        var first = await ForewarnProcess.RunAsync(db, smtp.Settings(), "run-daily", "--date", "2026-12-03", "--json");
        var afterFirst = smtp.Received.Count;
        var second = await ForewarnProcess.RunAsync(db, smtp.Settings(), "run-daily", "--date", "2026-12-03", "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("""{"date":"2026-12-03","smartAccounts":3,"recipients":8,"digestsSent":8,"copiesSent":2,"skippedEmpty":0,"alreadyDecided":0,"notYetDue":0,"expiringAlerts":56,"expiredAlerts":0,"insufficientAlerts":10,"backInCompliance":0,"alertsAlreadyRunForALaterDate":0,"statusNotificationsSent":6,"statusCopiesSent":2,"delivered":18,"failed":0,"deferred":0}""", first.Out);
        Assert.Equal(18, afterFirst); // 10 digests and copies, then 8 status notifications and copies of the day's alerts (issue 4)
        Assert.Equal("""{"date":"2026-12-03","smartAccounts":3,"recipients":8,"digestsSent":0,"copiesSent":0,"skippedEmpty":0,"alreadyDecided":8,"notYetDue":0,"expiringAlerts":0,"expiredAlerts":0,"insufficientAlerts":0,"backInCompliance":0,"alertsAlreadyRunForALaterDate":0,"statusNotificationsSent":0,"statusCopiesSent":0,"delivered":0,"failed":0,"deferred":0}""", second.Out);
        Assert.Equal(18, smtp.Received.Count);
        Assert.Equal(10, smtp.Received.Count(m => m.Message.Headers["X-Forewarn-Kind"] == "daily-summary"));
    }

    [Theory]
    [InlineData("0001-01-01", "forewarn run-daily: --date: 0001-01-01 is outside the supported range 2000-01-01 to 2999-12-31.")]
    [InlineData("9999-12-31", "forewarn run-daily: --date: 9999-12-31 is outside the supported range 2000-01-01 to 2999-12-31.")]
    public async Task CliRunDaily_DateOutsideRange_ExitsTwoNamingTheOption(string date, string message)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var run = await ForewarnProcess.RunAsync(db, null, "run-daily", "--date", date);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(message, run.Err);
    }

    [Theory]
    [InlineData("Forewarn__Database__Provider", "Oracle", "Forewarn:Database:Provider")]
    [InlineData("Forewarn__Smtp__Port", "abc", "Forewarn:Smtp:Port")]
    [InlineData("Forewarn__DataDirectory", "/proc/forewarn-cannot-be-here", "Forewarn:DataDirectory")]
    public async Task CliRunDaily_WrongSetting_ExitsTwoNamingTheSettingWithoutAStackTrace(string variable, string value, string named)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var run = await ForewarnProcess.RunAsync(db, new Dictionary<string, string?> { [variable.Replace("__", ":")] = value },
            "run-daily", "--date", "2026-12-03");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("forewarn run-daily: a setting is wrong:", run.Err);
        Assert.Contains(named, run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run-daily", "--bogus")]
    [InlineData("import")]
    public async Task Cli_UsageError_ExitsTwo(params string[] args)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var run = await ForewarnProcess.RunAsync(db, null, args);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.EndsWith("Run 'forewarn --help' for the verbs and their options.", run.Err);
    }

    [Fact]
    public async Task CliRunDaily_BadDate_ExitsTwoNamingTheOption()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var run = await ForewarnProcess.RunAsync(db, null, "run-daily", "--date", "2026-02-30");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("forewarn run-daily: --date: '2026-02-30' is not a date in the form yyyy-MM-dd.", run.Err);
    }

    private static async Task<(RunDailySummary.Summary, DeliveryReport)> RunAndDeliverAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var summary = await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(D), default);
        var report = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(default);
        return (summary, report);
    }

    /// <summary>The digest rules restated plainly over the raw bundle, independent of the production code.</summary>
    private static class Oracle
    {
        public sealed record Mail(string To, string Domain, string AccountName, bool HasRange, List<string> Lines, List<string> EventMessages, bool IsCopy);

        private static readonly string[] Ranges = ["90", "60", "30", "17", "7", "4", "3"];

        public static List<Mail> Expected(JsonNode bundle, DateOnly d)
        {
            var mails = new List<Mail>();
            foreach (var user in bundle["users"]!.AsArray())
            foreach (var pref in user!["preferences"]!.AsArray())
            {
                if (!(bool)pref!["dailyEventSummary"]!) continue;
                var domain = (string)pref["smartAccount"]!;
                var sa = bundle["smartAccounts"]!.AsArray().Single(a => (string)a!["domain"]! == domain)!;
                var access = user["access"]!.AsArray().Where(a => (string)a!["smartAccount"]! == domain).ToList();
                var saLevel = access.Any(a => ((string)a!["role"]!).StartsWith("SmartAccount", StringComparison.Ordinal));
                var admin = access.Any(a => (string)a!["role"]! == "SmartAccountAdmin");
                var vas = access.Where(a => a!["virtualAccount"] is not null).Select(a => (string)a!["virtualAccount"]!).ToHashSet();
                bool Sees(string? va) => va is null ? saLevel : saLevel || vas.Contains(va);

                var events = pref["events"]!.AsArray().Select(e => (string)e!).ToHashSet();
                int? range = events.Contains("LicensesExpiring") ? (int?)pref["expiringRangeDays"] ?? 90 : null;
                var lines = new List<(DateOnly E, string License, string Va, string Line)>();
                if (range is int r)
                    foreach (var va in sa["virtualAccounts"]!.AsArray().Where(v => Sees((string)v!["name"]!)))
                    foreach (var lic in va!["licenses"]!.AsArray())
                    foreach (var line in lic!["licenseDetails"]!.AsArray())
                    {
                        if ((string)line!["licenseType"]! == "PERPETUAL" || line["endDate"] is null) continue;
                        var e = DateOnly.ParseExact((string)line["endDate"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                        var k = e.DayNumber - d.DayNumber;
                        if (k < 0 || k > r) continue;
                        lines.Add((e, (string)lic["license"]!, (string)va["name"]!,
                            $"- {lic["license"]} | {va["name"]} | qty {line["quantity"]} | expires {e:yyyy-MM-dd} | {(k == 0 ? "expires today" : $"{k} days left")}"));
                    }
                var zone = TimeZoneInfo.FindSystemTimeZoneById((string)sa["timeZone"]!);
                var eventMessages = bundle["events"]!.AsArray()
                    .Where(e => (string)e!["smartAccount"]! == domain && Sees((string?)e["virtualAccount"]) && events.Contains(Selector((string)e["type"]!)))
                    .Where(e => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.Parse((string)e!["at"]!, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal), zone)) == d.AddDays(-1))
                    .Select(e => (string)e!["message"]!).ToList();
                if (lines.Count == 0 && eventMessages.Count == 0) continue;
                var ordered = lines.OrderBy(l => l.E).ThenBy(l => l.License, StringComparer.Ordinal).ThenBy(l => l.Va, StringComparer.Ordinal)
                    .Select(l => l.Line).ToList();
                var to = new List<string> { (string)user["email"]! };
                if (admin && pref["additionalEmails"] is { } extra)
                    to.AddRange(((string)extra!).Split(',').Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0).Distinct());
                mails.AddRange(to.Select((t, i) => new Mail(t, domain, (string)sa["name"]!, range is not null, ordered, eventMessages, IsCopy: i > 0)));
            }
            return mails;
        }

        private static string Selector(string eventType) => eventType switch
        {
            "BackInCompliance" => "InsufficientLicenses",
            "RegistrationRenewalFailed" or "AuthorizationRenewalFailed" or "GracePeriodStarted" => "ProductInstanceFailedToConnect",
            "ProductInstanceRemoved" => "ProductInstanceFailedToRenew",
            "GracePeriodExpired" => "AuthorizationExpired",
            _ => eventType,
        };
    }
}
