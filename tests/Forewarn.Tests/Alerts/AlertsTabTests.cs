using Forewarn.Core;
using Forewarn.Core.Alerts;
using Forewarn.Core.Data;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Tests.Alerts;

/// <summary>ListAlerts and DismissAlert (§1 Alerts tab, A5) on SQLite and PostgreSQL: who sees, who may dismiss, order, filters, counts.</summary>
public class AlertsTabTests
{
    private static readonly DateOnly D = new(2026, 12, 3);

    private sealed record World(SmartAccount Sa, Dictionary<string, User> Users, int EmeaLicense);

    private static World Arrange(ForewarnDbContext ctx)
    {
        var b = new InventoryBuilder(ctx);
        var sa = b.Account("Acme", "acme.com", "America/New_York", "DEFAULT", "EMEA");
        var emeaLicense = b.License(sa, "EMEA", "Secure <Email>", (LicenseType.Term, 5, D.AddDays(10))).Id;
        b.Account("Other", "other.com");
        var users = new Dictionary<string, User>
        {
            ["admin"] = b.User("admin@acme.com", "Admin", sa, Role.SmartAccountAdmin),
            ["user"] = b.User("user@acme.com", "User", sa, Role.SmartAccountUser),
            ["viewer"] = b.User("viewer@acme.com", "Viewer", sa, Role.SmartAccountViewer),
            ["vaAdmin"] = b.User("vaadmin@acme.com", "VA Admin", sa, Role.VirtualAccountAdmin, "EMEA"),
            ["vaUser"] = b.User("vauser@acme.com", "VA User", sa, Role.VirtualAccountUser, "EMEA"),
            ["vaViewer"] = b.User("vaviewer@acme.com", "VA Viewer", sa, Role.VirtualAccountViewer, "EMEA"),
            ["otherVa"] = b.User("default@acme.com", "Default User", sa, Role.VirtualAccountUser, "DEFAULT"),
        };
        var outsider = ctx.Users.Add(new User { Email = "outsider@other.com", Name = "Outsider" }).Entity;
        ctx.SaveChanges();
        users["outsider"] = outsider;
        return new World(sa, users, emeaLicense);
    }

