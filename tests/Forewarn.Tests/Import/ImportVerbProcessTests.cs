using System.Diagnostics;
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
        ], first.Output);
        Assert.Empty(first.Error);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("Nothing changed: everything in the bundle was already stored.", second.Output[^1]);

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
        ], run.Error);
        Assert.Empty(run.Output);
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
        Assert.Equal([$"forewarn import: file not found: {missing}"], run.Error);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "forewarn.db")));
    }

    private ForewarnDbContext Context() =>
        new SqliteForewarnDbContext(new DbContextOptionsBuilder<SqliteForewarnDbContext>()
            .UseSqlite(DatabaseSetup.SqliteConnectionString(_dataDirectory)).Options);

    private sealed record Run(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{string.Join('\n', Output)}\nstderr:\n{string.Join('\n', Error)}";
    }

    private async Task<Run> RunAsync(params string[] args)
    {
        // The test project references the executable, so forewarn.dll and its runtime config sit beside the tests.
        var app = Path.Combine(AppContext.BaseDirectory, "forewarn.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(app);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Forewarn__DataDirectory"] = _dataDirectory;
        start.Environment.Remove("Forewarn__Database__Provider");
        start.Environment.Remove("ConnectionStrings__Forewarn");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, Lines(await output), Lines(await error));
    }

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
}
