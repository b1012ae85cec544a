using Forewarn.Core;
using Forewarn.Core.Accounts;
using Forewarn.Core.Inventory;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Accounts;

/// <summary>Local users, passwords, lock-out and API tokens against a real database.</summary>
public class AccountsTests
{
    private static async Task<T> With<T>(TestDatabase db, FakeTimeProvider clock, Func<IServiceProvider, Task<T>> act)
    {
        await using var sp = db.Services(clock);
        await using var scope = sp.CreateAsyncScope();
        return await act(scope.ServiceProvider);
    }

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task AddUser_SetPassword_SignIn_Succeeds(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = NewClock();
        var added = await With(db, clock, sp => sp.GetRequiredService<AddUser>().HandleAsync(new(" Dana@Example.com ", "Dana"), default));
        Assert.Equal("dana@example.com", added.Value!.Email);
        Assert.True((await With(db, clock, sp => sp.GetRequiredService<SetPassword>().HandleAsync(new("dana@example.com", "correct horse battery"), default))).IsOk);

        var signedIn = await With(db, clock, sp => sp.GetRequiredService<SignIn>().HandleAsync(new("DANA@example.com", "correct horse battery"), default));

        Assert.Equal("dana@example.com", signedIn.Value!.Email);
        await using var ctx = db.NewContext();
        var stored = ctx.Users.Single().PasswordHash!;
        Assert.DoesNotContain("correct horse battery", stored);
        Assert.StartsWith("AQAAAA", stored); // the framework hasher's versioned format (v3)
    }

    [Fact]
    public async Task AddUser_BadInput_NamesEachField()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var result = await With(db, NewClock(), sp => sp.GetRequiredService<AddUser>().HandleAsync(new("not-an-email", " ", "Mars/Olympus"), default));
        Assert.Equal(["email", "name", "timeZone"], result.Errors.Select(e => e.Field));
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.Users);
    }

    [Fact]
    public async Task SetPassword_TooShort_RefusedAndNothingStored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var clock = NewClock();
        await With(db, clock, sp => sp.GetRequiredService<AddUser>().HandleAsync(new("dana@example.com", "Dana"), default));
        var result = await With(db, clock, sp => sp.GetRequiredService<SetPassword>().HandleAsync(new("dana@example.com", "short"), default));
        Assert.Equal("password: must be at least 10 characters.", Assert.Single(result.Errors).ToString());
        await using var ctx = db.NewContext();
        Assert.Null(ctx.Users.Single().PasswordHash);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task SignIn_FiveFailures_LocksForFifteenMinutesEvenWithTheRightPassword(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = NewClock();
        await With(db, clock, sp => sp.GetRequiredService<AddUser>().HandleAsync(new("dana@example.com", "Dana"), default));
        await With(db, clock, sp => sp.GetRequiredService<SetPassword>().HandleAsync(new("dana@example.com", "correct horse battery"), default));

        for (var i = 0; i < 5; i++)
        {
            var wrong = await With(db, clock, sp => sp.GetRequiredService<SignIn>().HandleAsync(new("dana@example.com", "guess " + i), default));
            Assert.Equal(Outcome.Invalid, wrong.Outcome);
        }
        var locked = await With(db, clock, sp => sp.GetRequiredService<SignIn>().HandleAsync(new("dana@example.com", "correct horse battery"), default));
        var unknown = await With(db, clock, sp => sp.GetRequiredService<SignIn>().HandleAsync(new("nobody@example.com", "correct horse battery"), default));
        // Locked answers exactly as an unknown email does: the refusal tells nobody the account exists.
        Assert.Equal((Outcome.Invalid, SignIn.WrongCredentials), (locked.Outcome, Assert.Single(locked.Errors).Message));
        Assert.Equal((unknown.Outcome, unknown.Errors.Single()), (locked.Outcome, locked.Errors.Single()));

        clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        var stillLocked = await With(db, clock, sp => sp.GetRequiredService<SignIn>().HandleAsync(new("dana@example.com", "correct horse battery"), default));
        Assert.Equal(Outcome.Invalid, stillLocked.Outcome);
        clock.Advance(TimeSpan.FromSeconds(1));
        var after = await With(db, clock, sp => sp.GetRequiredService<SignIn>().HandleAsync(new("dana@example.com", "correct horse battery"), default));
        Assert.Equal(Outcome.Ok, after.Outcome);
    }

    [Fact]
    public async Task SignIn_UnknownEmail_SameAnswerAsWrongPassword()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var result = await With(db, NewClock(), sp => sp.GetRequiredService<SignIn>().HandleAsync(new("nobody@example.com", "whatever-password"), default));
        Assert.Equal(SignIn.WrongCredentials, Assert.Single(result.Errors).Message);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task ApiToken_CreateAuthenticateRevoke(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = NewClock();
        await With(db, clock, sp => sp.GetRequiredService<AddUser>().HandleAsync(new("dana@example.com", "Dana"), default));

        var created = (await With(db, clock, sp => sp.GetRequiredService<CreateApiToken>().HandleAsync(new("dana@example.com", "ci"), default))).Value!;
        Assert.StartsWith("fwpat_", created.Token);
        var who = await With(db, clock, sp => sp.GetRequiredService<AuthenticateApiToken>().HandleAsync(created.Token, default));
        Assert.Equal("dana@example.com", who!.Email);
        await using (var ctx = db.NewContext())
            Assert.DoesNotContain(created.Token, ctx.ApiTokens.Select(t => t.Hash + t.Prefix + t.Name).Single());

        var revoked = await With(db, clock, sp => sp.GetRequiredService<RevokeApiToken>().HandleAsync(new("dana@example.com", "ci"), default));
        Assert.Equal(1, revoked.Value);
        Assert.Null(await With(db, clock, sp => sp.GetRequiredService<AuthenticateApiToken>().HandleAsync(created.Token, default)));
        Assert.Null(await With(db, clock, sp => sp.GetRequiredService<AuthenticateApiToken>().HandleAsync("fwpat_forged", default)));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task GetMe_ListsOnlyAccountsWithAccess(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        int userId;
        await using (var ctx = db.NewContext())
        {
            var b = new InventoryBuilder(ctx);
            var acme = b.Account("Acme", "acme-networks.com", "UTC", "DEFAULT", "APJC");
            var globex = b.Account("Globex", "globex-mfg.com");
            b.Account("Initech", "initech.io");
            var grace = b.User("grace@globex-mfg.com", "Grace", globex, Role.SmartAccountAdmin);
            b.Grant(grace, acme, Role.VirtualAccountViewer, "APJC");
            userId = grace.Id;
        }

        var me = (await With(db, NewClock(), sp => sp.GetRequiredService<GetMe>().HandleAsync(new(userId), default))).Value!;

        Assert.Equal(["acme-networks.com", "globex-mfg.com"], me.SmartAccounts.Select(a => a.Domain));
        Assert.Equal(new GetMe.AccountRole("VirtualAccountViewer", "APJC"), Assert.Single(me.SmartAccounts[0].Roles));
        Assert.Equal(new GetMe.AccountRole("SmartAccountAdmin", null), Assert.Single(me.SmartAccounts[1].Roles));
    }
}
