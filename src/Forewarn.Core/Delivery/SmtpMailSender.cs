using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Delivery;

/// <summary>
/// Opens SMTP connections (MailKit) to the configured server (Forewarn:Smtp), or, when no host is
/// configured, to the development mailbox on loopback once it listens (M3).
/// </summary>
public sealed class SmtpMailSender(IOptions<ForewarnOptions> options, DevelopmentMailboxEndpoint mailbox)
{
    /// <summary>A connected (and, when a user is configured, authenticated) client; the caller disposes it.</summary>
    /// <exception cref="Exception">Connection, TLS or authentication failures, as MailKit raises them.</exception>
    public async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        var useMailbox = string.IsNullOrWhiteSpace(smtp.Host);
        var (host, port, security) = useMailbox
            ? ("127.0.0.1", await mailbox.WaitUntilListeningAsync(smtp.Timeout, ct), SecureSocketOptions.None)
            : (smtp.Host!, smtp.Port, ToMailKit(smtp.Security));

        var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, smtp.Timeout.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(host, port, security, ct);
            // The development mailbox takes mail from anyone on loopback; credentials are for a real server.
            if (!useMailbox && !string.IsNullOrEmpty(smtp.User))
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public static SecureSocketOptions ToMailKit(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };
}
