using Forewarn.Core.Digest;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Forewarn.Tests.Web.Seed;

namespace Forewarn.Tests.Web.Digest;

public class RunDueDailySummariesTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_NoAccountAtItsDigestHour_RunsNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx, Account("Acme Networks", "acme-networks.com", "America/New_York"), Account("Initech", "initech.io", "Pacific/Auckland"));
        // 16:00 UTC: 11:00 in New York, 05:00 in Auckland; both accounts' digest hour is 20:00.
        await using (var ctx = db.NewContext())
        {
            foreach (var a in ctx.SmartAccounts) a.DigestHour = 20;
            await ctx.SaveChangesAsync();
        }
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();

        var runs = await scope.ServiceProvider.GetRequiredService<RunDueDailySummaries>().HandleAsync(new(new Dictionary<string, DateOnly>()), default);

        Assert.Empty(runs);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Handle_AccountsInSeveralZones_RunsTheDueOnesForTheirLocalDate(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using (var ctx = db.NewContext())
            await SaveAsync(ctx,
                Account("Acme Networks", "acme-networks.com", "America/New_York"),
                Account("Globex Manufacturing", "globex-mfg.com", "Europe/Berlin"),
                Account("Initech", "initech.io", "Pacific/Auckland"));
        // 18:00 UTC on 2 December: 13:00 on the 2nd in New York, 19:00 in Berlin, 07:00 on the 3rd in Auckland.
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 18, 0, 0, TimeSpan.Zero)));
        await using var scope = services.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetRequiredService<RunDueDailySummaries>();

        var runs = await handler.HandleAsync(new(new Dictionary<string, DateOnly> { ["globex-mfg.com"] = new(2026, 12, 2) }), default);

        Assert.Equal(
            [("acme-networks.com", new DateOnly(2026, 12, 2), true), ("initech.io", new DateOnly(2026, 12, 3), true)],
            runs.Select(r => (r.Domain, r.DigestDate, r.Completed)));
    }
}
