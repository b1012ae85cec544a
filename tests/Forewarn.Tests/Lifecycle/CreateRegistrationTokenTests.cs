using System.Security.Cryptography;
using System.Text;
using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Lifecycle;

/// <summary>Registration tokens (L5): who may create them, for which Virtual Account, stored as hashes.</summary>
public class CreateRegistrationTokenTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 15, 0, 0, DateTimeKind.Utc);

    private sealed record Setup(Dictionary<string, int> Users, SmartAccount Account);

    private static async Task<Setup> SeedAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var b = new InventoryBuilder(ctx);
        var sa = b.Account("Acme Networks", "acme-networks.com", "UTC", "DEFAULT", "EMEA");
        var other = b.Account("Globex", "globex-mfg.com");
        var users = new Dictionary<string, int>
        {
            ["sa-admin"] = b.User("sa-admin@acme-networks.com", "SA admin", sa, Role.SmartAccountAdmin).Id,
            ["sa-user"] = b.User("sa-user@acme-networks.com", "SA user", sa, Role.SmartAccountUser).Id,
            ["emea-admin"] = b.User("emea-admin@acme-networks.com", "EMEA admin", sa, Role.VirtualAccountAdmin, "EMEA").Id,
            ["emea-user"] = b.User("emea-user@acme-networks.com", "EMEA user", sa, Role.VirtualAccountUser, "EMEA").Id,
            ["outsider"] = b.User("someone@globex-mfg.com", "Outsider", other, Role.SmartAccountAdmin).Id,
        };
        return new Setup(users, sa);
    }

    private static async Task<Result<CreateRegistrationToken.Created>> CreateAsync(TestDatabase db, int userId, string va, TimeSpan? validFor = null)
    {
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(Now)));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreateRegistrationToken>()
            .HandleAsync(new(userId, "acme-networks.com", va, "rack 4", validFor), default);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task CreateRegistrationToken_EachRole_OnlyAdminsOfTheVirtualAccountMayAndOthersLearnNothing(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var s = await SeedAsync(db);

        var outcomes = new List<(string, string, Outcome, string?)>();
        foreach (var (user, va) in new[]
                 {
                     ("sa-admin", "EMEA"), ("sa-admin", "DEFAULT"), ("emea-admin", "EMEA"), ("emea-admin", "DEFAULT"),
                     ("sa-user", "EMEA"), ("emea-user", "EMEA"), ("outsider", "EMEA"), ("sa-admin", "APJC"),
                 })
        {
            var r = await CreateAsync(db, s.Users[user], va);
            outcomes.Add((user, va, r.Outcome, r.Errors.SingleOrDefault()?.Field));
        }

        Assert.Equal(
        [
            ("sa-admin", "EMEA", Outcome.Ok, null), ("sa-admin", "DEFAULT", Outcome.Ok, null), ("emea-admin", "EMEA", Outcome.Ok, null),
            // A VA admin does not see DEFAULT: not found, as if it did not exist.
            ("emea-admin", "DEFAULT", Outcome.NotFound, "virtualAccount"),
            ("sa-user", "EMEA", Outcome.Forbidden, "virtualAccount"), ("emea-user", "EMEA", Outcome.Forbidden, "virtualAccount"),
            ("outsider", "EMEA", Outcome.NotFound, "smartAccount"), ("sa-admin", "APJC", Outcome.NotFound, "virtualAccount"),
        ], outcomes);
        await using var ctx = db.NewContext();
        Assert.Equal(3, await ctx.RegistrationTokens.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task CreateRegistrationToken_Created_ShownOnceAndStoredAsItsHashWithItsValidity(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var s = await SeedAsync(db);

        var created = (await CreateAsync(db, s.Users["emea-admin"], "EMEA", TimeSpan.FromDays(7))).Value!;

        Assert.StartsWith("fwreg_", created.Token);
        Assert.Equal(("acme-networks.com", "EMEA", Now.AddDays(7)), (created.SmartAccount, created.VirtualAccount, created.ExpiresAt));
        await using var ctx = db.NewContext();
        var stored = await ctx.RegistrationTokens.SingleAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Token))), stored.Hash);
        Assert.Equal((created.Token[..12], "rack 4", "emea-admin@acme-networks.com", Now, Now.AddDays(7)),
            (stored.Prefix, stored.Description, stored.CreatedByEmail, stored.CreatedAt, stored.ExpiresAt));
        Assert.Equal(s.Account.VirtualAccounts.Single(v => v.Name == "EMEA").Id, stored.VirtualAccountId);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task CreateRegistrationToken_ValidityOutOfRange_RefusedNamingItAndNothingStored(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var s = await SeedAsync(db);

        var result = await CreateAsync(db, s.Users["sa-admin"], "EMEA", TimeSpan.FromDays(400));

        Assert.Equal(Outcome.Invalid, result.Outcome);
        Assert.Equal("validFor: must be between 1 minute and 365 days (got 400.00:00:00).", result.Errors.Single().ToString());
        await using var ctx = db.NewContext();
        Assert.Equal(0, await ctx.RegistrationTokens.CountAsync());
    }
}
