using Forewarn.Tests.Infrastructure;
using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Tests.Import;

/// <summary>§7: <c>forewarn import &lt;file&gt;</c> run as a real process, as a user would, on a SQLite data directory.</summary>
public sealed class ImportVerbProcessTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "forewarn-tests", "cli-" + Guid.NewGuid().ToString("N"));

    public ImportVerbProcessTests() => Directory.CreateDirectory(_dataDirectory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task ImportVerb_SampleTwice_ExitsZeroAndSecondRunChangesNothing()
    {
        var first = await RunAsync("import", BundleBuilder.SamplePath);
        var second = await RunAsync("import", BundleBuilder.SamplePath);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(
        [
            "Imported sample-inventory.json: 3 Smart Accounts, 6 Virtual Accounts, 54 licenses (113 lines, 24 perpetual), " +
            "24 product instances, 9 users (10 access entries, 10 preference entries), 18 events.",
            "271 rows added, updated or removed.",
        ], first.OutLines);
        Assert.Empty(first.ErrLines);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("Nothing changed: everything in the bundle was already stored.", second.OutLines[^1]);

        await using var ctx = Context();
        Assert.Equal(54, await ctx.Licenses.CountAsync());
        Assert.Equal("Bob O'Connor", (await ctx.Users.SingleAsync(u => u.Email == "bob.user@acme-networks.com")).Name);
    }

    [Fact]
    public async Task ImportVerb_RefusedBundle_ExitsOnePrintsEveryPathAndStoresNothing()
    {
        var bundle = Path.Combine(_dataDirectory, "bad.json");
        await File.WriteAllTextAsync(bundle, BundleBuilder.Sample()
            .Set("$.users[2].access[0].role", "Owner")
            .Set("$.users[0].preferences[0].additionalEmails", "noc@acme-networks.com, x@acme-networks.com.evil.io")
            .Set("$.smartAccounts[1].virtualAccounts[1].licenses[3].licenseDetails[2].endDate", "2024-01-01")
            .Json);

        var run = await RunAsync("import", bundle);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
        [
            "$.smartAccounts[1].virtualAccounts[1].licenses[3].licenseDetails[2].endDate: end date 2024-01-01 is before start date 2024-12-01",
            "$.users[0].preferences[0].additionalEmails: x@acme-networks.com.evil.io is outside the Smart Account domain acme-networks.com (N5)",
            "$.users[2].access[0].role: 'Owner' is not a role (SmartAccountAdmin, SmartAccountUser, SmartAccountViewer, VirtualAccountAdmin, VirtualAccountUser, VirtualAccountViewer)",
            "Import refused: 3 errors; nothing was stored.",
        ], run.ErrLines);
        Assert.Empty(run.OutLines);
        await using var ctx = Context();
        Assert.Equal(0, await ctx.SmartAccounts.CountAsync());
        Assert.Equal(0, await ctx.Users.CountAsync());
    }

    [Fact]
    public async Task ImportVerb_MissingFile_ExitsTwoAndCreatesNoDatabase()
    {
        var missing = Path.Combine(_dataDirectory, "no-such-bundle.json");

        var run = await RunAsync("import", missing);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal([$"forewarn import: file not found: {missing}"], run.ErrLines);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "forewarn.db")));
    }

    private ForewarnDbContext Context() =>
        new SqliteForewarnDbContext(new DbContextOptionsBuilder<SqliteForewarnDbContext>()
            .UseSqlite(DatabaseSetup.SqliteConnectionString(_dataDirectory)).Options);

    private async Task<ProcessRun> RunAsync(params string[] args) =>
        await ForewarnProcess.RunAsync(new Dictionary<string, string?> { ["Forewarn:DataDirectory"] = _dataDirectory }, _dataDirectory, args);
}
