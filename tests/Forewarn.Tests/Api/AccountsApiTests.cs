using System.Net;
using Forewarn.Tests.Infrastructure;
using static Forewarn.Tests.Api.ApiWorld;

namespace Forewarn.Tests.Api;

/// <summary>GET /api/v1/me and /api/v1/smart-accounts: only what the caller holds access to (§1).</summary>
public class AccountsApiTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Me_VaUser_ReturnsUserAndTheirRoleOnTheirVa(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await ArrangeAsync(db);
        await using var host = await ApiHost.StartAsync(db, NewClock());

        var me = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Carol)).GetAsync("/api/v1/me"), HttpStatusCode.OK);

        ApiAssert.SameJson("""
            { "email": "carol@acme-networks.com", "name": "Carol", "timeZone": null,
              "smartAccounts": [ { "domain": "acme-networks.com", "name": "Acme Networks", "timeZone": "America/New_York",
                                   "roles": [ { "role": "VirtualAccountUser", "virtualAccount": "EMEA" } ] } ] }
            """, me);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SmartAccounts_EachUser_ListsOnlyAccountsTheyHoldAccessTo(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await ArrangeAsync(db);
        await using var host = await ApiHost.StartAsync(db, NewClock());

        var alice = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Alice)).GetAsync("/api/v1/smart-accounts"), HttpStatusCode.OK);
        var eve = await ApiAssert.JsonAsync(await host.Client(await host.TokenAsync(Eve)).GetAsync("/api/v1/smart-accounts"), HttpStatusCode.OK);

        ApiAssert.SameJson("""[ { "domain": "acme-networks.com", "name": "Acme Networks", "timeZone": "America/New_York" } ]""", alice);
        ApiAssert.SameJson("""[ { "domain": "globex-mfg.com", "name": "Globex", "timeZone": "UTC" } ]""", eve);
    }
}
