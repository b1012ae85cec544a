using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Forewarn.Core.Accounts;
using Forewarn.Core.Inventory;
using Forewarn.Core.Lifecycle;
using Forewarn.Tests.Infrastructure;
using Forewarn.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Lifecycle;

/// <summary>
/// <c>forewarn registration-token create|list</c> run as real processes, as an operator would (L5: product instances
/// register with a token created in the account). The processes use the real clock.
/// </summary>
public class RegistrationTokenVerbProcessTests
{
    private const string Acme = "acme-networks.com";
    private const string SaAdmin = "sa-admin@acme-networks.com", SaUser = "sa-user@acme-networks.com",
        EmeaAdmin = "emea-admin@acme-networks.com", Outsider = "someone@globex-mfg.com";

    /// <summary>Acme (New York) with DEFAULT and EMEA; an SA admin, an SA user, an EMEA admin; Globex with its own admin.</summary>
    private static async Task SeedAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        var b = new InventoryBuilder(ctx);
        var sa = b.Account("Acme Networks", Acme, "America/New_York", "DEFAULT", "EMEA");
        var other = b.Account("Globex", "globex-mfg.com");
        b.User(SaAdmin, "SA admin", sa, Role.SmartAccountAdmin);
        b.User(SaUser, "SA user", sa, Role.SmartAccountUser);
        b.User(EmeaAdmin, "EMEA admin", sa, Role.VirtualAccountAdmin, "EMEA");
        b.User(Outsider, "Outsider", other, Role.SmartAccountAdmin);
    }

    private static Task<ProcessRun> RunAsync(TestDatabase db, params string[] args) => ForewarnProcess.RunAsync(db, null, args);

    private static string[] Create(string user, string va, params string[] more) =>
        ["registration-token", "create", "--user", user, "--smart-account", Acme, "--virtual-account", va, .. more];

    /// <summary>Exit 1, nothing on standard output, exactly this on standard error.</summary>
    private static void Refused(ProcessRun run, string error)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal("", run.Out);
        Assert.Equal([error], run.ErrLines);
    }

    private static async Task<string> DumpTokensAsync(TestDatabase db)
    {
        await using var ctx = db.NewContext();
        return string.Join("\n", (await ctx.RegistrationTokens.AsNoTracking().OrderBy(t => t.Id).ToListAsync())
            .Select(t => $"{t.Id}|{t.VirtualAccountId}|{t.Hash}|{t.Prefix}|{t.Description}|{t.CreatedByEmail}|{t.CreatedAt.Ticks}|{t.ExpiresAt.Ticks}"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RegistrationTokenCreate_VirtualAccountAdmin_PrintsOnlyTheTokenWhichRegistersAnInstanceThroughTheAgentApi(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        var before = DateTime.UtcNow;

        var run = await RunAsync(db, Create("EMEA-Admin@Acme-Networks.com", "EMEA", "--description", "rack 4 switches", "--valid-days", "7"));

        Assert.True(run.ExitCode == 0, run.ToString());
        var token = Assert.Single(run.OutLines);
        Assert.Matches("^fwreg_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(token, run.Out); // nothing else on standard output: `TOKEN=$(forewarn registration-token create ...)` works
        RegistrationToken stored;
        await using (var ctx = db.NewContext())
            stored = await ctx.RegistrationTokens.Include(t => t.VirtualAccount).SingleAsync();
        Assert.Equal((ApiToken.HashOf(token), token[..12], "rack 4 switches", EmeaAdmin, "EMEA"),
            (stored.Hash, stored.Prefix, stored.Description, stored.CreatedByEmail, stored.VirtualAccount.Name));
        Assert.InRange(stored.CreatedAt, before.AddSeconds(-1), DateTime.UtcNow);
        Assert.Equal(TimeSpan.FromDays(7), stored.ExpiresAt - stored.CreatedAt);
        Assert.Equal(
            [$"Registration token {stored.Id} created for Virtual Account 'EMEA' of acme-networks.com; it expires " +
             $"{stored.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC and is not shown again."],
            run.ErrLines);

        // The printed token is what a product instance registers with.
        await using var app = await TestWebApp.StartAsync(db, TimeProvider.System);
        using var client = app.NewClient();
        var body = JsonSerializer.Serialize(new { token, udiPid = "C9300-48P", udiSerialNumber = "FOC2611X0AB", name = "lab-sw-01", productType = "C9300" });
        using var response = await client.PostAsync("/api/agent/v1/register", new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, answer.ToString());
        Assert.Equal((Acme, "EMEA"), (answer.GetProperty("smartAccount").GetString(), answer.GetProperty("virtualAccount").GetString()));
        await using (var ctx = db.NewContext())
        {
            var instance = await ctx.ProductInstances.Include(p => p.VirtualAccount).SingleAsync();
            Assert.Equal(("lab-sw-01", "FOC2611X0AB", "EMEA", AuthorizationState.Authorized),
                (instance.Name, instance.UdiSerialNumber, instance.VirtualAccount.Name, instance.AuthorizationState));
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RegistrationTokenCreate_Refusals_ExitOneNamingTheFieldNothingOnStandardOutputNothingStored(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);

        var cases = new (string[] Args, string[] Errors)[]
        {
            (Create("nobody@acme-networks.com", "EMEA"), ["forewarn registration-token create: user: No user nobody@acme-networks.com."]),
            (Create(Outsider, "EMEA"), ["forewarn registration-token create: smartAccount: No Smart Account 'acme-networks.com' is visible to you."]),
            // A VA admin does not see DEFAULT: not found, as if it did not exist.
            (Create(EmeaAdmin, "DEFAULT"), ["forewarn registration-token create: virtualAccount: No Virtual Account 'DEFAULT' in acme-networks.com is visible to you."]),
            (Create(SaAdmin, "APJC"), ["forewarn registration-token create: virtualAccount: No Virtual Account 'APJC' in acme-networks.com is visible to you."]),
            (Create(SaUser, "EMEA"), ["forewarn registration-token create: virtualAccount: Only a Smart Account admin of acme-networks.com or an admin of Virtual Account 'EMEA' may create registration tokens for it."]),
            (Create(SaAdmin, "EMEA", "--valid-days", "0"), ["forewarn registration-token create: validDays: must be a whole number of days from 1 to 365 (got 0)."]),
            (Create(SaAdmin, "EMEA", "--valid-days", "366"), ["forewarn registration-token create: validDays: must be a whole number of days from 1 to 365 (got 366)."]),
            // Every problem at once.
            (Create("nobody@acme-networks.com", " ", "--valid-days", "400", "--description", new string('d', 201)),
            [
                "forewarn registration-token create: user: No user nobody@acme-networks.com.",
                "forewarn registration-token create: validDays: must be a whole number of days from 1 to 365 (got 400).",
                "forewarn registration-token create: virtualAccount: is required.",
                "forewarn registration-token create: description: must be at most 200 characters.",
            ]),
        };
        foreach (var (args, errors) in cases)
        {
            var run = await RunAsync(db, args);

            Assert.True(run.ExitCode == 1, $"{string.Join(" ", args)}\n{run}");
            Assert.Equal("", run.Out);
            Assert.Equal(errors, run.ErrLines);
        }
        Assert.Equal("", await DumpTokensAsync(db));
    }

    [Fact]
    public async Task RegistrationToken_MissingOrMalformedOption_ExitTwoWithTheParsersWordsNothingStored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);

        var noVa = await RunAsync(db, "registration-token", "create", "--user", SaAdmin, "--smart-account", Acme);
        var days = await RunAsync(db, Create(SaAdmin, "EMEA", "--valid-days", "thirty"));
        var listNoAccount = await RunAsync(db, "registration-token", "list", "--user", SaAdmin);

        Assert.Equal((2, 2, 2), (noVa.ExitCode, days.ExitCode, listNoAccount.ExitCode));
        Assert.Contains("--virtual-account", noVa.Err);
        Assert.Contains("thirty", days.Err);
        Assert.Contains("--smart-account", listNoAccount.Err);
        Assert.Equal(("", "", ""), (noVa.Out, days.Out, listNoAccount.Out));
        Assert.Equal("", await DumpTokensAsync(db));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task RegistrationTokenList_AdminsSeeTheirVirtualAccountsTokensWithoutTheSecretOthersRefused(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await SeedAsync(db);
        // Made by the real handler at whole minutes in the past: one expired, two active.
        var now = DateTime.UtcNow;
        var anchor = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var tokens = new List<string>();
        foreach (var (user, va, description, ago, days) in new[]
                 {
                     (SaAdmin, "DEFAULT", "core switches", 3, 30), (SaAdmin, "EMEA", "old lab", 10, 2), (EmeaAdmin, "EMEA", "new lab", 1, 60),
                 })
        {
            await using var services = db.Services(new FakeTimeProvider(new DateTimeOffset(anchor.AddDays(-ago))));
            await using var scope = services.CreateAsyncScope();
            await using var ctx0 = db.NewContext();
            var userId = await ctx0.Users.Where(u => u.Email == user).Select(u => u.Id).SingleAsync();
            var created = await scope.ServiceProvider.GetRequiredService<CreateRegistrationToken>()
                .HandleAsync(new(userId, Acme, va, description, TimeSpan.FromDays(days)), default);
            tokens.Add(created.Value!.Token);
        }

        var admin = await RunAsync(db, "registration-token", "list", "--user", SaAdmin, "--smart-account", "ACME-networks.com");
        var emea = await RunAsync(db, "registration-token", "list", "--user", EmeaAdmin, "--smart-account", Acme);
        var saUser = await RunAsync(db, "registration-token", "list", "--user", SaUser, "--smart-account", Acme);
        var outsider = await RunAsync(db, "registration-token", "list", "--user", Outsider, "--smart-account", Acme);
        var nobody = await RunAsync(db, "registration-token", "list", "--user", "nobody@acme-networks.com", "--smart-account", Acme);

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        string Local(DateTime utc) => new DateTimeOffset(TimeZoneInfo.ConvertTimeFromUtc(utc, zone), zone.GetUtcOffset(utc))
            .ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
        string[] Row(int i, string va, string description, string by, int ago, int days, string state) =>
            [(i + 1).ToString(CultureInfo.InvariantCulture), va, tokens[i][..12], description, by, Local(anchor.AddDays(-ago)), Local(anchor.AddDays(days - ago)), state];
        string[][] table =
        [
            ["ID", "VIRTUAL ACCOUNT", "PREFIX", "DESCRIPTION", "CREATED BY", "CREATED", "EXPIRES", "STATE"],
            Row(0, "DEFAULT", "core switches", SaAdmin, 3, 30, "Active"),
            Row(1, "EMEA", "old lab", SaAdmin, 10, 2, "Expired"),
            Row(2, "EMEA", "new lab", EmeaAdmin, 1, 60, "Active"),
        ];
        static string[] Aligned(string[][] rows)
        {
            var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
            return rows.Select(r => string.Join("  ", r.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd()).ToArray();
        }

        Assert.True(admin.ExitCode == 0, admin.ToString());
        Assert.Equal(Aligned(table), admin.OutLines);
        Assert.True(emea.ExitCode == 0, emea.ToString());
        Assert.Equal(Aligned([table[0], table[2], table[3]]), emea.OutLines);
        Assert.All(tokens, t => Assert.DoesNotContain(t, admin.Out + admin.Err + emea.Out + emea.Err));
        Refused(saUser, "forewarn registration-token list: smartAccount: Only a Smart Account admin of acme-networks.com or an admin of one of its Virtual Accounts may see registration tokens.");
        Refused(outsider, "forewarn registration-token list: smartAccount: No Smart Account 'acme-networks.com' is visible to you.");
        Refused(nobody, "forewarn registration-token list: user: No user nobody@acme-networks.com.");
    }

    [Fact]
    public async Task RegistrationTokenList_NoTokens_SaysSoOnStandardErrorAndPrintsNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await SeedAsync(db);

        var run = await RunAsync(db, "registration-token", "list", "--user", SaAdmin, "--smart-account", Acme);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Out);
        Assert.Equal(["No registration tokens in acme-networks.com that you administer."], run.ErrLines);
    }
}
