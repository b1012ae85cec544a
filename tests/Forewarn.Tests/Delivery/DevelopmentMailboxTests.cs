using System.Net;
using System.Net.Sockets;
using Forewarn.Core.Delivery;
using Forewarn.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Forewarn.Tests.Delivery.OutboxTestKit;

namespace Forewarn.Tests.Delivery;

/// <summary>M3: with no SMTP host, mail goes over real SMTP on loopback to the built-in mailbox, and reads back.</summary>
public class DevelopmentMailboxTests
{
    private static async Task<List<IHostedService>> StartHostedAsync(IServiceProvider services)
    {
        var hosted = services.GetServices<IHostedService>().ToList();
        foreach (var h in hosted) await h.StartAsync(CancellationToken.None);
        return hosted;
    }

    private static async Task StopHostedAsync(IEnumerable<IHostedService> hosted)
    {
        foreach (var h in hosted) await h.StopAsync(CancellationToken.None);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Drain_NoSmtpHost_MailboxStoresMessageAndQueriesReadItBack(DatabaseKind kind)
    {
        await using var db = await TestDatabase.CreateAsync(kind);
        var clock = Clock();
        await using var services = db.Services(clock);
        var hosted = await StartHostedAsync(services);
        Assert.Contains(hosted, h => h is DevelopmentMailbox);
        var now = clock.GetUtcNow().UtcDateTime;
        var message = Message("alice@acme-networks.com", now, "Daily Event Summary: R&D <Tools> — Zürich, 2026-12-03", "Alice O'Connor");
        message.TextBody = "- R&D <Tools> | DEFAULT | qty 2 | expires 2026-12-03 | expires today\n.starts with a dot\n";
        message.HtmlBody = "<p>R&amp;D &lt;Tools&gt; — O&#39;Connor</p>";
        await AddAsync(db, message);

        Assert.Equal(new DeliveryReport(1, 0, 0), await DrainAsync(services));

        await using var scope = services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<ListMailbox>().HandleAsync(new(), default);
        Assert.True(list.Succeeded);
        var item = Assert.Single(list.Value!.Items);
        Assert.Equal(1, list.Value.Total);
        Assert.Equal(message.Subject, item.Subject);
        Assert.Equal("alice@acme-networks.com", item.EnvelopeTo);
        Assert.Equal("forewarn@localhost.localdomain", item.EnvelopeFrom);
        Assert.Equal(now, item.ReceivedAt);

        var mail = await scope.ServiceProvider.GetRequiredService<OpenMailboxMessage>().HandleAsync(new(item.Id), default);
        Assert.NotNull(mail);
        Assert.Equal(message.Subject, mail.Subject);
        Assert.Equal("\"Alice O'Connor\" <alice@acme-networks.com>", mail.To);
        Assert.Equal("\"Forewarn\" <forewarn@localhost.localdomain>", mail.From);
        Assert.Equal(new DateTimeOffset(now), mail.Date);
        Assert.Equal(message.MessageId, mail.MessageId);
        Assert.Equal(message.TextBody, mail.Text?.ReplaceLineEndings("\n"));
        Assert.Equal(message.HtmlBody, mail.Html?.ReplaceLineEndings("\n"));
        Assert.Contains(new KeyValuePair<string, string>("X-Forewarn-Kind", "daily-summary"), mail.Headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Forewarn-Smart-Account", "acme-networks.com"), mail.Headers);
        Assert.Contains(new KeyValuePair<string, string>("X-Forewarn-Date", "2026-12-03"), mail.Headers);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(db, "alice@acme-networks.com")).Status);

        await StopHostedAsync(hosted);
    }

    [Fact]
    public async Task Drain_StartedBeforeMailboxListens_WaitsForItAndDelivers()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var clock = Clock();
        await using var services = db.Services(clock);
        await AddAsync(db, Message("alice@acme-networks.com", clock.GetUtcNow().UtcDateTime));

        var drain = DrainAsync(services);
        await Task.Delay(300);
        Assert.False(drain.IsCompleted);
        var hosted = await StartHostedAsync(services);

        Assert.Equal(new DeliveryReport(1, 0, 0), await drain.WaitAsync(TimeSpan.FromSeconds(20)));
        await using var scope = services.CreateAsyncScope();
        var list = await scope.ServiceProvider.GetRequiredService<ListMailbox>().HandleAsync(new(), default);
        Assert.Equal("alice@acme-networks.com", Assert.Single(list.Value!.Items).EnvelopeTo);
        await StopHostedAsync(hosted);
    }

    [Fact]
    public async Task Drain_MailboxNeverListens_DefersAfterTimeoutInsteadOfHanging()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var clock = Clock();
        await using var services = db.Services(clock, new Dictionary<string, string?> { ["Forewarn:Smtp:Timeout"] = "00:00:01" });
        var t0 = clock.GetUtcNow().UtcDateTime;
        await AddAsync(db, Message("alice@acme-networks.com", t0));

        Assert.Equal(new DeliveryReport(0, 0, 1), await DrainAsync(services).WaitAsync(TimeSpan.FromSeconds(20)));
        var row = await RowAsync(db, "alice@acme-networks.com");
        Assert.Equal((OutboxStatus.Pending, 1, t0.AddSeconds(30)), (row.Status, row.Attempts, row.NextAttemptAt));
        Assert.Contains("development mailbox", row.LastError);
    }

    [Fact]
    public async Task Start_MailboxPortTaken_FailsNamingTheSetting()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        await using var services = db.Services(Clock(), new Dictionary<string, string?> { ["Forewarn:Mailbox:Port"] = port.ToString() });

        var mailbox = services.GetServices<IHostedService>().OfType<DevelopmentMailbox>().Single();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => mailbox.StartAsync(CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port} (Forewarn:Mailbox:Port)", error.Message);
    }

    [Fact]
    public async Task Registration_SmtpHostConfigured_NoDevelopmentMailbox()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var services = db.Services(Clock(), new Dictionary<string, string?> { ["Forewarn:Smtp:Host"] = "mail.example.com" });
        Assert.DoesNotContain(services.GetServices<IHostedService>(), h => h is DevelopmentMailbox);
    }
}
