using System.Buffers;
using System.Net;
using Forewarn.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.Storage;
using InProcessSmtpServer = global::SmtpServer.SmtpServer;
using ServerResponse = global::SmtpServer.Protocol.SmtpResponse;
using ServerReplyCode = global::SmtpServer.Protocol.SmtpReplyCode;

namespace Forewarn.Core.Delivery;

/// <summary>
/// The built-in development mailbox (M3): with no Forewarn:Smtp:Host, an SMTP server on loopback
/// (port Forewarn:Mailbox:Port, 0 = any free port) receives every mail Forewarn sends and keeps it as
/// a <see cref="MailboxMessage"/> row, so the web UI can show it. Mail reaches it over real SMTP, the
/// same path as a real server, so what the mailbox shows is what a real server would have been sent.
/// </summary>
public sealed class DevelopmentMailbox(
    DevelopmentMailboxEndpoint endpoint,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<ForewarnOptions> options,
    ILogger<DevelopmentMailbox> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private InProcessSmtpServer? _server;
    private Task? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = options.Value.Mailbox.Port;
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("forewarn-mailbox")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();

        var listeners = new global::SmtpServer.Net.EndpointListenerFactory();
        // Port 0 is only resolved by the socket: the started event is where the real port is known.
        listeners.EndpointStarted += (_, e) => endpoint.Started(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new global::SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(scopes, clock, logger));
        services.Add(new WithoutPipelining());

        _server = new InProcessSmtpServer(serverOptions, services);
        _running = _server.StartAsync(_stopping.Token);

        var first = await Task.WhenAny(endpoint.Listening, _running).WaitAsync(cancellationToken);
        if (first == _running || _running.IsFaulted)
        {
            var reason = _running.Exception?.GetBaseException().Message ?? "it stopped at once";
            var error = new InvalidOperationException(
                $"The development mailbox could not listen on 127.0.0.1:{port} (Forewarn:Mailbox:Port): {reason}");
            endpoint.Failed(error);
            throw error;
        }
        logger.LogInformation("Development mailbox listening on 127.0.0.1:{Port}.", await endpoint.Listening);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is null || _running is null) return;
        _server.Shutdown();
        await _stopping.CancelAsync();
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down is what we asked for.
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>
    /// SmtpServer answers pipelined commands in separate small writes; with Nagle and delayed ACKs every
    /// mail then stalls about 40 ms. Not offering PIPELINING makes clients go command by command, which
    /// on loopback costs nothing.
    /// </summary>
    internal sealed class WithoutPipelining : global::SmtpServer.Protocol.SmtpCommandFactory
    {
        public override global::SmtpServer.Protocol.SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress);

        private sealed class Ehlo(string domainOrAddress) : global::SmtpServer.Protocol.EhloCommand(domainOrAddress)
        {
            protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
                base.GetExtensions(context).Where(e => !e.Equals("PIPELINING", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Stores each received mail through a fresh DI scope: sessions run concurrently, a DbContext must not be shared.</summary>
    private sealed class Store(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : MessageStore
    {
        public override async Task<ServerResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var raw = buffer.ToArray();
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ForewarnDbContext>();
                var (subject, preparedFor) = await HeadersOfAsync(raw, cancellationToken);
                db.Mailbox.Add(new MailboxMessage
                {
                    Raw = raw,
                    PreparedFor = Limit(preparedFor, 400),
                    ReceivedAt = clock.GetUtcNow().UtcDateTime,
                    EnvelopeFrom = Address(transaction.From),
                    EnvelopeTo = Limit(string.Join(", ", transaction.To.Select(Address)), 4000),
                    Subject = Limit(subject, 1000),
                });
                await db.SaveChangesAsync(cancellationToken);
                return ServerResponse.Ok;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A 4xx makes the dispatcher keep the message and try again later: nothing is lost.
                logger.LogError(e, "The development mailbox could not store a received message.");
                return new ServerResponse(ServerReplyCode.Aborted, "could not store the message, try again later");
            }
        }

        private static string Address(global::SmtpServer.Mail.IMailbox mailbox) =>
            string.IsNullOrEmpty(mailbox.Host) ? mailbox.User ?? "" : $"{mailbox.User}@{mailbox.Host}";

        private static async Task<(string Subject, string PreparedFor)> HeadersOfAsync(byte[] raw, CancellationToken ct)
        {
            try
            {
                using var stream = new MemoryStream(raw, writable: false);
                var message = await MimeMessage.LoadAsync(stream, ct);
                return (message.Subject ?? "", (message.Headers[MailBuilder.PreparedForHeader] ?? "").Trim().ToLowerInvariant());
            }
            catch (FormatException)
            {
                return ("", ""); // kept all the same: the raw bytes are what matters when a message is malformed
            }
        }

        private static string Limit(string s, int length) => s.Length <= length ? s : s[..length];
    }
}
