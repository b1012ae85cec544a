using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web.Inventory;

public class ListProductInstancesTests
{
    private sealed record World(TestDatabase Db, int Admin, int PlantsViewer, int Outsider);

    private static async Task<World> ArrangeAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var plants = Va("Plants").WithInstances(
            Instance("plant-sw-01", "FOC1", new DateTime(2026, 4, 6, 10, 0, 0, DateTimeKind.Utc), null, ("ISE Plus", 2), ("DNA Advantage", 1)));
        var globex = Account("Globex Manufacturing", "globex-mfg.com", "Europe/Berlin",
            plants,
            Va("DEFAULT").WithInstances(
                Instance("edge-02", "FOC3", new DateTime(2026, 7, 1, 22, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 3, 15, 0, DateTimeKind.Utc)),
                Instance("edge-01", "FOC2", new DateTime(2026, 1, 15, 23, 30, 0, DateTimeKind.Utc), null)));
        var initech = Account("Initech", "initech.io", "Pacific/Auckland", Va("DEFAULT"));
        var admin = Person("grace@globex-mfg.com", "Grace");
        var viewer = Person("pat@globex-mfg.com", "Pat");
        var outsider = Person("ivan@initech.io", "Ivan");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, globex, initech, admin, viewer, outsider,
                Grant(admin, globex, Role.SmartAccountAdmin), Grant(viewer, globex, Role.VirtualAccountViewer, plants), Grant(outsider, initech, Role.SmartAccountUser));
        return new World(db, admin.Id, viewer.Id, outsider.Id);
    }

    private static async Task<AccountListPage<ListProductInstances.Row>?> ListAsync(TestDatabase db, int userId)
    {
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ListProductInstances>().HandleAsync(new(userId, "globex-mfg.com"), default);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_SmartAccountAdmin_InstancesByVirtualAccountWithLocalTimesAndLicenseUse(DatabaseKind kind)
    {
        var world = await ArrangeAsync(kind);
        await using var _ = world.Db;

        var rows = (await ListAsync(world.Db, world.Admin))!.Rows;

        Assert.Equal(["edge-01", "edge-02", "plant-sw-01"], rows.Select(r => r.Name));
        // Berlin is UTC+1 in winter, UTC+2 in summer.
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 0, 30, 0, TimeSpan.FromHours(1)), rows[0].RegisteredAt);
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 0, 30, 0, TimeSpan.FromHours(2)), rows[1].RegisteredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 4, 15, 0, TimeSpan.FromHours(1)), rows[1].LastAuthorizationAt);
        Assert.Null(rows[0].LastAuthorizationAt);
        Assert.Equal([new("DNA Advantage", 1), new("ISE Plus", 2)], rows[2].Licenses);
        Assert.Equal("Plants", rows[2].VirtualAccount);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_VirtualAccountViewer_OnlyTheirVirtualAccountsInstances(DatabaseKind kind)
    {
        var world = await ArrangeAsync(kind);
        await using var _ = world.Db;

        var page = await ListAsync(world.Db, world.PlantsViewer);

        Assert.Equal(["plant-sw-01"], page!.Rows.Select(r => r.Name));
        Assert.Equal(1, page.Total);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_UserWithoutAccess_ReturnsNull(DatabaseKind kind)
    {
        var world = await ArrangeAsync(kind);
        await using var _ = world.Db;

        Assert.Null(await ListAsync(world.Db, world.Outsider));
    }
}
