using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Forewarn.Core.Lifecycle.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn simulate --instances N --days D --fail-rate p [--seed s] [--json] [--keep]</c>: drives a throwaway fleet
/// through simulated days against the real lifecycle engine and database (L5) and prints the transitions of each day.
/// The work is <see cref="FleetSimulation"/>; this only parses and prints.
/// </summary>
public static class SimulateVerb
{
    public static Command Create()
    {
        var instances = (new Option<int>("--instances") { Description = "How many product instances the fleet has (1-100000).", Required = true }).WholeNumber();
        var days = (new Option<int>("--days") { Description = "How many days to simulate (1-3650).", Required = true }).WholeNumber();
        var failRate = new Option<string>("--fail-rate") { Description = "Probability (0-1) that an instance does not check in on a given day.", Required = true };
        var seed = (new Option<int>("--seed") { Description = "Seed of the check-in draws: the same seed gives the same figures.", DefaultValueFactory = _ => 1 }).WholeNumber();
        var json = new Option<bool>("--json") { Description = "Print the whole run as JSON (every day) instead of the table." };
        var keep = new Option<bool>("--keep") { Description = "Keep the simulated Smart Account afterwards (its domain is printed); by default it is deleted." };
        var command = new Command("simulate", "Drive a simulated fleet of product instances through the renewal lifecycle on a fake clock.")
        {
            instances, days, failRate, seed, json, keep,
        };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var rateText = r.GetValue(failRate) ?? "";
            // Invariant culture: "0.1" means the same on every machine.
            if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate))
            {
                await Console.Error.WriteLineAsync($"forewarn simulate: --fail-rate: '{rateText}' is not a number such as 0.1.");
                return CliHost.ExitBadInput;
            }
            var request = new FleetSimulation.Request(r.GetValue(instances), r.GetValue(days), rate, r.GetValue(seed), r.GetValue(keep));
            if (FleetSimulation.Validate(request) is { Count: > 0 } errors)
            {
                foreach (var e in errors) await Console.Error.WriteLineAsync($"forewarn simulate: --{e.Field}: {e.Message}");
                return CliHost.ExitBadInput;
            }
            var asJson = r.GetValue(json);
            return await CliHost.RunAsync("simulate", async (services, token) =>
            {
                if (!asJson) Console.WriteLine(Header(request));
                await using var scope = services.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<FleetSimulation>().HandleAsync(request,
                    asJson ? null : day =>
                    {
                        if (day.HasTransitions) Console.WriteLine(Row(day));
                        return Task.CompletedTask;
                    }, token);
                if (!result.IsOk)
                {
                    foreach (var e in result.Errors) await Console.Error.WriteLineAsync($"forewarn simulate: --{e.Field}: {e.Message}");
                    return CliHost.ExitBadInput;
                }
                Console.WriteLine(asJson ? Json(result.Value!) : Footer(result.Value!));
                return 0;
            }, ct);
        });
        return command;
    }

    private const string Columns = "  day  check-ins  reg renewed  reg failed  auth renewed  auth failed  grace started  grace expired  recovered";

    public static string Header(FleetSimulation.Request r) => string.Join(Environment.NewLine,
        string.Create(CultureInfo.InvariantCulture, $"Simulating {r.Instances} product instances for {r.Days} days, fail rate {r.FailRate}, seed {r.Seed}."),
        "Days without a transition are left out; 'auth renewed' counts regular renewals, 'recovered' renewals after a lapse.",
        Columns);

    public static string Row(FleetSimulation.Day d) => string.Create(CultureInfo.InvariantCulture,
        $"{d.Number,5}  {d.CheckIns,9}  {d.RegistrationRenewed,11}  {d.RegistrationRenewalFailed,10}  {d.AuthorizationRenewed,12}  " +
        $"{d.AuthorizationRenewalFailed,11}  {d.GracePeriodStarted,13}  {d.GracePeriodExpired,13}  {d.Recovered,9}");

    public static string Footer(FleetSimulation.Report r)
    {
        var sum = (Func<FleetSimulation.Day, int> f) => r.Days.Sum(f);
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"total  {sum(d => d.CheckIns),9}  {sum(d => d.RegistrationRenewed),11}  {sum(d => d.RegistrationRenewalFailed),10}  " +
            $"{sum(d => d.AuthorizationRenewed),12}  {sum(d => d.AuthorizationRenewalFailed),11}  {sum(d => d.GracePeriodStarted),13}  " +
            $"{sum(d => d.GracePeriodExpired),13}  {sum(d => d.Recovered),9}"));
        var f = r.Final;
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"Final state: authorization Authorized {f.Authorized}, OutOfCompliance {f.OutOfCompliance}, InGrace {f.InGrace}, " +
            $"GraceExpired {f.GraceExpired}; registration Registered {f.Registered}, RenewalFailed {f.RegistrationRenewalFailed}; {r.Events} events."));
        if (r.Kept) text.Append(Environment.NewLine).Append($"Kept Smart Account {r.SmartAccount}.");
        return text.ToString();
    }

    /// <summary>Every day, the final state; the account's domain only when it was kept (it differs every run).</summary>
    public static string Json(FleetSimulation.Report r) => JsonSerializer.Serialize(new
    {
        instances = r.Instances, days = r.DayCount, failRate = r.FailRate, seed = r.Seed,
        smartAccount = r.Kept ? r.SmartAccount : null,
        perDay = r.Days, final = r.Final, events = r.Events,
    }, JsonSerializerOptions.Web);
}
