using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Api;

/// <summary>
/// The inventory every API test sees, arranged visibly:
/// Acme Networks (acme-networks.com, America/New_York) with VAs DEFAULT and EMEA; Globex (globex-mfg.com, UTC).
/// alice: Acme SmartAccountAdmin (digest on, 30 days, noc@ additional). bob: Acme SmartAccountUser, nothing saved.
/// carol: Acme VirtualAccountUser of EMEA only. eve: Globex SmartAccountAdmin, nothing at Acme.
/// The clock: 2026-12-03 12:00 in New York (17:00 UTC).
/// </summary>
public static class ApiWorld
{
    public const string Acme = "acme-networks.com";
    public const string Globex = "globex-mfg.com";
    public const string Alice = "alice@acme-networks.com";
    public const string Bob = "bob@acme-networks.com";
    public const string Carol = "carol@acme-networks.com";
    public const string Eve = "eve@globex-mfg.com";

    /// <summary>A license name a spreadsheet would run as a formula, and one with a comma and quotes.</summary>
    public const string FormulaLicense = "=HYPERLINK(\"http://evil.example\",\"renew\")";
    public const string QuotedLicense = "ISE Plus, \"3-year\"";

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero));

    public static async Task ArrangeAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var b = new InventoryBuilder(ctx);
        var acme = b.Account("Acme Networks", Acme, "America/New_York", "DEFAULT", "EMEA");
        var globex = b.Account("Globex", Globex);

        b.License(acme, "DEFAULT", "Catalyst 9300 Network Advantage",
            (LicenseType.Term, 10, new DateOnly(2026, 12, 20)), (LicenseType.Perpetual, 2, null));
        b.License(acme, "EMEA", QuotedLicense, (LicenseType.Subscription, 5, new DateOnly(2027, 1, 15)));
        b.License(acme, "EMEA", FormulaLicense, (LicenseType.Demo, 1, new DateOnly(2026, 12, 1)));
        b.License(globex, "DEFAULT", "Globex Secret License", (LicenseType.Term, 7, new DateOnly(2027, 3, 1)));

        var defaultVa = acme.VirtualAccounts.Single(v => v.Name == "DEFAULT");
        var emea = acme.VirtualAccounts.Single(v => v.Name == "EMEA");
        ctx.ProductInstances.AddRange(
            new ProductInstance
            {
                VirtualAccountId = defaultVa.Id, Name = "core-sw-01", ProductType = "C9300", UdiPid = "C9300-48P", UdiSerialNumber = "FOC0001",
                RegisteredAt = new DateTime(2026, 6, 1, 14, 0, 0, DateTimeKind.Utc), LastAuthorizationAt = new DateTime(2026, 11, 20, 14, 0, 0, DateTimeKind.Utc),
                LicenseUsage = [new LicenseUsage { LicenseName = "Catalyst 9300 Network Advantage", Quantity = 1 }],
            },
            new ProductInstance
            {
                VirtualAccountId = emea.Id, Name = "emea-ise-01", ProductType = "ISE", UdiPid = "SNS-3715", UdiSerialNumber = "FCH0002",
                RegisteredAt = new DateTime(2026, 7, 1, 9, 30, 0, DateTimeKind.Utc), LastAuthorizationAt = null,
                LicenseUsage = [new LicenseUsage { LicenseName = QuotedLicense, Quantity = 2 }],
            });
        ctx.SaveChanges();

        // Events around the default window (the 30 days ending today, 2026-11-04 .. 2026-12-03 in New York).
        b.Event(acme, "DEFAULT", new DateTime(2026, 12, 2, 14, 0, 0), EventType.NewLicenses, "10 Catalyst 9300 Network Advantage added");
        b.Event(acme, "EMEA", new DateTime(2026, 12, 1, 13, 0, 0), EventType.LicensesExpiring, "ISE Plus expires in 45 days");
        b.Event(acme, null, new DateTime(2026, 11, 30, 15, 0, 0), EventType.InsufficientLicenses, "Acme uses more than it owns");
        b.Event(acme, "EMEA", new DateTime(2026, 10, 1, 12, 0, 0), EventType.NewLicenses, "Old EMEA licenses added");
        b.Event(globex, "DEFAULT", new DateTime(2026, 12, 2, 12, 0, 0), EventType.NewLicenses, "Globex secret event");

        b.User(Alice, "Alice", acme, Role.SmartAccountAdmin, digest: true, status: false, range: 30, additionalEmails: "noc@acme-networks.com");
        var bob = ctx.Users.Add(new User { Email = Bob, Name = "Bob O'Connor" }).Entity;
        var carol = ctx.Users.Add(new User { Email = Carol, Name = "Carol" }).Entity;
        var eve = ctx.Users.Add(new User { Email = Eve, Name = "Eve" }).Entity;
        ctx.SaveChanges();
        b.Grant(bob, acme, Role.SmartAccountUser);
        b.Grant(carol, acme, Role.VirtualAccountUser, "EMEA");
        b.Grant(eve, globex, Role.SmartAccountAdmin);
    }

    public static readonly string[] AllEvents = NotificationTypeCatalog.Each.Select(t => t.ToString()).ToArray();
}
