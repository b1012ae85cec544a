using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web.Inventory;

public class ListProductInstancesTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_Instances_ListedByVirtualAccountWithLocalTimesAndLicenseUse(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, Account("Globex Manufacturing", "globex-mfg.com", "Europe/Berlin",
                Va("Plants").WithInstances(
                    Instance("plant-sw-01", "FOC1", new DateTime(2026, 4, 6, 10, 0, 0, DateTimeKind.Utc), null, ("ISE Plus", 2), ("DNA Advantage", 1))),
                Va("DEFAULT").WithInstances(
                    Instance("edge-02", "FOC3", new DateTime(2026, 7, 1, 22, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 3, 15, 0, DateTimeKind.Utc)),
                    Instance("edge-01", "FOC2", new DateTime(2026, 1, 15, 23, 30, 0, DateTimeKind.Utc), null))));
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<ListProductInstances>().HandleAsync(new("globex-mfg.com"), default);

        var rows = page!.Rows;
        Assert.Equal(["edge-01", "edge-02", "plant-sw-01"], rows.Select(r => r.Name));
        // Berlin is UTC+1 in winter, UTC+2 in summer.
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 0, 30, 0, TimeSpan.FromHours(1)), rows[0].RegisteredAt);
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 0, 30, 0, TimeSpan.FromHours(2)), rows[1].RegisteredAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 4, 15, 0, TimeSpan.FromHours(1)), rows[1].LastAuthorizationAt);
        Assert.Null(rows[0].LastAuthorizationAt);
        Assert.Equal([new("DNA Advantage", 1), new("ISE Plus", 2)], rows[2].Licenses);
        Assert.Equal("Plants", rows[2].VirtualAccount);
    }
}
