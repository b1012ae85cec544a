using Forewarn.Core.Delivery;
using Forewarn.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Forewarn.Tests.Delivery.OutboxTestKit;

namespace Forewarn.Tests.Delivery;

/// <summary>`forewarn deliver`, run as the real executable with settings from the environment.</summary>
public class DeliverVerbTests
{
    private static async Task<(int ExitCode, string Out, string Err)> RunAsync(TestDatabase db, IDictionary<string, string?> settings, params string[] args)
    {
        var run = await ForewarnProcess.RunAsync(db, settings, args);
        return (run.ExitCode, run.Out, run.Err);
    }

    /// <summary>Due by the real clock, which is the one the executable uses.</summary>
    private static OutboxMessage DueNow(string recipient) => Message(recipient, TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Deliver_OneRecipientRefused_PrintsCountsAndExitsZero(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        await using var smtp = await SmtpTestServer.StartAsync();
        await AddAsync(db, DueNow("a@acme-networks.com"), DueNow("gone@acme-networks.com"), DueNow("c@acme-networks.com"));
        smtp.RejectPermanently("gone@acme-networks.com");

        var (exit, stdout, stderr) = await RunAsync(db, smtp.Settings(), "deliver");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Equal("sent 2, failed 1, deferred 0", stdout);
        Assert.Equal(["a@acme-networks.com", "c@acme-networks.com"], smtp.Received.SelectMany(r => r.Recipients).Order().ToArray());
        Assert.Equal(OutboxStatus.Failed, (await RowAsync(db, "gone@acme-networks.com")).Status);
    }

    [Fact]
    public async Task Deliver_Json_PrintsCountsAsJson()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var smtp = await SmtpTestServer.StartAsync();
        await AddAsync(db, DueNow("a@acme-networks.com"), DueNow("busy@acme-networks.com"));
        smtp.RejectTemporarily("busy@acme-networks.com");

        var (exit, stdout, stderr) = await RunAsync(db, smtp.Settings(), "deliver", "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Equal("""{"sent":1,"failed":0,"deferred":1}""", stdout);
    }

    [Fact]
    public async Task Deliver_NoSmtpHost_MailLandsInDevelopmentMailbox()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var message = DueNow("alice@acme-networks.com");
        await AddAsync(db, message);

        var (exit, stdout, stderr) = await RunAsync(db, new Dictionary<string, string?> { ["Forewarn:Smtp:Host"] = "" }, "deliver");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Equal("sent 1, failed 0, deferred 0", stdout);
        await using var ctx = db.NewContext();
        var stored = await ctx.Mailbox.AsNoTracking().SingleAsync();
        Assert.Equal((message.Subject, "alice@acme-networks.com"), (stored.Subject, stored.EnvelopeTo));
    }
}
