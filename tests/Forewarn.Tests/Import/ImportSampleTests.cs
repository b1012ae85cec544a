using Forewarn.Core.Import;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Tests.Import;

/// <summary>§8 on the bundled sample: what is stored, and that importing it again changes nothing.</summary>
public class ImportSampleTests
{
    // Figures counted from samples/sample-inventory.json (3 accounts, 6 VAs; 113 lines of which 24 perpetual).
    private const int SampleRows = 3 + 6 + 54 + 113 + 24 + 24 /* license usage */ + 9 + 10 /* access */ + 10 /* preferences */ + 18;

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_Sample_CountsMatchTheFile(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await StoreDump.ImportAsync(db, BundleBuilder.SampleJson);

        Assert.Empty(result.Errors);
        Assert.Equal(new ImportInventory.Counts(SmartAccounts: 3, VirtualAccounts: 6, Licenses: 54, LicenseLines: 113,
            ProductInstances: 24, Users: 9, Events: 18, Changed: SampleRows,
            PerpetualLines: 24, AccessEntries: 10, Preferences: 10, PreferencesLeftAsSaved: 0), result.Imported);

        var rows = await StoreDump.CountsAsync(db);
        Assert.Equal(3, rows[nameof(SmartAccount)]);
        Assert.Equal(6, rows[nameof(VirtualAccount)]);
        Assert.Equal(54, rows[nameof(License)]);
        Assert.Equal(113, rows[nameof(LicenseLine)]);
        Assert.Equal(24, rows[nameof(ProductInstance)]);
        Assert.Equal(24, rows[nameof(LicenseUsage)]);
        Assert.Equal(9, rows[nameof(User)]);
        Assert.Equal(10, rows[nameof(Access)]);
        Assert.Equal(10, rows[nameof(NotificationPreference)]);
        Assert.Equal(18, rows[nameof(Event)]);
        Assert.Equal(SampleRows, rows.Values.Sum());
        await using var ctx = db.NewContext();
        Assert.Equal(24, await ctx.LicenseLines.CountAsync(l => l.EndDate == null));
        Assert.Equal(24, await ctx.LicenseLines.CountAsync(l => l.Type == LicenseType.Perpetual));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_Sample_StoresTheRealValues(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        Assert.True((await StoreDump.ImportAsync(db, BundleBuilder.SampleJson)).Succeeded);
        await using var ctx = db.NewContext();

        var accounts = await ctx.SmartAccounts.OrderBy(s => s.Domain).Select(s => new { s.Domain, s.Name, s.TimeZone, s.DigestHour }).ToListAsync();
        Assert.Equal(
        [
            new { Domain = "acme-networks.com", Name = "Acme Networks", TimeZone = "America/New_York", DigestHour = 6 },
            new { Domain = "globex-mfg.com", Name = "Globex Manufacturing", TimeZone = "Europe/Berlin", DigestHour = 6 },
            new { Domain = "initech.io", Name = "Initech", TimeZone = "Pacific/Auckland", DigestHour = 6 },
        ], accounts);

        Assert.Equal("Bob O'Connor", (await ctx.Users.SingleAsync(u => u.Email == "bob.user@acme-networks.com")).Name);

        var acme = await ctx.SmartAccounts.SingleAsync(s => s.Domain == "acme-networks.com");
        var globex = await ctx.SmartAccounts.SingleAsync(s => s.Domain == "globex-mfg.com");
        async Task<NotificationPreference> Preference(string email, SmartAccount sa)
        {
            var user = await ctx.Users.SingleAsync(u => u.Email == email);
            return await ctx.NotificationPreferences.SingleAsync(p => p.UserId == user.Id && p.SmartAccountId == sa.Id);
        }

        // N5: whitespace dropped, case folded, stored as one normalised list.
        var alice = await Preference("alice.admin@acme-networks.com", acme);
        Assert.Equal("noc@acme-networks.com,licensing@ops.acme-networks.com", alice.AdditionalEmails);
        Assert.Equal(90, alice.ExpiringRangeDays);
        Assert.Equal(NotificationTypes.All, alice.Events);
        Assert.True(alice.DailyEventSummary);
        Assert.True(alice.StatusNotification);

        // N3: digest on, LicensesExpiring selected, never chosen: 90 preselected.
        Assert.Equal(90, (await Preference("frank.default@acme-networks.com", acme)).ExpiringRangeDays);
        // N3: LicensesExpiring not selected: no range.
        var erin = await Preference("erin.noexp@acme-networks.com", acme);
        Assert.Null(erin.ExpiringRangeDays);
        Assert.False(erin.Events.HasFlag(NotificationTypes.LicensesExpiring));
        // N3: digest off: no range.
        Assert.Null((await Preference("dave.off@acme-networks.com", acme)).ExpiringRangeDays);
        Assert.Equal(30, (await Preference("bob.user@acme-networks.com", acme)).ExpiringRangeDays);
        Assert.Equal("", (await Preference("bob.user@acme-networks.com", acme)).AdditionalEmails);
        // Preferences are per user per Smart Account (§2).
        Assert.Equal(7, (await Preference("grace.two@globex-mfg.com", globex)).ExpiringRangeDays);
        Assert.Equal(17, (await Preference("grace.two@globex-mfg.com", acme)).ExpiringRangeDays);
        var heidi = await Preference("heidi.status@globex-mfg.com", globex);
        Assert.Equal(NotificationTypes.LicensesExpiring | NotificationTypes.InsufficientLicenses, heidi.Events);
        Assert.False(heidi.DailyEventSummary);
        Assert.Null(heidi.ExpiringRangeDays);

        var carolAccess = await ctx.Access.Include(a => a.VirtualAccount).Include(a => a.SmartAccount)
            .Where(a => a.User.Email == "carol.va@acme-networks.com").ToListAsync();
        var carol = Assert.Single(carolAccess);
        Assert.Equal((Role.VirtualAccountUser, "acme-networks.com", "EMEA"), (carol.Role, carol.SmartAccount.Domain, carol.VirtualAccount!.Name));
        var grace = await ctx.Access.Where(a => a.User.Email == "grace.two@globex-mfg.com")
            .OrderBy(a => a.Role).Select(a => new { a.Role, a.SmartAccount.Domain, VirtualAccount = a.VirtualAccount == null ? null : a.VirtualAccount.Name }).ToListAsync();
        Assert.Equal(
        [
            new { Role = Role.SmartAccountAdmin, Domain = "globex-mfg.com", VirtualAccount = (string?)null },
            new { Role = Role.VirtualAccountViewer, Domain = "acme-networks.com", VirtualAccount = (string?)"APJC" },
        ], grace);

        var firepower = await ctx.Licenses.Include(l => l.Lines)
            .SingleAsync(l => l.Name == "Firepower Threat Defense Threat Protection" && l.VirtualAccount.SmartAccount.Domain == "acme-networks.com");
        Assert.Equal((3, 0, 3, "In Compliance", "PREPAID"), (firepower.Quantity, firepower.InUse, firepower.Available, firepower.Status, firepower.BillingType));
        Assert.Equal(
        [
            (0, LicenseType.Term, 1, new DateOnly(2026, 8, 7), (DateOnly?)new DateOnly(2026, 12, 5), "Active"),
            (1, LicenseType.Term, 1, new DateOnly(2025, 4, 18), (DateOnly?)new DateOnly(2026, 11, 3), "Expired"),
            (2, LicenseType.Demo, 1, new DateOnly(2026, 3, 20), (DateOnly?)new DateOnly(2027, 3, 3), "Active"),
        ], firepower.Lines.OrderBy(l => l.Position).Select(l => (l.Position, l.Type, l.Quantity, l.StartDate, l.EndDate, l.Status)).ToList());

        var short1G = await ctx.Licenses.Include(l => l.Lines)
            .SingleAsync(l => l.Name == "Catalyst 8000V Network Essentials");
        Assert.Equal(-1, short1G.Available); // in use exceeds quantity: kept as the bundle says
        var asav = await ctx.LicenseLines.SingleAsync(l => l.License.Name == "ASAv10 Standard - 1G"
                                                          && l.License.VirtualAccount.Name == "DEFAULT"
                                                          && l.License.VirtualAccount.SmartAccount.Domain == "acme-networks.com" && l.Position == 2);
        Assert.Equal((LicenseType.Subscription, 2, "Sub181390", (DateOnly?)new DateOnly(2027, 4, 2)), (asav.Type, asav.Quantity, asav.SubscriptionId, asav.EndDate));

        var edge = await ctx.ProductInstances.Include(p => p.LicenseUsage).SingleAsync(p => p.UdiSerialNumber == "FOC76640001");
        Assert.Equal(("default-edge-00", "C8000V", "C8000V"), (edge.Name, edge.ProductType, edge.UdiPid));
        Assert.Equal(new DateTime(2026, 4, 6, 10, 0, 0, DateTimeKind.Utc), edge.RegisteredAt);
        Assert.Equal(DateTimeKind.Utc, edge.RegisteredAt.Kind);
        Assert.Equal(new DateTime(2026, 11, 2, 3, 15, 0, DateTimeKind.Utc), edge.LastAuthorizationAt);
        Assert.Equal(("Catalyst 9300 DNA Advantage, 3Y", 1), (Assert.Single(edge.LicenseUsage).LicenseName, edge.LicenseUsage[0].Quantity));

        var first = await ctx.Events.Include(e => e.VirtualAccount).SingleAsync(e => e.Message == "InsufficientLicenses on Acme Networks #0");
        Assert.Equal((new DateTime(2026, 12, 2, 4, 59, 0, DateTimeKind.Utc), EventType.InsufficientLicenses, "APJC", (string?)null),
            (first.At, first.Type, first.VirtualAccount!.Name, first.ActorEmail));
        Assert.Equal(7, await ctx.Events.CountAsync(e => e.VirtualAccountId == null)); // SA-level events (D2)
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_SampleTwice_SecondChangesNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        Assert.Equal(SampleRows, (await StoreDump.ImportAsync(db, BundleBuilder.SampleJson)).Imported!.Changed);
        var before = await StoreDump.AllAsync(db);

        var again = await StoreDump.ImportAsync(db, BundleBuilder.SampleJson);
        var third = await StoreDump.ImportAsync(db, BundleBuilder.SampleJson);

        Assert.Equal(0, again.Imported!.Changed);
        Assert.Equal(0, third.Imported!.Changed);
        Assert.Equal(0, again.Imported.PreferencesLeftAsSaved);
        Assert.Equal(18, again.Imported.Events);
        Assert.Equal(before, await StoreDump.AllAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_SameRoleInTwoNewAccounts_StoresBothAccessEntriesAndReimportChangesNothing(DatabaseKind kind)
    {
        // Regression: new accounts all have id 0 before saving, so the second SA-level role looked like the first.
        await using var db = await TestDatabase.CreateAsync(kind);
        var json = BundleBuilder.Valid()
            .Append("$.smartAccounts", """{ "name": "Globex", "domain": "globex-mfg.com", "timeZone": "Europe/Berlin", "virtualAccounts": [ { "name": "DEFAULT", "licenses": [], "productInstances": [] } ] }""")
            .Append("$.users", """{ "email": "consultant@example.net", "name": "Consultant", "timeZone": null, "preferences": [], "access": [ { "smartAccount": "acme-networks.com", "role": "SmartAccountUser" }, { "smartAccount": "globex-mfg.com", "role": "SmartAccountUser" } ] }""")
            .Json;

        Assert.Empty((await StoreDump.ImportAsync(db, json)).Errors);
        var before = await StoreDump.AllAsync(db);
        var again = await StoreDump.ImportAsync(db, json);

        await using var ctx = db.NewContext();
        Assert.Equal(["acme-networks.com", "globex-mfg.com"], await ctx.Access.Where(a => a.User.Email == "consultant@example.net")
            .Select(a => a.SmartAccount.Domain).OrderBy(d => d).ToListAsync());
        Assert.Equal(0, again.Imported!.Changed);
        Assert.Equal(before, await StoreDump.AllAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_SameSampleConcurrently_StoresItOnce(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var results = await Task.WhenAll(
            Task.Run(() => StoreDump.ImportAsync(db, BundleBuilder.SampleJson)),
            Task.Run(() => StoreDump.ImportAsync(db, BundleBuilder.SampleJson)));

        Assert.All(results, r => Assert.Empty(r.Errors));
        Assert.Equal([0, SampleRows], results.Select(r => r.Imported!.Changed).Order());
        Assert.Equal(SampleRows, (await StoreDump.CountsAsync(db)).Values.Sum());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_AfterUserSavedPreferences_LeavesTheirChoices(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await StoreDump.ImportAsync(db, BundleBuilder.SampleJson);
        await using (var ctx = db.NewContext())
        {
            // Bob saves his own choices (N4) after the first import.
            var bob = await ctx.Users.SingleAsync(u => u.Email == "bob.user@acme-networks.com");
            var saved = await ctx.NotificationPreferences.SingleAsync(p => p.UserId == bob.Id);
            saved.DailyEventSummary = false;
            saved.ExpiringRangeDays = null;
            saved.Events = NotificationTypes.NewLicenses;
            await ctx.SaveChangesAsync();
        }
        var before = await StoreDump.AllAsync(db);

        var result = await StoreDump.ImportAsync(db, BundleBuilder.SampleJson);

        Assert.Equal(0, result.Imported!.Changed);
        Assert.Equal(1, result.Imported.PreferencesLeftAsSaved);
        Assert.Equal(before, await StoreDump.AllAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_ChangedBundle_UpdatesInPlaceAndDeletesNoLicense(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await StoreDump.ImportAsync(db, BundleBuilder.Valid().Json);
        int licenseId, termLineId;
        await using (var ctx = db.NewContext())
        {
            licenseId = (await ctx.Licenses.SingleAsync()).Id;
            termLineId = (await ctx.LicenseLines.SingleAsync(l => l.Position == 0)).Id;
        }

        var renewed = BundleBuilder.Valid()
            .Set("$.smartAccounts[0].virtualAccounts[0].licenses[0].licenseDetails[0].endDate", "2027-12-31") // renewal
            .Remove("$.smartAccounts[0].virtualAccounts[0].licenses[0].licenseDetails[1]")                     // perpetual line gone
            .Set("$.smartAccounts[0].virtualAccounts[0].licenses[0].quantity", 10)
            .Set("$.smartAccounts[0].virtualAccounts[0].licenses[0].available", 8)
            .Append("$.smartAccounts[0].virtualAccounts[1].licenses",
                """{ "license": "DNA Advantage", "quantity": 1, "licenseDetails": [ { "licenseType": "DEMO", "quantity": 1, "startDate": "2026-11-01", "endDate": "2026-12-31" } ] }""")
            .Set("$.users[1].access[0]", JsonValue("""{ "smartAccount": "acme-networks.com", "role": "SmartAccountViewer" }"""));
        var result = await StoreDump.ImportAsync(db, renewed.Json);

        Assert.Empty(result.Errors);
        // Changed rows: the license (quantity, available), its TERM line (end date), the removed perpetual line,
        // the new license and its line, Carol's old access removed and her new access added.
        Assert.Equal(7, result.Imported!.Changed);
        await using var check = db.NewContext();
        var license = await check.Licenses.Include(l => l.Lines).SingleAsync(l => l.Name == "ISE Base");
        Assert.Equal((licenseId, 10, 8), (license.Id, license.Quantity, license.Available));
        var line = Assert.Single(license.Lines);
        Assert.Equal((termLineId, (DateOnly?)new DateOnly(2027, 12, 31)), (line.Id, line.EndDate));
        Assert.Equal(2, await check.Licenses.CountAsync());
        var carol = await check.Access.Where(a => a.User.Email == "carol.va@acme-networks.com").SingleAsync();
        Assert.Equal((Role.SmartAccountViewer, (int?)null), (carol.Role, carol.VirtualAccountId));

        // A later bundle without the new license deletes nothing (docs/decisions/0102).
        var shorter = await StoreDump.ImportAsync(db, BundleBuilder.Valid().Remove("$.smartAccounts[0].virtualAccounts[0].licenses[0]")
            .Remove("$.smartAccounts[0].virtualAccounts[0].productInstances[0].licenseUsage[0]").Json);
        Assert.Empty(shorter.Errors);
        Assert.Equal(2, await check.Licenses.CountAsync());
        Assert.Equal(0, await check.LicenseUsages.CountAsync()); // the instance's usage is the bundle's
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_UserWithAccessButNoPreferenceEntry_GetsNoPreferenceRow(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var result = await StoreDump.ImportAsync(db, BundleBuilder.Valid().Json);

        Assert.True(result.Succeeded);
        await using var ctx = db.NewContext();
        var carol = await ctx.Users.SingleAsync(u => u.Email == "carol.va@acme-networks.com");
        Assert.Equal("Europe/London", carol.TimeZone);
        Assert.False(await ctx.NotificationPreferences.AnyAsync(p => p.UserId == carol.Id));
        var alice = await ctx.NotificationPreferences.SingleAsync();
        Assert.Equal((true, false, NotificationTypes.LicensesExpiring | NotificationTypes.NewLicenses, (int?)30, ""),
            (alice.DailyEventSummary, alice.StatusNotification, alice.Events, alice.ExpiringRangeDays, alice.AdditionalEmails));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_PreferenceWithoutEventsOrBoxes_TakesNewUserDefaults(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var bundle = BundleBuilder.Valid()
            .Set("$.users[0].preferences[0]", JsonValue("""{ "smartAccount": "acme-networks.com" }"""));

        Assert.True((await StoreDump.ImportAsync(db, bundle.Json)).Succeeded);

        // N2: both boxes off, every type selected; N3: digest off, so no range.
        await using var ctx = db.NewContext();
        var p = await ctx.NotificationPreferences.SingleAsync();
        Assert.Equal((false, false, NotificationTypes.All, (int?)null, ""),
            (p.DailyEventSummary, p.StatusNotification, p.Events, p.ExpiringRangeDays, p.AdditionalEmails));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_AdditionalEmailsAsArray_StoredNormalised(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var bundle = BundleBuilder.Valid().Set("$.users[0].preferences[0].additionalEmails",
            JsonValue("""[ " NOC@Acme-Networks.com ", "ops@emea.acme-networks.com", "noc@acme-networks.com" ]"""));

        Assert.True((await StoreDump.ImportAsync(db, bundle.Json)).Succeeded);

        await using var ctx = db.NewContext();
        Assert.Equal("noc@acme-networks.com,ops@emea.acme-networks.com", (await ctx.NotificationPreferences.SingleAsync()).AdditionalEmails);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_SameEventTwiceAndSubMicrosecondInstant_StoredOnceAcrossReimports(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var bundle = BundleBuilder.Valid()
            .Set("$.events[0].at", "2026-12-02T06:59:00.1234567+02:00")
            .AppendCopy("$.events", "$.events[0]");

        var first = await StoreDump.ImportAsync(db, bundle.Json);
        var second = await StoreDump.ImportAsync(db, bundle.Json);

        Assert.Equal(1, first.Imported!.Events);
        Assert.Equal(0, second.Imported!.Changed);
        await using var ctx = db.NewContext();
        var e = await ctx.Events.SingleAsync();
        // Kept as UTC, to the microsecond both providers store.
        Assert.Equal(new DateTime(2026, 12, 2, 4, 59, 0, DateTimeKind.Utc).AddTicks(1234560), e.At);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Import_UsersAndEventsForStoredAccount_ResolveStoredReferences(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await StoreDump.ImportAsync(db, BundleBuilder.SampleJson);
        var bundle = BundleBuilder.Valid().Remove("$.smartAccounts")
            .Set("$.users[0].email", "zoe.new@acme-networks.com")
            .Set("$.users[1].access[0].virtualAccount", "APJC")
            .Set("$.events[0].virtualAccount", "EMEA")
            .Set("$.events[0].user", "Alice.Admin@ACME-networks.com");

        var result = await StoreDump.ImportAsync(db, bundle.Json);

        Assert.Empty(result.Errors);
        await using var ctx = db.NewContext();
        Assert.Equal(3, await ctx.SmartAccounts.CountAsync());
        Assert.Equal("APJC", (await ctx.Access.Include(a => a.VirtualAccount).SingleAsync(a => a.User.Email == "carol.va@acme-networks.com")).VirtualAccount!.Name);
        var e = await ctx.Events.SingleAsync(x => x.Message == "10 ISE Base added");
        Assert.Equal(("EMEA", "alice.admin@acme-networks.com"), ((await ctx.VirtualAccounts.FindAsync(e.VirtualAccountId))!.Name, e.ActorEmail));
    }

    private static System.Text.Json.Nodes.JsonNode JsonValue(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;
}
