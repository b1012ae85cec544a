using System.CommandLine;
using System.Text.Json;
using Forewarn.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>`forewarn deliver [--json]`: drains the outbox once (M1, M2) and prints what happened.</summary>
public static class DeliverVerb
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON: {\"sent\":N,\"failed\":N,\"deferred\":N}." };
        var command = new Command("deliver", "Deliver every due message in the outbox once, then exit.") { json };
        command.SetAction((ParseResult result, CancellationToken ct) => CliHost.RunAsync("deliver", async (services, token) =>
        {
            // The host starts hosted services: with no SMTP host configured that includes the development mailbox.
            DeliveryReport report;
            await using (var scope = services.CreateAsyncScope())
                report = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(token);
            Console.WriteLine(Format(report, result.GetValue(json)));
            return 0;
        }, ct));
        return command;
    }

    public static string Format(DeliveryReport report, bool json) => json
        ? JsonSerializer.Serialize(new { sent = report.Sent, failed = report.Failed, deferred = report.Deferred })
        : $"sent {report.Sent}, failed {report.Failed}, deferred {report.Deferred}";
}
