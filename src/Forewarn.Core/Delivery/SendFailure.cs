using System.Net.Sockets;
using MailKit.Net.Smtp;

namespace Forewarn.Core.Delivery;

/// <summary>Why one message was not delivered, and whether trying again can help (M2).</summary>
public sealed record SendFailure(bool Permanent, string Reason)
{
    /// <summary>
    /// A 5xx answer to this message's recipient or content is permanent. Everything else is temporary:
    /// 4xx answers, refused or dropped connections, timeouts, TLS and authentication trouble, and a 5xx
    /// to MAIL FROM (that concerns our sender setting, not the recipient, so fixing it must not lose mail).
    /// </summary>
    public static SendFailure Classify(Exception e) => e switch
    {
        SmtpCommandException c when (int)c.StatusCode is >= 500 and < 600
            && c.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
            => new(true, $"{(int)c.StatusCode} {Describe(c)}: {c.Message}"),
        SmtpCommandException c => new(false, $"{(int)c.StatusCode} {Describe(c)}: {c.Message}"),
        SocketException s => new(false, $"connection failed ({s.SocketErrorCode}): {s.Message}"),
        TimeoutException t => new(false, $"timed out: {t.Message}"),
        OperationCanceledException o => new(false, $"timed out: {o.Message}"),
        IOException io => new(false, $"connection lost: {io.Message}"),
        _ => new(false, $"{e.GetType().Name}: {e.Message}"),
    };

    private static string Describe(SmtpCommandException c) => c.ErrorCode switch
    {
        SmtpErrorCode.RecipientNotAccepted => "recipient refused",
        SmtpErrorCode.SenderNotAccepted => "sender refused",
        SmtpErrorCode.MessageNotAccepted => "message refused",
        _ => "unexpected answer",
    };
}
