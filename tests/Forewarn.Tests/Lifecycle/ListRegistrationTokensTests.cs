using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Lifecycle;

/// <summary>
/// Listing registration tokens (L5): only those of the Virtual Accounts the user administers, never the secret, with the
/// state the agent API would apply; and the validity in whole days that the CLI and the API take.
/// </summary>
public class ListRegistrationTokensTests
{
    // 2026-12-03 10:00 in New York.
    private static readonly DateTime Now = new(2026, 12, 3, 15, 0, 0, DateTimeKind.Utc);

    private sealed record Setup(Dictionary<string, int> Users, Dictionary<string, string> Tokens);

    /// <summary>Acme (New York) with DEFAULT, EMEA, APJC; tokens made by the real handler at chosen times.</summary>
    private static async Task<Setup> SeedAsync(TestDatabase db)
    {
        Dictionary<string, int> users;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var sa = b.Account("Acme Networks", "acme-networks.com", "America/New_York", "DEFAULT", "EMEA", "APJC");
            var other = b.Account("Globex", "globex-mfg.com");
            var emeaAdmin = b.User("emea-admin@acme-networks.com", "EMEA admin", sa, Role.VirtualAccountAdmin, "EMEA");
            b.Grant(emeaAdmin, sa, Role.VirtualAccountAdmin, "APJC");
            users = new Dictionary<string, int>
            {
                ["sa-admin"] = b.User("sa-admin@acme-networks.com", "SA admin", sa, Role.SmartAccountAdmin).Id,
                ["sa-user"] = b.User("sa-user@acme-networks.com", "SA user", sa, Role.SmartAccountUser).Id,
                ["emea-admin"] = emeaAdmin.Id,
                ["emea-user"] = b.User("emea-user@acme-networks.com", "EMEA user", sa, Role.VirtualAccountUser, "EMEA").Id,
                ["outsider"] = b.User("someone@globex-mfg.com", "Outsider", other, Role.SmartAccountAdmin).Id,
            };
        }
        var tokens = new Dictionary<string, string>();
        async Task CreateAsync(string name, DateTime at, string user, string va, int days)
        {
            await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(at)));
            await using var scope = services.CreateAsyncScope();
            var created = await scope.ServiceProvider.GetRequiredService<CreateRegistrationToken>()
                .HandleAsync(new(users[user], "acme-networks.com", va, name, TimeSpan.FromDays(days)), default);
            Assert.True(created.IsOk, string.Join("; ", created.Errors));
            tokens[name] = created.Value!.Token;
        }
        await CreateAsync("emea old", Now.AddDays(-10), "sa-admin", "EMEA", 5);     // expired on 2026-11-28
        await CreateAsync("default", Now.AddDays(-2), "sa-admin", "DEFAULT", 30);
        await CreateAsync("emea new", Now.AddDays(-1), "emea-admin", "EMEA", 1);    // expires at exactly Now: expired
        await CreateAsync("apjc", Now.AddHours(-1), "emea-admin", "APJC", 365);
        return new Setup(users, tokens);
    }

    private static async Task<Result<ListRegistrationTokens.View>> ListAsync(TestDatabase db, int userId, string domain = "acme-networks.com")
    {
        await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(Now)));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ListRegistrationTokens>().HandleAsync(new(userId, domain), default);
    }

    private static DateTimeOffset NewYork(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(-5));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ListRegistrationTokens_SmartAccountAdmin_EveryTokenByVirtualAccountWithStateAndLocalTimesNeverTheSecret(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var s = await SeedAsync(db);

        var view = (await ListAsync(db, s.Users["sa-admin"])).Value!;

        Assert.Equal("acme-networks.com", view.SmartAccount);
        Assert.Equal(
        [
            ("APJC", s.Tokens["apjc"][..12], "apjc", "emea-admin@acme-networks.com", NewYork(12, 3, 9), new DateTimeOffset(2027, 12, 3, 9, 0, 0, TimeSpan.FromHours(-5)), RegistrationTokenState.Active),
            ("DEFAULT", s.Tokens["default"][..12], "default", "sa-admin@acme-networks.com", NewYork(12, 1, 10), NewYork(12, 31, 10), RegistrationTokenState.Active),
            ("EMEA", s.Tokens["emea old"][..12], "emea old", "sa-admin@acme-networks.com", NewYork(11, 23, 10), NewYork(11, 28, 10), RegistrationTokenState.Expired),
            ("EMEA", s.Tokens["emea new"][..12], "emea new", "emea-admin@acme-networks.com", NewYork(12, 2, 10), NewYork(12, 3, 10), RegistrationTokenState.Expired),
        ], view.Tokens.Select(t => (t.VirtualAccount, t.Prefix, t.Description, t.CreatedBy, t.CreatedAt, t.ExpiresAt, t.State)));
        var everything = string.Join("|", view.Tokens.Select(t => t.ToString()));
        Assert.All(s.Tokens.Values, token => Assert.DoesNotContain(token, everything));
        await using var ctx = db.NewContext();
        Assert.Equal(await ctx.RegistrationTokens.OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(), view.Tokens.Select(t => t.Id).Order());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ListRegistrationTokens_EachRole_VirtualAccountAdminSeesOnlyTheirsOthersRefused(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var s = await SeedAsync(db);

        var emeaAdmin = await ListAsync(db, s.Users["emea-admin"]);
        var saUser = await ListAsync(db, s.Users["sa-user"]);
        var emeaUser = await ListAsync(db, s.Users["emea-user"]);
        var outsider = await ListAsync(db, s.Users["outsider"]);
        var missing = await ListAsync(db, s.Users["sa-admin"], "no-such-account.example");

        Assert.Equal(["apjc", "emea old", "emea new"], emeaAdmin.Value!.Tokens.Select(t => t.Description));
        Assert.Equal((Outcome.Forbidden, "smartAccount: Only a Smart Account admin of acme-networks.com or an admin of one of its Virtual Accounts may see registration tokens."),
            (saUser.Outcome, saUser.Errors.Single().ToString()));
        Assert.Equal((Outcome.Forbidden, "smartAccount"), (emeaUser.Outcome, emeaUser.Errors.Single().Field));
        Assert.Equal((Outcome.NotFound, "smartAccount: No Smart Account 'acme-networks.com' is visible to you."),
            (outsider.Outcome, outsider.Errors.Single().ToString()));
        Assert.Equal((Outcome.NotFound, "smartAccount"), (missing.Outcome, missing.Errors.Single().Field));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(1, null)]
    [InlineData(30, null)]
    [InlineData(365, null)]
    [InlineData(0, "validDays: must be a whole number of days from 1 to 365 (got 0).")]
    [InlineData(-3, "validDays: must be a whole number of days from 1 to 365 (got -3).")]
    [InlineData(366, "validDays: must be a whole number of days from 1 to 365 (got 366).")]
    public void CheckValidDays_Boundaries_OneTo365DaysOrTheDefault(int? days, string? expected)
    {
        Assert.Equal(expected, CreateRegistrationToken.CheckValidDays(days)?.ToString());
        if (expected is null) Assert.Equal(days is int d ? TimeSpan.FromDays(d) : null, CreateRegistrationToken.ValidForDays(days));
    }

    [Theory]
    [InlineData("rack 4\nID 99  EMEA  fwreg_forged")]
    [InlineData("tab\there")]
    public void CreateRegistrationToken_DescriptionWithControlCharacters_RefusedSoListingsCannotBeForged(string description)
    {
        var errors = CreateRegistrationToken.Validate(new(1, "acme-networks.com", "EMEA", description));

        Assert.Equal(["description: must not contain control characters (line breaks, tabs)."], errors.Select(e => e.ToString()));
    }
}
