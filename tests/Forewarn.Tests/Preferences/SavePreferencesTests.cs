using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Preferences;

/// <summary>The Preferences handlers (N1–N7) against a real database on both providers.</summary>
public class SavePreferencesTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private static readonly string[] AllEvents = NotificationTypeCatalog.Each.Select(t => t.ToString()).ToArray();

    private sealed record World(int Admin, int User, int VaUser, int Outsider);

    private static async Task<World> ArrangeAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var b = new InventoryBuilder(ctx);
        var sa = b.Account("Acme", "acme-networks.com", "America/New_York", "DEFAULT", "EMEA");
        b.Account("Globex", "globex-mfg.com");
        var admin = b.User("alice@acme-networks.com", "Alice", sa, Role.SmartAccountAdmin, additionalEmails: "noc@acme-networks.com");
        var user = ctx.Users.Add(new User { Email = "bob@acme-networks.com", Name = "Bob O'Connor" }).Entity;
        ctx.SaveChanges();
        b.Grant(user, sa, Role.SmartAccountUser);
        var va = ctx.Users.Add(new User { Email = "carol@acme-networks.com", Name = "Carol" }).Entity;
        ctx.SaveChanges();
        b.Grant(va, sa, Role.VirtualAccountUser, "EMEA");
        var outsider = ctx.Users.Add(new User { Email = "eve@globex-mfg.com", Name = "Eve" }).Entity;
        ctx.SaveChanges();
        return new World(admin.Id, user.Id, va.Id, outsider.Id);
    }

    private static async Task<Result<PreferencesView>> SaveAsync(TestDatabase db, SavePreferences.Request request)
    {
        await using var sp = db.Services(Clock);
        await using var scope = sp.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SavePreferences>().HandleAsync(request, default);
    }

    private static async Task<Result<PreferencesView>> GetAsync(TestDatabase db, int userId, string domain = "acme-networks.com")
    {
        await using var sp = db.Services(Clock);
        await using var scope = sp.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GetPreferences>().HandleAsync(new(userId, domain), default);
    }

    /// <summary>Every stored preference and event, as text, to prove a refused save changed nothing.</summary>
    private static async Task<string> DumpAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var prefs = await ctx.NotificationPreferences.OrderBy(p => p.Id)
            .Select(p => $"{p.Id}|{p.UserId}|{p.SmartAccountId}|{p.DailyEventSummary}|{p.StatusNotification}|{p.Events}|{p.ExpiringRangeDays}|{p.AdditionalEmails}")
            .ToListAsync();
        var events = await ctx.Events.OrderBy(e => e.Id).Select(e => $"{e.Id}|{e.Type}|{e.Message}").ToListAsync();
        return string.Join("\n", prefs.Concat(events));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Get_NewUser_HasN2Defaults(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);

        var view = (await GetAsync(db, w.User)).Value!;

        Assert.False(view.DailyEventSummary);
        Assert.False(view.StatusNotification);
        Assert.Equal(AllEvents, view.Events);
        Assert.Null(view.ExpiringRangeDays);
        Assert.Null(view.AdditionalEmails); // not an admin: the field does not exist for them
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_DigestOnWithExpiringAndNoRange_Stores90(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);

        var result = await SaveAsync(db, new(w.User, "acme-networks.com", true, false, AllEvents, null, null));

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(90, result.Value!.ExpiringRangeDays);
        Assert.Equal(90, (await GetAsync(db, w.User)).Value!.ExpiringRangeDays);
    }

    [Theory]
    [InlineData(false, true, 30)]  // digest off: no range (N3)
    [InlineData(true, false, 30)]  // LicensesExpiring not selected: no range (N3)
    public async Task Save_DigestOffOrExpiringUnselected_StoresNoRange(bool digest, bool expiringSelected, int chosen)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var w = await ArrangeAsync(db);
        var events = expiringSelected ? AllEvents : AllEvents.Where(e => e != "LicensesExpiring").ToArray();

        var result = await SaveAsync(db, new(w.User, "acme-networks.com", digest, true, events, chosen, null));

        Assert.Null(result.Value!.ExpiringRangeDays);
        await using var ctx = db.NewContext();
        Assert.Null(ctx.NotificationPreferences.Single(p => p.UserId == w.User).ExpiringRangeDays);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_ChosenRange_IsKeptAndLogged(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);
        await SaveAsync(db, new(w.User, "acme-networks.com", true, false, AllEvents, null, null));

        var result = await SaveAsync(db, new(w.User, "acme-networks.com", true, false, AllEvents, 30, null));

        Assert.Equal(30, result.Value!.ExpiringRangeDays);
        await using var ctx = db.NewContext();
        var log = await ctx.Events.Where(e => e.Type == EventType.PreferencesChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, log.Count);
        Assert.Equal("bob@acme-networks.com", log[1].ActorEmail);
        Assert.Equal("bob@acme-networks.com changed notification preferences: expiring range 90 days → 30 days.", log[1].Message);
        Assert.Null(log[1].VirtualAccountId);
    }

    /// <summary>
    /// N3: 90 is preselected only for a user who has never chosen a range. One who saved 30 and saves again without a range
    /// (an API client leaving the field out) keeps 30; after the digest was off (range cleared), none becomes 90 again.
    /// </summary>
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_NoRangeSentWithARangeSaved_KeepsTheSavedRangeNot90(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);
        await SaveAsync(db, new(w.User, "acme-networks.com", true, false, AllEvents, 30, null));

        var kept = await SaveAsync(db, new(w.User, "acme-networks.com", true, true, AllEvents, null, null));
        var off = await SaveAsync(db, new(w.User, "acme-networks.com", false, true, AllEvents, null, null));
        var onAgain = await SaveAsync(db, new(w.User, "acme-networks.com", true, true, AllEvents, null, null));

        Assert.Equal((30, (int?)null, 90), (kept.Value!.ExpiringRangeDays!.Value, off.Value!.ExpiringRangeDays, onAgain.Value!.ExpiringRangeDays!.Value));
        await using var ctx = db.NewContext();
        var log = await ctx.Events.Where(e => e.Type == EventType.PreferencesChanged).OrderBy(e => e.Id).Select(e => e.Message).ToListAsync();
        Assert.DoesNotContain(log, m => m.Contains("30 days → 90 days"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_NothingChanged_WritesNoEvent(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);
        await SaveAsync(db, new(w.User, "acme-networks.com", true, false, AllEvents, 60, null));
        var before = await DumpAsync(db);

        await SaveAsync(db, new(w.User, "acme-networks.com", true, false, AllEvents, 60, null));

        Assert.Equal(before, await DumpAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_AdminAddresses_NormalisedAndStored(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);

        var result = await SaveAsync(db, new(w.Admin, "acme-networks.com", true, true, AllEvents, 90,
            [" NOC@acme-networks.com ,ops@EMEA.acme-networks.com", "noc@ACME-networks.com"]));

        Assert.Equal(Outcome.Ok, result.Outcome);
        Assert.Equal(["noc@acme-networks.com", "ops@emea.acme-networks.com"], result.Value!.AdditionalEmails);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_AdminForeignAddress_RefusedWholeNamingEachAddress(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);
        var before = await DumpAsync(db);

        var result = await SaveAsync(db, new(w.Admin, "acme-networks.com", false, false, ["NewLicenses"], null,
            ["noc@acme-networks.com, x@acme-networks.com.evil.io, x@notacme-networks.com, a@@acme-networks.com, a@"]));

        Assert.Equal(Outcome.Invalid, result.Outcome);
        Assert.Equal(
        [
            "additionalEmails: x@acme-networks.com.evil.io is outside the Smart Account domain acme-networks.com.",
            "additionalEmails: x@notacme-networks.com is outside the Smart Account domain acme-networks.com.",
            "additionalEmails: a@@acme-networks.com is not a valid email address.",
            "additionalEmails: a@ is not a valid email address.",
        ], result.Errors.Select(e => e.ToString()));
        Assert.Equal(before, await DumpAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_NonAdminSendingAddresses_ForbiddenAndNothingChanges(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);
        var before = await DumpAsync(db);

        var result = await SaveAsync(db, new(w.User, "acme-networks.com", true, true, AllEvents, 30, ["noc@acme-networks.com"]));

        Assert.Equal(Outcome.Forbidden, result.Outcome);
        Assert.Equal("additionalEmails", Assert.Single(result.Errors).Field);
        Assert.Equal(before, await DumpAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_UnknownEventOrRange_InvalidNamingTheField(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);
        var before = await DumpAsync(db);

        var result = await SaveAsync(db, new(w.User, "acme-networks.com", true, true, ["NewLicenses", "Bogus"], 45, null));

        Assert.Equal(Outcome.Invalid, result.Outcome);
        Assert.Equal(["events[1]", "expiringRangeDays"], result.Errors.Select(e => e.Field));
        Assert.Equal(before, await DumpAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SaveAndGet_AccountNotVisible_NotFound(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);

        Assert.Equal(Outcome.NotFound, (await GetAsync(db, w.Outsider)).Outcome);
        Assert.Equal(Outcome.NotFound, (await GetAsync(db, w.User, "globex-mfg.com")).Outcome);
        Assert.Equal(Outcome.NotFound, (await GetAsync(db, w.User, "nowhere.example")).Outcome);
        Assert.Equal(Outcome.NotFound,
            (await SaveAsync(db, new(w.Outsider, "acme-networks.com", true, true, AllEvents, 30, null))).Outcome);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Save_VirtualAccountUser_OwnPreferencesOnly(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var w = await ArrangeAsync(db);

        await SaveAsync(db, new(w.VaUser, "acme-networks.com", true, false, ["LicensesExpiring"], 7, null));

        Assert.Equal(7, (await GetAsync(db, w.VaUser)).Value!.ExpiringRangeDays);
        Assert.False((await GetAsync(db, w.User)).Value!.DailyEventSummary); // Bob's untouched
    }
}
