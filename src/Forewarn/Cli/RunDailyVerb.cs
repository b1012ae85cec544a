using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn run-daily [--date yyyy-MM-dd] [--smart-account domain] [--json]</c>: composes the Daily Event Summary
/// (§3), writes it to the outbox (M1), delivers it and waits for delivery. Safe to repeat (D5).
/// </summary>
public static class RunDailyVerb
{
    public const int ExitBadInput = CliHost.ExitBadInput;

    public sealed record Report(string? Date, int SmartAccounts, int Recipients, int DigestsSent, int CopiesSent,
        int SkippedEmpty, int AlreadyDecided, int NotYetDue, int Delivered, int Failed, int Deferred);

    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "Digest date for every Smart Account (yyyy-MM-dd). Default: today in each account's time zone." };
        var account = new Option<string?>("--smart-account") { Description = "Only this Smart Account (its domain)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("run-daily", "Compose and send the Daily Event Summary for every Smart Account.") { date, account, json };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            DateOnly? digestDate = null;
            if (r.GetValue(date) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"forewarn run-daily: --date: '{text}' is not a date in the form yyyy-MM-dd.");
                    return ExitBadInput;
                }
                if (RunDailySummary.DateProblem(parsed) is { } problem)
                {
                    await Console.Error.WriteLineAsync($"forewarn run-daily: --date: {problem}.");
                    return ExitBadInput;
                }
                digestDate = parsed;
            }
            return await CliHost.RunAsync("run-daily", async (services, token) =>
            {
                RunDailySummary.Summary summary;
                DeliveryReport delivery;
                await using (var scope = services.CreateAsyncScope())
                {
                    var domain = r.GetValue(account);
                    summary = await scope.ServiceProvider.GetRequiredService<RunDailySummary>().HandleAsync(new(digestDate, domain), token);
                    if (domain is not null && summary.SmartAccounts == 0)
                    {
                        await Console.Error.WriteLineAsync($"forewarn run-daily: --smart-account: no Smart Account '{domain}'.");
                        return ExitBadInput;
                    }
                    delivery = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(token);
                }
                var report = new Report(digestDate?.ToString("yyyy-MM-dd"), summary.SmartAccounts, summary.Recipients, summary.DigestsQueued,
                    summary.CopiesQueued, summary.SkippedEmpty, summary.AlreadyDecided, summary.NotYetDue, delivery.Sent, delivery.Failed, delivery.Deferred);
                Console.WriteLine(r.GetValue(json) ? JsonSerializer.Serialize(report, JsonSerializerOptions.Web) : Format(report));
                return 0;
            }, ct);
        });
        return command;
    }

    public static string Format(Report r) => string.Join(Environment.NewLine,
        $"Daily Event Summary, {(r.Date is null ? "today in each Smart Account's time zone" : r.Date)}",
        $"  Smart Accounts:          {r.SmartAccounts}",
        $"  Recipients:              {r.Recipients}",
        $"  Digests sent:            {r.DigestsSent}",
        $"  Copies to additional:    {r.CopiesSent}",
        $"  Skipped as empty:        {r.SkippedEmpty}",
        $"  Already sent earlier:    {r.AlreadyDecided}",
        $"  Date not begun yet:      {r.NotYetDue} Smart Account(s) (the day before it is not over in their zone)",
        $"  Delivery: {r.Delivered} delivered, {r.Failed} failed, {r.Deferred} deferred (retried later)");
}
