using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Storage;
using ServerResponse = global::SmtpServer.Protocol.SmtpResponse;
using ServerReplyCode = global::SmtpServer.Protocol.SmtpReplyCode;
using ServerResponseException = global::SmtpServer.Protocol.SmtpResponseException;

namespace Forewarn.Tests.Infrastructure;

/// <summary>A mail the test server accepted: the parsed message and its SMTP envelope.</summary>
public sealed record ReceivedMail(MimeMessage Message, string EnvelopeFrom, IReadOnlyList<string> Recipients);

/// <summary>
/// A real SMTP server on 127.0.0.1 for tests (the SmtpServer package), on a free port.
/// <code>
/// await using var smtp = await SmtpTestServer.StartAsync();
/// await using var services = db.Services(clock, smtp.Settings()); // Forewarn:Smtp:Host/Port/Security point here
/// smtp.RejectPermanently("gone@acme-networks.com");                // 550 to RCPT TO, every time
/// smtp.RejectTemporarily("busy@acme-networks.com", times: 1);      // 451 to RCPT TO once, then accepted
/// ... deliver ...
/// smtp.Received          // every accepted mail, in order: MimeKit message + envelope from/recipients
/// smtp.Attempts("gone@acme-networks.com") // RCPT TO commands seen for that address (accepted or not)
/// await smtp.StopAsync();                 // "server down": the port refuses connections
/// await using var again = await SmtpTestServer.StartAsync(smtp.Port); // back up on the same port
/// </code>
/// A mail is in <see cref="Received"/> before the server answers 250 to its DATA, so once a sender
/// has returned, what it delivered is there. Addresses are compared case-insensitively.
/// It does not offer PIPELINING: SmtpServer's pipelined replies stall about 40 ms a mail (Nagle + delayed ACK).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly ConcurrentDictionary<string, int> _permanent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _temporary = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private global::SmtpServer.SmtpServer? _server;
    private Task? _running;

    private SmtpTestServer() { }

    /// <summary>The loopback port it listens (or listened) on.</summary>
    public int Port { get; private set; }

    /// <summary>Every mail accepted so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedMail> Received => _received.ToArray();

    /// <summary>Starts listening on 127.0.0.1 at <paramref name="port"/> (0: any free port); returns once it listens.</summary>
    public static async Task<SmtpTestServer> StartAsync(int port = 0)
    {
        var server = new SmtpTestServer();
        await server.ListenAsync(port);
        return server;
    }

    /// <summary>Settings that point Forewarn at this server, for <c>TestDatabase.Services(clock, extra)</c>.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Forewarn:Smtp:Host"] = "127.0.0.1",
        ["Forewarn:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Forewarn:Smtp:Security"] = "None",
        ["Forewarn:Smtp:Timeout"] = "00:00:10",
    };

    /// <summary>Answers 550 (permanent) to RCPT TO for this address, from now on.</summary>
    public void RejectPermanently(string recipient) => _permanent[recipient] = 1;

    /// <summary>Answers 451 (temporary) to RCPT TO for this address the next <paramref name="times"/> times, then accepts it.</summary>
    public void RejectTemporarily(string recipient, int times = int.MaxValue) => _temporary[recipient] = times;

    /// <summary>How many RCPT TO commands named this address, accepted or refused.</summary>
    public int Attempts(string recipient) => _attempts.GetValueOrDefault(recipient);

    /// <summary>Stops listening and closes sessions; connections to <see cref="Port"/> are refused afterwards.</summary>
    public async Task StopAsync()
    {
        if (_server is null || _running is null) return;
        _server.Shutdown();
        await _stopping.CancelAsync();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (OperationCanceledException) { }
        _server = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task ListenAsync(int port)
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new global::SmtpServer.Net.EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new global::SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Filter(this));
        services.Add(new Store(this));
        services.Add(new WithoutPipelining());
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp-test-server")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        _server = new global::SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stopping.Token);
        var first = await Task.WhenAny(started.Task, _running).WaitAsync(TimeSpan.FromSeconds(10));
        if (first != started.Task)
            throw new InvalidOperationException($"The SMTP test server could not listen on 127.0.0.1:{port}.", _running.Exception);
        Port = await started.Task;
    }

    private static string Address(IMailbox mailbox) =>
        string.IsNullOrEmpty(mailbox.Host) ? mailbox.User ?? "" : $"{mailbox.User}@{mailbox.Host}";

    private sealed class WithoutPipelining : global::SmtpServer.Protocol.SmtpCommandFactory
    {
        public override global::SmtpServer.Protocol.SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress);

        private sealed class Ehlo(string domainOrAddress) : global::SmtpServer.Protocol.EhloCommand(domainOrAddress)
        {
            protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
                base.GetExtensions(context).Where(e => !e.Equals("PIPELINING", StringComparison.OrdinalIgnoreCase));
        }
    }

    private sealed class Filter(SmtpTestServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = Address(to);
            owner._attempts.AddOrUpdate(address, 1, (_, n) => n + 1);
            if (owner._permanent.ContainsKey(address))
                throw new ServerResponseException(new ServerResponse(ServerReplyCode.MailboxUnavailable, $"5.1.1 <{address}>: no such mailbox"));
            while (owner._temporary.TryGetValue(address, out var left) && left > 0)
            {
                if (owner._temporary.TryUpdate(address, left == int.MaxValue ? left : left - 1, left))
                    throw new ServerResponseException(new ServerResponse(ServerReplyCode.Aborted, $"4.2.0 <{address}>: try again later"));
            }
            return Task.FromResult(true);
        }
    }

    private sealed class Store(SmtpTestServer owner) : MessageStore
    {
        public override async Task<ServerResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray(), writable: false);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            owner._received.Enqueue(new ReceivedMail(message, Address(transaction.From), transaction.To.Select(Address).ToList()));
            return ServerResponse.Ok;
        }
    }
}
