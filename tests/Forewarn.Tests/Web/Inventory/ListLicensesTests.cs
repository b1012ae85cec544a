using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web.Inventory;

public class ListLicensesTests
{
    // 15:00 UTC on 3 December 2026: 10:00 on the 3rd in New York, 04:00 on the 4th in Auckland.
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_AccountWithLines_ListsEveryLineOrderedWithDaysLeftInItsZone(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var users = await SeedAcmeAsync(db);
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<ListLicenses>().HandleAsync(new(users.Admin, "acme-networks.com"), default);

        Assert.NotNull(page);
        Assert.Equal(new DateOnly(2026, 12, 3), page.Account.Today);
        Assert.Equal(5, page.Total);
        int catalyst, ise, iseEmea;
        await using (var ctx = db.NewContext())
        {
            int Id(string name, string va) => ctx.Licenses.Where(l => l.Name == name && l.VirtualAccount.Name == va).Select(l => l.Id).Single();
            (catalyst, ise, iseEmea) = (Id("Catalyst 9300 Network Advantage", "DEFAULT"), Id("ISE Plus", "DEFAULT"), Id("ISE Plus", "EMEA"));
        }
        Assert.Equal(
            [
                new ListLicenses.Row("Catalyst 9300 Network Advantage", "DEFAULT", LicenseType.Term, 10, new(2025, 12, 1), new(2026, 12, 20), new(ExpiryState.Valid, 17), catalyst),
                new ListLicenses.Row("Catalyst 9300 Network Advantage", "DEFAULT", LicenseType.Subscription, 5, new(2026, 1, 1), new(2026, 12, 4), new(ExpiryState.Valid, 1), catalyst),
                new ListLicenses.Row("ISE Plus", "DEFAULT", LicenseType.Perpetual, 3, new(2020, 1, 1), null, new(ExpiryState.Perpetual, null), ise),
                new ListLicenses.Row("ISE Plus", "EMEA", LicenseType.Demo, 100, new(2026, 6, 20), new(2026, 12, 3), new(ExpiryState.ExpiresToday, 0), iseEmea),
                new ListLicenses.Row("ISE Plus", "EMEA", LicenseType.Term, 1, new(2025, 3, 29), new(2026, 12, 1), new(ExpiryState.Expired, -2), iseEmea),
            ],
            page.Rows);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_VirtualAccountUser_OnlyTheLinesOfTheirVirtualAccount(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var users = await SeedAcmeAsync(db);
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<ListLicenses>().HandleAsync(new(users.EmeaUser, "acme-networks.com"), default);

        Assert.Equal(2, page!.Total);
        Assert.Equal([("ISE Plus", "EMEA", LicenseType.Demo), ("ISE Plus", "EMEA", LicenseType.Term)],
            page.Rows.Select(r => (r.License, r.VirtualAccount, r.LineType)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_UserWithAccessToAnotherAccountOnly_ReturnsNull(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var users = await SeedAcmeAsync(db);
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ListLicenses>();

        Assert.Null(await handler.HandleAsync(new(users.Outsider, "acme-networks.com"), default));
        Assert.Equal(["Initech Only"], (await handler.HandleAsync(new(users.Outsider, "initech.io"), default))!.Rows.Select(r => r.License));
    }

    private sealed record Users(int Admin, int EmeaUser, int Outsider);

    private static async Task<Users> SeedAcmeAsync(TestDatabase db)
    {
        var emea = Va("EMEA",
            License("ISE Plus", Line(LicenseType.Demo, 100, "2026-06-20", "2026-12-03"), Line(LicenseType.Term, 1, "2025-03-29", "2026-12-01")));
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York",
            emea,
            Va("DEFAULT",
                License("Catalyst 9300 Network Advantage", Line(LicenseType.Term, 10, "2025-12-01", "2026-12-20"), Line(LicenseType.Subscription, 5, "2026-01-01", "2026-12-04")),
                License("ISE Plus", Line(LicenseType.Perpetual, 3, "2020-01-01", null))));
        var initech = Account("Initech", "initech.io", "Pacific/Auckland",
            Va("DEFAULT", License("Initech Only", Line(LicenseType.Term, 2, "2026-01-01", "2026-12-04"))));
        var admin = Person("alice@acme-networks.com", "Alice");
        var carol = Person("carol@acme-networks.com", "Carol");
        var ivan = Person("ivan@initech.io", "Ivan");
        await using var ctx = db.NewContext();
        await SaveAsync(ctx, acme, initech, admin, carol, ivan,
            Grant(admin, acme, Role.SmartAccountAdmin), Grant(carol, acme, Role.VirtualAccountUser, emea), Grant(ivan, initech, Role.SmartAccountUser));
        return new Users(admin.Id, carol.Id, ivan.Id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_SameExpiryInAucklandAndNewYork_DaysLeftFollowEachAccountsToday(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", Va("DEFAULT", License("Router", Line(LicenseType.Term, 1, "2026-01-01", "2026-12-04"))));
        var initech = Account("Initech", "initech.io", "Pacific/Auckland", Va("DEFAULT", License("Router", Line(LicenseType.Term, 1, "2026-01-01", "2026-12-04"))));
        var both = Person("grace@acme-networks.com", "Grace");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, initech, both, Grant(both, acme, Role.SmartAccountUser), Grant(both, initech, Role.SmartAccountViewer));
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<ListLicenses>();

        var newYork = await handler.HandleAsync(new(both.Id, "acme-networks.com"), default);
        var auckland = await handler.HandleAsync(new(both.Id, "INITECH.IO"), default);

        Assert.Equal(new LicenseExpiry(ExpiryState.Valid, 1), Assert.Single(newYork!.Rows).Expiry);
        Assert.Equal(new DateOnly(2026, 12, 4), auckland!.Account.Today);
        Assert.Equal(new LicenseExpiry(ExpiryState.ExpiresToday, 0), Assert.Single(auckland.Rows).Expiry);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_UnknownDomain_ReturnsNull(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();

        Assert.Null(await scope.ServiceProvider.GetRequiredService<ListLicenses>().HandleAsync(new(1, "nobody.example"), default));
    }

    [Fact]
    public async Task Handle_PageBeyondTheLast_IsPulledBackToTheLastPage()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var acme = Account("Acme Networks", "acme-networks.com", "UTC",
            Va("DEFAULT", License("A", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01")), License("B", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01")),
                License("C", Line(LicenseType.Term, 1, "2026-01-01", "2027-01-01"))));
        var viewer = Person("viewer@acme-networks.com", "Viewer");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, viewer, Grant(viewer, acme, Role.SmartAccountViewer));
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<ListLicenses>().HandleAsync(new(viewer.Id, "acme-networks.com", new PageRequest(99, 2)), default);

        Assert.Equal((2, 2, 3), (page!.PageNumber, page.PageCount, page.Total));
        Assert.Equal("C", Assert.Single(page.Rows).License);
    }
}
