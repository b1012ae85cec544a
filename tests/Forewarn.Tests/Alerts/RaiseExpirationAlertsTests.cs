using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forewarn.Tests.Alerts;

/// <summary>A1–A3 through the real handler (RunAlerts) on SQLite and PostgreSQL: thresholds, boundaries, re-arming, A3.</summary>
public class RaiseExpirationAlertsTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    /// <summary>Days left on D → the threshold raised on a first run (A2: the nearest passed only; none for an expired line).</summary>
    private static readonly (int DaysLeft, int? Threshold)[] Table =
    [
        (91, null), (90, 90), (89, 90), (61, 90), (60, 60), (45, 60), (31, 60), (30, 30), (18, 30), (17, 17), (8, 17), (7, 7),
        (5, 7), (4, 4), (3, 3), (2, 3), (1, 3), (0, 3), (-1, null), (-30, null),
    ];

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_LineAtAndAroundEachThreshold_RaisesTheNearestPassedThresholdOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var lines = new Dictionary<int, int>();
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", "UTC", "DEFAULT", "EMEA");
            foreach (var (daysLeft, _) in Table)
                lines[daysLeft] = b.License(sa, "EMEA", $"L{daysLeft:+0;-0;0}", (LicenseType.Term, 5, D.AddDays(daysLeft))).Lines[0].Id;
            b.License(sa, "EMEA", "Forever", (LicenseType.Perpetual, 5, null));
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));

        var first = await services.RunAlertsAsync();
        var second = await services.RunAlertsAsync();

        var expected = Table.Where(t => t.Threshold is not null)
            .Select(t => $"{lines[t.DaysLeft]}:LicensesExpiring:{t.Threshold}:{D.AddDays(t.DaysLeft):yyyy-MM-dd}").ToList();
        Assert.Equal(expected, await AlertsKit.LedgerAsync(db));
        Assert.Equal(expected.Count, first.ExpiringRaised);
        Assert.Equal((0, 0), (second.ExpiringRaised, second.ExpiredRaised));

        var alerts = await AlertsKit.AlertsAsync(db);
        Assert.Equal(expected.Count, alerts.Count);
        foreach (var (daysLeft, threshold) in Table.Where(t => t.Threshold is not null))
        {
            var alert = Assert.Single(alerts, a => a.LicenseLineId == lines[daysLeft]);
            Assert.Equal((AlertKind.LicensesExpiring, AlertState.Active, D.AddDays(daysLeft)), (alert.Kind, alert.State, alert.ActionDue));
            Assert.Equal(threshold <= 17 ? AlertSeverity.Major : AlertSeverity.Minor, alert.Severity);
        }
        var at30 = alerts.Single(a => a.LicenseLineId == lines[30]);
        Assert.Equal("L+30 in EMEA: quantity 5 expires on 2027-01-02, 30 days left. To renew, place an order at https://ordering.example.com/renew",
            at30.Message);
        Assert.Contains("expires today", alerts.Single(a => a.LicenseLineId == lines[0]).Message);

        await using var check = db.NewContext();
        var events = await check.Events.OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(expected.Count, events.Count);
        Assert.All(events, e => Assert.Equal((EventType.LicensesExpiring, (DateTime?)null), (e.Type, e.StatusNotifiedAt)));
        Assert.All(events, e => Assert.Equal(check.VirtualAccounts.Single(v => v.Name == "EMEA").Id, e.VirtualAccountId));
        Assert.Contains(events, e => e.Message == "L+30 in EMEA: quantity 5 expires on 2027-01-02, 30 days left (30-day notice).");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_BetweenThresholdsOnFirstRun_RaisesOnlyTheNearestPassedThenEachLaterOneOnItsDay(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var expiry = D.AddDays(45);
        int line;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            line = b.License(b.Account("Acme", "acme.com"), "DEFAULT", "L", (LicenseType.Subscription, 1, expiry)).Lines[0].Id;
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);

        var raisedOn = new List<string>();
        for (var day = D; day <= expiry.AddDays(5); day = day.AddDays(1))
        {
            clock.MoveTo(day);
            var s = await services.RunAlertsAsync();
            if (s.ExpiringRaised + s.ExpiredRaised > 0) raisedOn.Add($"{expiry.DayNumber - day.DayNumber}:{s.ExpiringRaised}:{s.ExpiredRaised}");
        }

        // 60 on the first day (45 left), never 90; then 30, 17, 7, 4, 3 on their days; LicensesExpired the day after expiry.
        Assert.Equal(["45:1:0", "30:1:0", "17:1:0", "7:1:0", "4:1:0", "3:1:0", "-1:0:1"], raisedOn);
        Assert.Equal([60, 30, 17, 7, 4, 3, 0], (await AlertsKit.LedgerAsync(db)).Select(r => int.Parse(r.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture)));
        var alerts = await AlertsKit.AlertsAsync(db);
        Assert.Equal([(AlertKind.LicensesExpiring, AlertState.Cleared), (AlertKind.LicensesExpired, AlertState.Active)],
            alerts.Select(a => (a.Kind, a.State)));
        Assert.All(alerts, a => Assert.Equal(line, a.LicenseLineId));
        Assert.Equal("L in DEFAULT: quantity 1 expired on 2027-01-17 and is no longer valid. To renew, place an order at https://ordering.example.com/renew",
            alerts[1].Message);
        Assert.Equal((AlertSeverity.Major, expiry), (alerts[1].Severity, alerts[1].ActionDue));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ExpiryMovedLater_RearmsAgainstTheNewDateAndRefreshesTheOpenAlert(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int line;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            line = b.License(b.Account("Acme", "acme.com"), "DEFAULT", "L", (LicenseType.Term, 1, D.AddDays(7))).Lines[0].Id;
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        await services.RunAlertsAsync();
        var before = Assert.Single(await AlertsKit.AlertsAsync(db));

        // Renewed: the same line now expires 60 days after D. The 60-day threshold of the new date is raised the same day.
        await SetExpiryAsync(db, line, D.AddDays(60));
        var renewed = await services.RunAlertsAsync();
        // Renewed again, a year later: nothing to raise yet, and the alert about a date the line no longer has is cleared.
        await SetExpiryAsync(db, line, D.AddDays(400));
        var far = await services.RunAlertsAsync();
        clock.MoveTo(D.AddDays(310));
        var ninety = await services.RunAlertsAsync();

        Assert.Equal(1, renewed.ExpiringRaised);
        Assert.Equal((0, 1), (far.ExpiringRaised, far.AlertsCleared));
        Assert.Equal(1, ninety.ExpiringRaised);
        Assert.Equal([$"{line}:LicensesExpiring:7:2026-12-10", $"{line}:LicensesExpiring:60:2027-02-01", $"{line}:LicensesExpiring:90:2028-01-07"],
            await AlertsKit.LedgerAsync(db));
        var alerts = await AlertsKit.AlertsAsync(db);
        Assert.Equal(2, alerts.Count);
        // The first alert was refreshed by the re-armed raise (same row, new date, Minor now), then cleared by the far renewal.
        Assert.Equal((before.Id, AlertState.Cleared, new DateOnly(2027, 2, 1), AlertSeverity.Minor),
            (alerts[0].Id, alerts[0].State, alerts[0].ActionDue, alerts[0].Severity));
        Assert.Equal((AlertState.Active, new DateOnly(2028, 1, 7), AlertSeverity.Minor), (alerts[1].State, alerts[1].ActionDue, alerts[1].Severity));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ExpiryMovedEarlier_RaisesTheNearestThresholdOfTheNewDateOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int line;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            line = b.License(b.Account("Acme", "acme.com"), "DEFAULT", "L", (LicenseType.Term, 1, D.AddDays(60))).Lines[0].Id;
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        await services.RunAlertsAsync();
        await SetExpiryAsync(db, line, D.AddDays(10));
        var moved = await services.RunAlertsAsync();
        var again = await services.RunAlertsAsync();

        Assert.Equal((1, 0), (moved.ExpiringRaised, again.ExpiringRaised));
        Assert.Equal([$"{line}:LicensesExpiring:60:2027-02-01", $"{line}:LicensesExpiring:17:2026-12-13"], await AlertsKit.LedgerAsync(db));
        var alert = Assert.Single(await AlertsKit.AlertsAsync(db));
        Assert.Equal((AlertState.Active, AlertSeverity.Major, new DateOnly(2026, 12, 13)), (alert.State, alert.Severity, alert.ActionDue));
        Assert.Contains("10 days left", alert.Message);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ExpiredLine_NoExpiringAlertAndLicensesExpiredOnlyTheDayAfterForLinesKnownBefore(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int known, imported;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            known = b.License(sa, "DEFAULT", "Known", (LicenseType.Term, 2, D)).Lines[0].Id;
            imported = b.License(sa, "DEFAULT", "AlreadyExpired", (LicenseType.Term, 2, D.AddDays(-1))).Lines[0].Id;
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);

        var onExpiryDay = await services.RunAlertsAsync();
        clock.MoveTo(D.AddDays(1));
        var dayAfter = await services.RunAlertsAsync();
        clock.MoveTo(D.AddDays(2));
        var twoDaysAfter = await services.RunAlertsAsync();

        Assert.Equal((1, 0), (onExpiryDay.ExpiringRaised, onExpiryDay.ExpiredRaised));
        Assert.Equal((0, 1), (dayAfter.ExpiringRaised, dayAfter.ExpiredRaised));
        Assert.Equal((0, 0), (twoDaysAfter.ExpiringRaised, twoDaysAfter.ExpiredRaised));
        Assert.Equal([$"{known}:LicensesExpiring:3:2026-12-03", $"{known}:LicensesExpired:0:2026-12-03"], await AlertsKit.LedgerAsync(db));
        Assert.DoesNotContain(await AlertsKit.AlertsAsync(db), a => a.LicenseLineId == imported);
        await using var ctx2 = db.NewContext();
        Assert.Equal([EventType.LicensesExpiring, EventType.LicensesExpired], await ctx2.Events.OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ExpiringAlertDismissed_NoLicensesExpiredAndLaterThresholdsKeepItDismissed(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        User alice;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "L", (LicenseType.Term, 2, D.AddDays(7)));
            alice = b.User("alice@acme.com", "Alice", sa, Role.SmartAccountUser);
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        await services.RunAlertsAsync();
        await using (var scope = services.CreateAsyncScope())
        {
            var alert = Assert.Single(await AlertsKit.AlertsAsync(db));
            Assert.True((await scope.ServiceProvider.GetRequiredService<DismissAlert>().HandleAsync(new(alice.Id, "acme.com", alert.Id), default)).IsOk);
        }

        var raised = new List<string>();
        for (var day = D.AddDays(1); day <= D.AddDays(12); day = day.AddDays(1))
        {
            clock.MoveTo(day);
            var s = await services.RunAlertsAsync();
            if (s.ExpiringRaised + s.ExpiredRaised > 0) raised.Add($"{day:MM-dd}:{s.ExpiringRaised}:{s.ExpiredRaised}");
        }

        // 4 and 3 are still raised (events, notifications), the alert stays dismissed, and A3 raises nothing after expiry.
        Assert.Equal(["12-06:1:0", "12-07:1:0"], raised);
        var only = Assert.Single(await AlertsKit.AlertsAsync(db));
        Assert.Equal((AlertState.Dismissed, "alice@acme.com", AlertSeverity.Major), (only.State, only.DismissedBy, only.Severity));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_LeapDayStartPlusOneYear_CountsCalendarDaysToTheTwentyEighthOfFebruary(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var start = new DateOnly(2028, 2, 29);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var license = b.License(b.Account("Acme", "acme.com"), "DEFAULT", "Leap", (LicenseType.Term, 1, start.AddYears(1)));
            license.Lines[0].StartDate = start;
            ctx.SaveChanges();
        }
        var clock = AlertsKit.ClockAt(new DateOnly(2028, 11, 29));
        await using var services = db.Services(clock);

        var dayBefore = await services.RunAlertsAsync();
        clock.MoveTo(new DateOnly(2028, 11, 30));
        var ninetyDays = await services.RunAlertsAsync();
        clock.MoveTo(new DateOnly(2029, 3, 1));
        var dayAfterExpiry = await services.RunAlertsAsync();

        Assert.Equal((0, 1, 1), (dayBefore.ExpiringRaised, ninetyDays.ExpiringRaised, dayAfterExpiry.ExpiredRaised));
        Assert.Equal(["LicensesExpiring:90:2029-02-28", "LicensesExpired:0:2029-02-28"],
            (await AlertsKit.LedgerAsync(db)).Select(r => r[(r.IndexOf(':') + 1)..]));
    }

    /// <summary>
    /// The account's date, not UTC's: at 23:30 local on the day daylight saving ends (America/New_York, 2026-11-01, a 25-hour
    /// day) it is already 2026-11-02 in UTC; the line expiring 2026-11-05 has 4 days left locally, so 4 is raised, not 3.
    /// The next local day 3 is raised; the same holds on the spring change (2027-03-14, a 23-hour day) for a line expiring 2027-03-18.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_AroundDaylightSavingChanges_UsesTheAccountsLocalDate(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        const string zone = "America/New_York";
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com", zone);
            b.License(sa, "DEFAULT", "Autumn", (LicenseType.Term, 1, new DateOnly(2026, 11, 5)));
            b.License(sa, "DEFAULT", "Spring", (LicenseType.Term, 1, new DateOnly(2027, 3, 18)));
        }
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 4, 30, 0, TimeSpan.Zero));
        await using var services = db.Services(clock);

        var results = new List<string>();
        foreach (var utc in new[]
                 {
                     new DateTime(2026, 11, 2, 4, 30, 0), // 2026-11-01 23:30 EST (UTC-5 since 02:00 that day)
                     new DateTime(2026, 11, 3, 4, 30, 0), // 2026-11-02 23:30 EST
                     new DateTime(2027, 3, 15, 3, 30, 0), // 2027-03-14 23:30 EDT (UTC-4 since 02:00 that day)
                     new DateTime(2027, 3, 16, 3, 30, 0), // 2027-03-15 23:30 EDT
                 })
        {
            clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));
            await services.RunAlertsAsync();
        }

        Assert.Equal(["LicensesExpiring:4:2026-11-05", "LicensesExpiring:3:2026-11-05", "LicensesExpiring:4:2027-03-18", "LicensesExpiring:3:2027-03-18"],
            (await AlertsKit.LedgerAsync(db)).Select(r => r[(r.IndexOf(':') + 1)..]));
        await using var ctx2 = db.NewContext();
        Assert.Equal([new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2), new DateOnly(2027, 3, 14), new DateOnly(2027, 3, 15)],
            await ctx2.ExpirationRaises.OrderBy(r => r.Id).Select(r => r.RaisedOn).ToListAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ConfiguredSchedule_RaisesOnItsThresholdsOnly(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "A", (LicenseType.Term, 1, D.AddDays(60)));
            b.License(sa, "DEFAULT", "B", (LicenseType.Term, 1, D.AddDays(14)));
            b.License(sa, "DEFAULT", "C", (LicenseType.Term, 1, D.AddDays(3)));
        }
        await using var services = db.Services(AlertsKit.ClockAt(D), new Dictionary<string, string?> { ["Forewarn:Alerts:Schedule"] = " 5, 14 ,45" });

        await services.RunAlertsAsync();

        Assert.Equal(["LicensesExpiring:14:2026-12-17", "LicensesExpiring:5:2026-12-06"],
            (await AlertsKit.LedgerAsync(db)).Select(r => r[(r.IndexOf(':') + 1)..]));
    }

    [Theory]
    [InlineData("90,60,x", "Forewarn:Alerts:Schedule 'x' is not a whole number of days from 0 to 3650 (got '90,60,x')")]
    [InlineData("", "Forewarn:Alerts:Schedule must list at least one number of days")]
    [InlineData("30,30", "Forewarn:Alerts:Schedule 30 is listed twice")]
    [InlineData("-3", "'-3' is not a whole number of days")]
    public async Task Options_WrongSchedule_StartupFailsNamingTheSetting(string schedule, string message)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var services = db.Services(AlertsKit.ClockAt(D), new Dictionary<string, string?> { ["Forewarn:Alerts:Schedule"] = schedule });
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AlertOptions>>().Value);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("Forewarn:Alerts:Schedule", "90,sixty", "Forewarn:Alerts:Schedule 'sixty' is not a whole number of days from 0 to 3650 (got '90,sixty'); e.g. 90,60,30,17,7,4,3.")]
    [InlineData("Forewarn:StatusNotifications:CoalescingWindow", "-00:01:00", "Forewarn:StatusNotifications:CoalescingWindow must be between 00:00:00 and 1.00:00:00 (got -00:01:00).")]
    public async Task CliRunDaily_WrongAlertSetting_ExitsTwoNamingIt(string setting, string value, string message)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var run = await ForewarnProcess.RunAsync(db, new Dictionary<string, string?> { [setting] = value }, "run-daily");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal(["forewarn run-daily: a setting is wrong:", "  " + message], run.ErrLines);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ConcurrentRunsForTheSameDay_RaiseEachLineOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            for (var i = 0; i < 150; i++) b.License(sa, "DEFAULT", $"L{i:000}", (LicenseType.Term, 1, D.AddDays(i % 95)));
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => services.RunAlertsAsync())));

        // Lines 0..90 days out (i % 95 ≤ 90): 150 lines, of which those with 91..94 days left raise nothing.
        var expected = Enumerable.Range(0, 150).Count(i => i % 95 <= 90);
        Assert.Equal(expected, runs.Sum(r => r.ExpiringRaised));
        await using var ctx2 = db.NewContext();
        Assert.Equal(expected, await ctx2.ExpirationRaises.CountAsync());
        Assert.Equal(expected, await ctx2.Events.CountAsync());
        Assert.Equal(expected, await ctx2.Alerts.CountAsync());
    }

    /// <summary>
    /// A2 re-arming: a renewal keeps the ledger of the old expiry date from blocking the same thresholds, and A3's
    /// LicensesExpired, for the new date. A line that expired (3-day notice, then LicensesExpired) and was renewed a year
    /// later gets its 3-day notice and LicensesExpired again for the new date.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_RenewedLineReachesTheSameThresholdAgain_RaisesItAndLicensesExpiredForTheNewDate(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int line;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            line = b.License(b.Account("Acme", "acme.com"), "DEFAULT", "L", (LicenseType.Term, 1, D.AddDays(3))).Lines[0].Id;
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock);
        var oldNotice = await services.RunAlertsAsync();
        clock.MoveTo(D.AddDays(4));
        var oldExpired = await services.RunAlertsAsync();

        await SetExpiryAsync(db, line, D.AddDays(368)); // renewed: 2027-12-06
        clock.MoveTo(D.AddDays(365));
        var newNotice = await services.RunAlertsAsync();
        clock.MoveTo(D.AddDays(369));
        var newExpired = await services.RunAlertsAsync();

        Assert.Equal((1, 0), (oldNotice.ExpiringRaised, oldNotice.ExpiredRaised));
        Assert.Equal((0, 1), (oldExpired.ExpiringRaised, oldExpired.ExpiredRaised));
        Assert.Equal((1, 0), (newNotice.ExpiringRaised, newNotice.ExpiredRaised));
        Assert.Equal((0, 1), (newExpired.ExpiringRaised, newExpired.ExpiredRaised));
        Assert.Equal([$"{line}:LicensesExpiring:3:2026-12-06", $"{line}:LicensesExpired:0:2026-12-06",
                $"{line}:LicensesExpiring:3:2027-12-06", $"{line}:LicensesExpired:0:2027-12-06"],
            await AlertsKit.LedgerAsync(db));
        var alerts = await AlertsKit.AlertsAsync(db);
        Assert.Equal((AlertKind.LicensesExpired, AlertState.Active, AlertSeverity.Major, new DateOnly(2027, 12, 6)),
            (alerts[^1].Kind, alerts[^1].State, alerts[^1].Severity, alerts[^1].ActionDue));
    }

    /// <summary>
    /// A3 with Forewarn:Alerts:ExpiredLookbackDays: after missed runs, a LicensesExpired is still raised up to that many days
    /// after the expiry (here 60, longer than the default 30), and not beyond it.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Run_ExpiredLookbackConfigured_MissedLicensesExpiredRaisedWithinItNotBeyond(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme", "acme.com");
            b.License(sa, "DEFAULT", "Within", (LicenseType.Term, 1, D.AddDays(3)));
            b.License(sa, "DEFAULT", "Beyond", (LicenseType.Term, 1, D.AddDays(2)));
        }
        var clock = AlertsKit.ClockAt(D);
        await using var services = db.Services(clock, new Dictionary<string, string?> { ["Forewarn:Alerts:ExpiredLookbackDays"] = "60" });
        var notices = await services.RunAlertsAsync();
        // Runs missed until 2027-02-04: 60 days after "Within" expired (2026-12-06), 61 after "Beyond" (2026-12-05).
        clock.MoveTo(D.AddDays(63));
        var late = await services.RunAlertsAsync();

        Assert.Equal((2, 1), (notices.ExpiringRaised, late.ExpiredRaised));
        Assert.Equal(["LicensesExpiring:3:2026-12-06", "LicensesExpired:0:2026-12-06", "LicensesExpiring:3:2026-12-05"],
            (await AlertsKit.LedgerAsync(db)).Select(r => r[(r.IndexOf(':') + 1)..]));
    }

    private static async Task SetExpiryAsync(TestDatabase db, int lineId, DateOnly expiry)
    {
        await using var ctx = db.NewContext();
        (await ctx.LicenseLines.SingleAsync(l => l.Id == lineId)).EndDate = expiry;
        await ctx.SaveChangesAsync();
    }
}