    private static Alert AddAlert(ForewarnDbContext ctx, SmartAccount sa, string? va, AlertSeverity severity, DateOnly due,
        AlertState state = AlertState.Active, int? licenseId = null, string message = "m")
    {
        var alert = new Alert
        {
            SmartAccountId = sa.Id, VirtualAccountId = va is null ? null : sa.VirtualAccounts.Single(v => v.Name == va).Id,
            Kind = licenseId is null ? AlertKind.ProductInstanceFailedToConnect : AlertKind.InsufficientLicenses, Severity = severity,
            Message = message, LicenseId = licenseId, ActionDue = due, State = state,
            RaisedAt = new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc), UpdatedAt = new DateTime(2026, 12, 3, 11, 0, 0, DateTimeKind.Utc),
        };
        ctx.Alerts.Add(alert);
        ctx.SaveChanges();
        return alert;
    }

    public static TheoryData<DatabaseKind, string, string?, Outcome, string?> DismissCases()
    {
        var data = new TheoryData<DatabaseKind, string, string?, Outcome, string?>();
        (string User, string? Va, Outcome Outcome, string? Field)[] cases =
        [
            ("admin", "EMEA", Outcome.Ok, null), ("user", "EMEA", Outcome.Ok, null), ("viewer", "EMEA", Outcome.Forbidden, "alertId"),
            ("vaAdmin", "EMEA", Outcome.Ok, null), ("vaUser", "EMEA", Outcome.Ok, null), ("vaViewer", "EMEA", Outcome.Forbidden, "alertId"),
            ("otherVa", "EMEA", Outcome.NotFound, "alertId"), ("outsider", "EMEA", Outcome.NotFound, "smartAccount"),
            ("admin", null, Outcome.Ok, null), ("user", null, Outcome.Ok, null), ("viewer", null, Outcome.Forbidden, "alertId"),
            ("vaAdmin", null, Outcome.NotFound, "alertId"), ("vaUser", null, Outcome.NotFound, "alertId"),
        ];
        foreach (var kind in new[] { DatabaseKind.Sqlite, DatabaseKind.Postgres })
            foreach (var c in cases) data.Add(kind, c.User, c.Va, c.Outcome, c.Field);
        return data;
    }

    [Theory, MemberData(nameof(DismissCases))]
    public async Task Dismiss_ByRole_AllowedOnlyToUsersWhoMayChangeThatVirtualAccount(DatabaseKind kind, string user, string? va, Outcome outcome, string? field)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        World w; long alertId;
        await using (var ctx = db.NewContext())
        {
            w = Arrange(ctx);
            alertId = AddAlert(ctx, w.Sa, va, AlertSeverity.Major, D, licenseId: va is null ? null : w.EmeaLicense).Id;
        }
        var clock = AlertsKit.ClockAt(D, "America/New_York", 9);
        await using var services = db.Services(clock);
        await using var scope = services.CreateAsyncScope();

        var result = await scope.ServiceProvider.GetRequiredService<DismissAlert>().HandleAsync(new(w.Users[user].Id, "ACME.com", alertId), default);

        Assert.Equal(outcome, result.Outcome);
        await using var check = db.NewContext();
        var stored = await check.Alerts.SingleAsync(a => a.Id == alertId);
        var events = await check.Events.ToListAsync();
        if (outcome == Outcome.Ok)
        {
            Assert.Equal((AlertState.Dismissed, w.Users[user].Email, clock.GetUtcNow().UtcDateTime), (stored.State, stored.DismissedBy, stored.DismissedAt));
            Assert.Equal((AlertState.Dismissed, w.Users[user].Email, false), (result.Value!.State, result.Value.DismissedBy, result.Value.CanDismiss));
            var logged = Assert.Single(events);
            Assert.Equal((EventType.AlertDismissed, w.Users[user].Email, stored.VirtualAccountId), (logged.Type, logged.ActorEmail, logged.VirtualAccountId));
            Assert.Equal($"{w.Users[user].Email} dismissed the {stored.Kind} alert: m", logged.Message);
            Assert.NotNull(logged.StatusNotifiedAt); // Event Log only: never waits for a status notification
        }
        else
        {
            Assert.Equal(field, Assert.Single(result.Errors).Field);
            Assert.Equal((AlertState.Active, null), (stored.State, stored.DismissedBy)); // a refusal changes nothing
            Assert.Empty(events);
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Dismiss_AlreadyDismissedClearedOrUnknown_ChangesNothingAndSaysWhy(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        World w; long dismissed, cleared, otherAccount;
        await using (var ctx = db.NewContext())
        {
            w = Arrange(ctx);
            dismissed = AddAlert(ctx, w.Sa, "EMEA", AlertSeverity.Major, D).Id;
            cleared = AddAlert(ctx, w.Sa, "EMEA", AlertSeverity.Major, D, AlertState.Cleared).Id;
            otherAccount = AddAlert(ctx, ctx.SmartAccounts.Include(s => s.VirtualAccounts).Single(s => s.Domain == "other.com"), "DEFAULT",
                AlertSeverity.Major, D).Id;
        }
        await using var services = db.Services(AlertsKit.ClockAt(D));
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<DismissAlert>();
        var admin = w.Users["admin"].Id;

        var first = await handler.HandleAsync(new(admin, "acme.com", dismissed), default);
        var second = await handler.HandleAsync(new(admin, "acme.com", dismissed), default);
        var onCleared = await handler.HandleAsync(new(admin, "acme.com", cleared), default);
        var foreign = await handler.HandleAsync(new(admin, "acme.com", otherAccount), default);
        var missing = await handler.HandleAsync(new(admin, "acme.com", 999_999), default);
        var noAccount = await handler.HandleAsync(new(admin, "nowhere.com", dismissed), default);

        Assert.Equal((Outcome.Ok, Outcome.Ok), (first.Outcome, second.Outcome));
        Assert.Equal(new FieldError("alertId", $"Alert {cleared} is cleared: what it reported is over, so there is nothing to dismiss."),
            Assert.Single(onCleared.Errors));
        Assert.Equal(Outcome.Invalid, onCleared.Outcome);
        Assert.Equal(new FieldError("alertId", $"No alert {otherAccount} in acme.com is visible to you."), Assert.Single(foreign.Errors));
        Assert.Equal((Outcome.NotFound, Outcome.NotFound), (foreign.Outcome, missing.Outcome));
        Assert.Equal(new FieldError("smartAccount", "No Smart Account 'nowhere.com' is visible to you."), Assert.Single(noAccount.Errors));
        await using var check = db.NewContext();
        Assert.Equal(1, await check.Events.CountAsync()); // one dismissal, logged once
        Assert.Equal(AlertState.Active, (await check.Alerts.SingleAsync(a => a.Id == otherAccount)).State);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_SortedBySeverityThenActionDue_FilteredAndLimitedToWhatTheUserSees(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        World w;
        await using (var ctx = db.NewContext())
        {
            w = Arrange(ctx);
            AddAlert(ctx, w.Sa, "EMEA", AlertSeverity.Minor, D.AddDays(5), message: "minor-emea-5");
            AddAlert(ctx, w.Sa, "DEFAULT", AlertSeverity.Major, D.AddDays(9), message: "major-default-9");
            AddAlert(ctx, w.Sa, "EMEA", AlertSeverity.Major, D.AddDays(2), licenseId: w.EmeaLicense, message: "major-emea-2");
            AddAlert(ctx, w.Sa, null, AlertSeverity.Informational, D, message: "info-sa-0");
            AddAlert(ctx, w.Sa, null, AlertSeverity.Major, D.AddDays(30), message: "major-sa-30");
            AddAlert(ctx, w.Sa, "EMEA", AlertSeverity.Minor, D.AddDays(1), AlertState.Dismissed, message: "minor-emea-1-dismissed");
            AddAlert(ctx, w.Sa, "EMEA", AlertSeverity.Major, D.AddDays(1), AlertState.Cleared, message: "major-emea-1-cleared");
        }
        await using var services = db.Services(AlertsKit.ClockAt(D, "America/New_York"));
        await using var scope = services.CreateAsyncScope();
        var list = scope.ServiceProvider.GetRequiredService<ListAlerts>();
        async Task<ListAlerts.View> ListAsync(string user, string? severity = null, string? state = null)
        {
            var r = await list.HandleAsync(new(w.Users[user].Id, "acme.com", severity, state), default);
            Assert.True(r.IsOk, string.Join("; ", r.Errors));
            return r.Value!;
        }

        var admin = await ListAsync("admin");
        var vaUser = await ListAsync("vaUser");
        var majorActive = await ListAsync("admin", "major", "ACTIVE");
        var viewer = await ListAsync("viewer");

        Assert.Equal(["major-emea-1-cleared", "major-emea-2", "major-default-9", "major-sa-30", "minor-emea-1-dismissed", "minor-emea-5", "info-sa-0"],
            admin.Page.Rows.Select(r => r.Message));
        Assert.Equal(new ListAlerts.Counts(3, 1), admin.Counts);
        Assert.Equal(["major-emea-1-cleared", "major-emea-2", "minor-emea-1-dismissed", "minor-emea-5"], vaUser.Page.Rows.Select(r => r.Message));
        Assert.Equal(new ListAlerts.Counts(1, 1), vaUser.Counts);
        Assert.Equal(["major-emea-2", "major-default-9", "major-sa-30"], majorActive.Page.Rows.Select(r => r.Message));
        Assert.Equal(new ListAlerts.Counts(3, 1), majorActive.Counts); // the header counts ignore the filter
        Assert.Equal((AlertSeverity.Major, AlertState.Active), (majorActive.Severity!.Value, majorActive.State!.Value));

        var row = admin.Page.Rows.Single(r => r.Message == "major-emea-2");
        Assert.Equal(("EMEA", "Secure <Email>", w.EmeaLicense, true), (row.Source, row.License, row.LicenseId, row.CanDismiss));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 6, 0, 0, TimeSpan.FromHours(-5)), row.RaisedAt); // in the account's zone
        Assert.Equal("Smart Account", admin.Page.Rows.Single(r => r.Message == "major-sa-30").Source);
        Assert.False(admin.Page.Rows.Single(r => r.Message == "minor-emea-1-dismissed").CanDismiss); // only active alerts
        Assert.All(viewer.Page.Rows, r => Assert.False(r.CanDismiss));
        Assert.Equal(7, viewer.Page.Rows.Count);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task List_BadFilterOrInvisibleAccount_SaysWhichFieldAndWhy(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        World w;
        await using (var ctx = db.NewContext()) w = Arrange(ctx);
        await using var services = db.Services(AlertsKit.ClockAt(D));
        await using var scope = services.CreateAsyncScope();
        var list = scope.ServiceProvider.GetRequiredService<ListAlerts>();

        var bad = await list.HandleAsync(new(w.Users["admin"].Id, "acme.com", "Critical", "1"), default);
        var outsider = await list.HandleAsync(new(w.Users["outsider"].Id, "acme.com"), default);
        var counts = await list.CountsAsync(w.Users["outsider"].Id, "acme.com", default);

        Assert.Equal(Outcome.Invalid, bad.Outcome);
        Assert.Equal(
            [
                new FieldError("severity", "'Critical' is not a severity; choose one of Major, Minor, Informational."),
                new FieldError("state", "'1' is not a state; choose one of Active, Dismissed, Cleared."),
            ], bad.Errors);
        Assert.Equal(Outcome.NotFound, outsider.Outcome);
        Assert.Null(counts);
    }

    [Theory]
    [InlineData(Role.SmartAccountAdmin, null, true)]
    [InlineData(Role.SmartAccountUser, null, true)]
    [InlineData(Role.SmartAccountViewer, null, false)]
    [InlineData(Role.VirtualAccountAdmin, 7, true)]
    [InlineData(Role.VirtualAccountUser, 7, true)]
    [InlineData(Role.VirtualAccountViewer, 7, false)]
    [InlineData(Role.VirtualAccountAdmin, 8, false)]
    public void MayChange_RoleOnVirtualAccount7_OnlyRolesThatMayChangeIt(Role role, int? roleVa, bool expected)
    {
        Assert.Equal(expected, AlertPermissions.MayChange([(role, roleVa)], 7));
        // An alert with no virtual account: only the SA-level roles that may change things.
        Assert.Equal(role is Role.SmartAccountAdmin or Role.SmartAccountUser, AlertPermissions.MayChange([(role, roleVa)], null));
    }
}
