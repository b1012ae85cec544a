using Forewarn.Core.Accounts;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Accounts;

/// <summary><c>forewarn user ...</c> and <c>forewarn token ...</c> run as real processes, as an operator would.</summary>
public class AccountVerbsProcessTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero));

    private static Task<ProcessRun> RunAsync(TestDatabase db, params string[] args) => ForewarnProcess.RunAsync(db, null, args);

    private static async Task AddUserAsync(TestDatabase db, string email, string password)
    {
        var add = await RunAsync(db, "user", "add", email, "--name", "Test Person");
        Assert.True(add.ExitCode == 0, add.ToString());
        var set = await ForewarnProcess.RunWithInputAsync(db, password + "\n", "user", "set-password", email);
        Assert.True(set.ExitCode == 0, set.ToString());
    }

    private static async Task<T> WithAsync<T>(TestDatabase db, Func<IServiceProvider, Task<T>> use)
    {
        await using var services = db.Services(Clock());
        await using var scope = services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task UserAddThenSetPassword_PasswordFromStandardInput_SignsInWithItAndOnlyAHashIsStored(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var add = await RunAsync(db, "user", "add", "New.Person@Acme-Networks.com", "--name", "New O'Person", "--time-zone", "Europe/Berlin");
        var set = await ForewarnProcess.RunWithInputAsync(db, "a long pass phrase\n", "user", "set-password", "new.person@acme-networks.com");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(["Added user new.person@acme-networks.com (New O'Person). Set a password with: forewarn user set-password new.person@acme-networks.com"], add.OutLines);
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal(["Password set for new.person@acme-networks.com."], set.OutLines);
        await using (var ctx = db.NewContext())
        {
            var user = await ctx.Users.SingleAsync();
            Assert.Equal(("new.person@acme-networks.com", "New O'Person", "Europe/Berlin", false), (user.Email, user.Name, user.TimeZone, user.HasDemoPassword));
            Assert.DoesNotContain("pass phrase", user.PasswordHash);
        }
        var signedIn = await WithAsync(db, s => s.GetRequiredService<SignIn>().HandleAsync(new("new.person@acme-networks.com", "a long pass phrase"), default));
        Assert.True(signedIn.IsOk);
        var wrong = await WithAsync(db, s => s.GetRequiredService<SignIn>().HandleAsync(new("new.person@acme-networks.com", "a long pass phrase\n"), default));
        Assert.False(wrong.IsOk);
    }

    [Fact]
    public async Task UserAdd_BadEmailAndZone_RefusedNamingEachFieldExitOneNothingStored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        var run = await RunAsync(db, "user", "add", "not-an-email", "--name", "X", "--time-zone", "Mars/Olympus_Mons");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            ["forewarn user add: email: 'not-an-email' is not a valid email address.", "forewarn user add: timeZone: 'Mars/Olympus_Mons' is not an IANA time zone."],
            run.ErrLines);
        Assert.Empty(run.OutLines);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.Users);
    }

    [Fact]
    public async Task UserAdd_ExistingEmailOrNoName_Refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        Assert.Equal(0, (await RunAsync(db, "user", "add", "alice@acme-networks.com", "--name", "Alice")).ExitCode);

        var again = await RunAsync(db, "user", "add", "ALICE@acme-networks.com", "--name", "Alice Again");
        var noName = await RunAsync(db, "user", "add", "bob@acme-networks.com");

        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Equal(["forewarn user add: email: a user alice@acme-networks.com exists already."], again.ErrLines);
        Assert.NotEqual(0, noName.ExitCode);
        Assert.Contains("--name", noName.Err);
        await using var ctx = db.NewContext();
        Assert.Equal(["Alice"], await ctx.Users.Select(u => u.Name).ToListAsync());
    }

    [Theory]
    [InlineData("short\n", "forewarn user set-password: password: must be at least 10 characters.")]
    [InlineData("", "forewarn user set-password: password: nothing on standard input; give the password as one line.")]
    [InlineData("\n", "forewarn user set-password: password: must not be empty.")]
    [InlineData(" padded password \n", "forewarn user set-password: password: must not start or end with white space.")]
    public async Task UserSetPassword_UnusablePassword_RefusedNamingThePasswordAndTheOldOneStillWorks(string input, string expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await AddUserAsync(db, "alice@acme-networks.com", "the first password");

        var run = await ForewarnProcess.RunWithInputAsync(db, input, "user", "set-password", "alice@acme-networks.com");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal([expected], run.ErrLines);
        Assert.True((await WithAsync(db, s => s.GetRequiredService<SignIn>().HandleAsync(new("alice@acme-networks.com", "the first password"), default))).IsOk);
    }

    [Fact]
    public async Task UserSetPassword_UnknownUser_RefusedNamingTheEmail()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        var run = await ForewarnProcess.RunWithInputAsync(db, "a long pass phrase\n", "user", "set-password", "nobody@acme-networks.com");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(["forewarn user set-password: email: No user nobody@acme-networks.com."], run.ErrLines);
    }

    [Fact]
    public async Task UserSetPassword_PasswordGivenAsAnArgument_IsNotAcceptedAndNothingChanges()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await AddUserAsync(db, "alice@acme-networks.com", "the first password");

        var run = await ForewarnProcess.RunWithInputAsync(db, "", "user", "set-password", "alice@acme-networks.com", "a password in the process list");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("a password in the process list", run.Err); // named as an unrecognised argument
        Assert.True((await WithAsync(db, s => s.GetRequiredService<SignIn>().HandleAsync(new("alice@acme-networks.com", "the first password"), default))).IsOk);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task TokenCreate_PrintsOnlyTheTokenWhichAuthenticatesUntilRevokedByName(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await AddUserAsync(db, "alice@acme-networks.com", "the first password");

        var create = await RunAsync(db, "token", "create", "--user", "alice@acme-networks.com", "--name", "ci");

        Assert.True(create.ExitCode == 0, create.ToString());
        var token = Assert.Single(create.OutLines);
        Assert.Matches("^fwpat_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(token, create.Out); // nothing else on standard output: `TOKEN=$(forewarn token create ...)` works
        await using (var ctx = db.NewContext())
        {
            var stored = await ctx.ApiTokens.SingleAsync();
            Assert.Equal(("ci", ApiToken.HashOf(token)), (stored.Name, stored.Hash));
            Assert.DoesNotContain(token, stored.Hash + stored.Prefix + stored.Name);
        }
        var who = await WithAsync(db, s => s.GetRequiredService<AuthenticateApiToken>().HandleAsync(token, default));
        Assert.Equal("alice@acme-networks.com", who!.Email);

        var revoke = await RunAsync(db, "token", "revoke", "--user", "alice@acme-networks.com", "ci");

        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        Assert.Equal(["Revoked 1 token."], revoke.OutLines);
        Assert.Null(await WithAsync(db, s => s.GetRequiredService<AuthenticateApiToken>().HandleAsync(token, default)));
    }

    [Fact]
    public async Task TokenRevoke_ByIdOrByTheTokenItself_RevokesOnlyThatOne()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await AddUserAsync(db, "alice@acme-networks.com", "the first password");
        var first = (await RunAsync(db, "token", "create", "--user", "alice@acme-networks.com", "--name", "one")).Out;
        var second = (await RunAsync(db, "token", "create", "--user", "alice@acme-networks.com", "--name", "two")).Out;
        var third = (await RunAsync(db, "token", "create", "--user", "alice@acme-networks.com", "--name", "three")).Out;
        int firstId;
        await using (var ctx = db.NewContext()) firstId = await ctx.ApiTokens.Where(t => t.Name == "one").Select(t => t.Id).SingleAsync();

        var byId = await RunAsync(db, "token", "revoke", "--user", "alice@acme-networks.com", firstId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var byToken = await RunAsync(db, "token", "revoke", "--user", "alice@acme-networks.com", second);

        Assert.True(byId.ExitCode == 0 && byToken.ExitCode == 0, byId + "\n" + byToken);
        Assert.Null(await WithAsync(db, s => s.GetRequiredService<AuthenticateApiToken>().HandleAsync(first, default)));
        Assert.Null(await WithAsync(db, s => s.GetRequiredService<AuthenticateApiToken>().HandleAsync(second, default)));
        Assert.NotNull(await WithAsync(db, s => s.GetRequiredService<AuthenticateApiToken>().HandleAsync(third, default)));
    }

    [Fact]
    public async Task TokenVerbs_UnknownUserOrToken_RefusedNamingTheFieldNothingOnStandardOutput()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await AddUserAsync(db, "alice@acme-networks.com", "the first password");

        var create = await RunAsync(db, "token", "create", "--user", "nobody@acme-networks.com");
        var revoke = await RunAsync(db, "token", "revoke", "--user", "alice@acme-networks.com", "no-such-token");

        Assert.True(create.ExitCode == 1, create.ToString());
        Assert.Equal("", create.Out);
        Assert.Equal(["forewarn token create: user: No user nobody@acme-networks.com."], create.ErrLines);
        Assert.True(revoke.ExitCode == 1, revoke.ToString());
        Assert.Equal(["forewarn token revoke: token: No active token 'no-such-token' of alice@acme-networks.com."], revoke.ErrLines);
        await using var ctx = db.NewContext();
        Assert.Empty(ctx.ApiTokens);
    }
}
