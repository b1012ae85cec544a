using System.Text.Json;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Tests.Lifecycle;

/// <summary><c>forewarn simulate</c> as a real process on the configured database (L5).</summary>
public class SimulateVerbProcessTests
{
    private static readonly string[] Args = ["simulate", "--instances", "50", "--days", "200", "--fail-rate", "0.1", "--seed", "1"];

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Simulate_SameArgumentsTwice_PrintsTheSameFiguresTheRulesPredict(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);

        var first = await ForewarnProcess.RunAsync(db, null, Args);
        var second = await ForewarnProcess.RunAsync(db, null, Args);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(first.Out, second.Out);
        var lines = first.OutLines;
        Assert.Equal("Simulating 50 product instances for 200 days, fail rate 0.1, seed 1.", lines[0]);
        Assert.Equal("  day  check-ins  reg renewed  reg failed  auth renewed  auth failed  grace started  grace expired  recovered", lines[2]);
        // A 90% check-in rate never misses a whole 30-day window: every instance renews both on days 30, 60, ..., 180.
        // Check-ins per day come from the seed: the oracle replays the same draws.
        var (days, _) = FleetSimulationTests.Replay(50, 200, 0.1, 1);
        var rows = lines.Skip(3).TakeWhile(l => !l.StartsWith("total", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()).ToList();
        Assert.Equal([30, 60, 90, 120, 150, 180], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal([days[r[0] - 1].CheckIns, 50, 0, 50, 0, 0, 0, 0], r[1..]));
        Assert.Equal(["total", $"{days.Sum(d => d.CheckIns)}", "300", "0", "300", "0", "0", "0", "0"],
            lines[^2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Final state: authorization Authorized 50, OutOfCompliance 0, InGrace 0, GraceExpired 0; " +
                     "registration Registered 50, RenewalFailed 0; 650 events.", lines[^1]);
        // The throwaway accounts are gone.
        await using var ctx = db.NewContext();
        Assert.Equal(0, await ctx.SmartAccounts.CountAsync());
    }

    [Fact]
    public async Task Simulate_Json_EveryDayAndTheFinalStateWithoutTheThrowawayDomain()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        var run = await ForewarnProcess.RunAsync(db, null, "simulate", "--instances", "3", "--days", "40", "--fail-rate", "1", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(40, json.GetProperty("perDay").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("smartAccount").ValueKind);
        var day30 = json.GetProperty("perDay")[29];
        Assert.Equal((30, 0, 3, 3), (day30.GetProperty("number").GetInt32(), day30.GetProperty("checkIns").GetInt32(),
            day30.GetProperty("registrationRenewalFailed").GetInt32(), day30.GetProperty("authorizationRenewalFailed").GetInt32()));
        Assert.Equal(3, json.GetProperty("final").GetProperty("authorized").GetInt32());
    }

    [Theory]
    [InlineData("--instances 5 --days 10 --fail-rate 1.5", "forewarn simulate: --fail-rate: must be a probability from 0 to 1 (got 1.5).")]
    [InlineData("--instances 5 --days 10 --fail-rate abc", "forewarn simulate: --fail-rate: 'abc' is not a number such as 0.1.")]
    [InlineData("--instances 0 --days 10 --fail-rate 0.1", "forewarn simulate: --instances: must be from 1 to 100000 (got 0).")]
    [InlineData("--instances 5 --fail-rate 0.1", "forewarn: Option '--days' is required.")]
    [InlineData("--instances 5 --days abc --fail-rate 0.1", "forewarn: --days: 'abc' is not a whole number.")]
    [InlineData("--instances 99999999999 --days 10 --fail-rate 0.1", "forewarn: --instances: '99999999999' is not a whole number from -2147483648 to 2147483647.")]
    [InlineData("--instances 5 --days 10 --fail-rate 0.1 --seed 1.5", "forewarn: --seed: '1.5' is not a whole number.")]
    public async Task Simulate_BadArgument_Exit2NamingIt(string arguments, string message)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        var run = await ForewarnProcess.RunAsync(db, null, ["simulate", .. arguments.Split(' ')]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.ErrLines);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Simulate_WrongLifecycleSetting_Exit2NamingIt()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        var run = await ForewarnProcess.RunAsync(db, new Dictionary<string, string?> { ["Forewarn:Lifecycle:RetryInterval"] = "00:00:00" },
            "simulate", "--instances", "5", "--days", "10", "--fail-rate", "0.5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("  Forewarn:Lifecycle:RetryInterval must be between 00:01:00 and 3650.00:00:00 (got 00:00:00).", run.ErrLines);
    }
}
