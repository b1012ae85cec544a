using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Forewarn.Core.Alerts;
using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Forewarn.Core.StatusNotifications;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn run-daily [--date yyyy-MM-dd] [--smart-account domain] [--json]</c>: composes the Daily Event Summary
/// (§3), then runs the alerts (A1–A4) and sends the status notifications they raised without waiting for the coalescing
/// window (A6), writes everything to the outbox (M1), delivers it and waits for delivery. Safe to repeat (D5, A2, A6).
/// </summary>
public static class RunDailyVerb
{
    public const int ExitBadInput = CliHost.ExitBadInput;

    public sealed record Report(string? Date, int SmartAccounts, int Recipients, int DigestsSent, int CopiesSent,
        int SkippedEmpty, int AlreadyDecided, int NotYetDue,
        int ExpiringAlerts, int ExpiredAlerts, int InsufficientAlerts, int BackInCompliance, int AlertsAlreadyRunForALaterDate,
        int StatusNotificationsSent, int StatusCopiesSent,
        int Delivered, int Failed, int Deferred);

    public static Command Create()
    {
        var date = new Option<string?>("--date") { Description = "Digest and alert date for every Smart Account (yyyy-MM-dd). Default: today in each account's time zone." };
        var account = new Option<string?>("--smart-account") { Description = "Only this Smart Account (its domain)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON." };
        var command = new Command("run-daily", "Compose and send the Daily Event Summary, raise the day's alerts and send their status notifications, for every Smart Account.") { date, account, json };
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
                RunAlerts.Summary alerts;
                SendStatusNotifications.Summary status;
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
                    // After the digest: today's raises are news for today's status notifications, and tomorrow's digest (D2).
                    alerts = await scope.ServiceProvider.GetRequiredService<RunAlerts>().HandleAsync(new(digestDate, domain), token);
                    status = await scope.ServiceProvider.GetRequiredService<SendStatusNotifications>().HandleAsync(new(Flush: true, domain), token);
                    delivery = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(token);
                }
                var report = new Report(digestDate?.ToString("yyyy-MM-dd"), summary.SmartAccounts, summary.Recipients, summary.DigestsQueued,
                    summary.CopiesQueued, summary.SkippedEmpty, summary.AlreadyDecided, summary.NotYetDue,
                    alerts.ExpiringRaised, alerts.ExpiredRaised, alerts.InsufficientRaised, alerts.BackInCompliance, alerts.Superseded,
                    status.Notifications, status.Copies, delivery.Sent, delivery.Failed, delivery.Deferred);
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
        $"Alerts: {r.ExpiringAlerts} expiring, {r.ExpiredAlerts} expired, {r.InsufficientAlerts} insufficient licenses, {r.BackInCompliance} back in compliance"
        + (r.AlertsAlreadyRunForALaterDate > 0
            ? $"; not run for {r.AlertsAlreadyRunForALaterDate} Smart Account(s) whose alerts already ran for a later date (an earlier date sends its digests only)"
            : ""),
        $"Status notifications: {r.StatusNotificationsSent} sent, {r.StatusCopiesSent} copies to additional addresses",
        $"  Delivery: {r.Delivered} delivered, {r.Failed} failed, {r.Deferred} deferred (retried later)");
}
