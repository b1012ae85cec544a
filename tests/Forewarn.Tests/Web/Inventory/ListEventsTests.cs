using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web.Inventory;

/// <summary>The Event Log handler as each role sees it (§1: visibility equals eligibility; D2 for events with no VA).</summary>
public class ListEventsTests
{
    private static readonly TimeSpan Est = TimeSpan.FromHours(-5);

    private sealed record World(TestDatabase Db, int Owner, int EmeaUser, int Outsider);

    private static async Task<World> ArrangeAsync(DatabaseKind kind)
    {
        var db = await TestDatabase.CreateAsync(kind);
        var emea = Va("EMEA");
        var apjc = Va("APJC");
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", emea, apjc);
        var other = Account("Initech", "initech.io", "Pacific/Auckland");
        var owner = Person("alice@acme-networks.com", "Alice");
        var emeaUser = Person("carol@acme-networks.com", "Carol");
        var outsider = Person("ivan@initech.io", "Ivan");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, other, owner, emeaUser, outsider,
                Grant(owner, acme, Role.SmartAccountViewer), Grant(emeaUser, acme, Role.VirtualAccountUser, emea), Grant(outsider, other, Role.SmartAccountAdmin),
                new Event { SmartAccount = acme, VirtualAccount = emea, At = new DateTime(2026, 12, 2, 14, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "10 ISE Plus added" },
                // 04:30 UTC on the 3rd is still the 2nd, 23:30, in New York.
                new Event { SmartAccount = acme, At = new DateTime(2026, 12, 3, 4, 30, 0, DateTimeKind.Utc), Type = EventType.PreferencesChanged, Message = "Daily summary on", ActorEmail = "alice@acme-networks.com" },
                new Event { SmartAccount = acme, VirtualAccount = emea, At = new DateTime(2026, 11, 30, 9, 15, 0, DateTimeKind.Utc), Type = EventType.LicensesExpiring, Message = "ISE Plus expires in 3 days" },
                new Event { SmartAccount = acme, VirtualAccount = apjc, At = new DateTime(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "APJC only" },
                new Event { SmartAccount = acme, At = new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc), Type = EventType.PreferencesChanged, Message = "Carol's own change", ActorEmail = "carol@acme-networks.com" },
                new Event { SmartAccount = other, At = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "not Acme's" });
        return new World(db, owner.Id, emeaUser.Id, outsider.Id);
    }

    private static async Task<AccountListPage<ListEvents.Row>?> ListAsync(TestDatabase db, int userId, string domain = "acme-networks.com")
    {
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ListEvents>().HandleAsync(new(userId, domain), default);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_SmartAccountRole_AllEventsNewestFirstWithLocalTimes(DatabaseKind kind)
    {
        var world = await ArrangeAsync(kind);
        await using var _ = world.Db;

        var page = await ListAsync(world.Db, world.Owner);

        Assert.Equal(
            [
                new ListEvents.Row(new DateTimeOffset(2026, 12, 2, 23, 30, 0, Est), EventType.PreferencesChanged, null, "Daily summary on", "alice@acme-networks.com"),
                new ListEvents.Row(new DateTimeOffset(2026, 12, 2, 9, 0, 0, Est), EventType.NewLicenses, "EMEA", "10 ISE Plus added", null),
                new ListEvents.Row(new DateTimeOffset(2026, 12, 1, 5, 0, 0, Est), EventType.PreferencesChanged, null, "Carol's own change", "carol@acme-networks.com"),
                new ListEvents.Row(new DateTimeOffset(2026, 12, 1, 4, 0, 0, Est), EventType.NewLicenses, "APJC", "APJC only", null),
                new ListEvents.Row(new DateTimeOffset(2026, 11, 30, 4, 15, 0, Est), EventType.LicensesExpiring, "EMEA", "ISE Plus expires in 3 days", null),
            ],
            page!.Rows);
        Assert.Equal(Est, page.Rows[0].At.Offset);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_VirtualAccountUser_OnlyTheirVaAndTheirOwnActions(DatabaseKind kind)
    {
        var world = await ArrangeAsync(kind);
        await using var _ = world.Db;

        var page = await ListAsync(world.Db, world.EmeaUser);

        Assert.Equal(["10 ISE Plus added", "Carol's own change", "ISE Plus expires in 3 days"], page!.Rows.Select(r => r.Message));
        Assert.Equal(3, page.Total);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_UserWithoutAccessOrUnknownDomain_ReturnsNull(DatabaseKind kind)
    {
        var world = await ArrangeAsync(kind);
        await using var _ = world.Db;

        Assert.Null(await ListAsync(world.Db, world.Outsider));
        Assert.Null(await ListAsync(world.Db, world.Owner, "nobody.example"));
        Assert.NotNull(await ListAsync(world.Db, world.Outsider, "initech.io"));
    }
}
