using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web.Inventory;

public class ListEventsTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_Events_NewestFirstWithLocalTimesAndSmartAccountLevelRows(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var emea = Va("EMEA");
        var acme = Account("Acme Networks", "acme-networks.com", "America/New_York", emea);
        var other = Account("Initech", "initech.io", "Pacific/Auckland");
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, acme, other,
                new Event { SmartAccount = acme, VirtualAccount = emea, At = new DateTime(2026, 12, 2, 14, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "10 ISE Plus added" },
                // 04:30 UTC on the 3rd is still the 2nd, 23:30, in New York.
                new Event { SmartAccount = acme, At = new DateTime(2026, 12, 3, 4, 30, 0, DateTimeKind.Utc), Type = EventType.PreferencesChanged, Message = "Daily summary on", ActorEmail = "alice@acme-networks.com" },
                new Event { SmartAccount = acme, VirtualAccount = emea, At = new DateTime(2026, 11, 30, 9, 15, 0, DateTimeKind.Utc), Type = EventType.LicensesExpiring, Message = "ISE Plus expires in 3 days" },
                new Event { SmartAccount = other, At = new DateTime(2026, 12, 3, 0, 0, 0, DateTimeKind.Utc), Type = EventType.NewLicenses, Message = "not Acme's" });
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();

        var page = await scope.ServiceProvider.GetRequiredService<ListEvents>().HandleAsync(new("acme-networks.com"), default);

        var est = TimeSpan.FromHours(-5);
        Assert.Equal(
            [
                new ListEvents.Row(new DateTimeOffset(2026, 12, 2, 23, 30, 0, est), EventType.PreferencesChanged, null, "Daily summary on", "alice@acme-networks.com"),
                new ListEvents.Row(new DateTimeOffset(2026, 12, 2, 9, 0, 0, est), EventType.NewLicenses, "EMEA", "10 ISE Plus added", null),
                new ListEvents.Row(new DateTimeOffset(2026, 11, 30, 4, 15, 0, est), EventType.LicensesExpiring, "EMEA", "ISE Plus expires in 3 days", null),
            ],
            page!.Rows);
        Assert.Equal(est, page.Rows[0].At.Offset);
    }
}
