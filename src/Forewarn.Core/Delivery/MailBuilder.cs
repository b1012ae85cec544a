using System.Text;
using MimeKit;
using MimeKit.Text;

namespace Forewarn.Core.Delivery;

/// <summary>Turns an outbox row into the MIME message that goes on the wire.</summary>
public static class MailBuilder
{
    public const string KindHeader = "X-Forewarn-Kind";
    public const string SmartAccountHeader = "X-Forewarn-Smart-Account";
    /// <summary>The user a mail was prepared for (the recipient, or the admin whose additional address gets a copy).</summary>
    public const string PreparedForHeader = "X-Forewarn-Prepared-For";

    /// <summary>
    /// From and To, the subject (MimeKit encodes it per RFC 2047 when it is not plain ASCII),
    /// the outbox's deterministic Message-Id, the Forewarn headers and a multipart/alternative body:
    /// text/plain then text/html, both UTF-8.
    /// </summary>
    public static MimeMessage Build(OutboxMessage message, SmtpOptions smtp, DateTimeOffset now)
    {
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(smtp.FromName, smtp.From));
        mime.To.Add(new MailboxAddress(message.RecipientName ?? "", message.Recipient));
        mime.Subject = message.Subject;
        mime.MessageId = message.MessageId.Trim().TrimStart('<').TrimEnd('>');
        // The origination date is when the decision to send was recorded, so a redelivery is byte-for-byte the same mail.
        mime.Date = message.CreatedAt == default ? now : new DateTimeOffset(DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc));
        mime.Headers.Add(KindHeader, message.Kind);
        mime.Headers.Add(SmartAccountHeader, message.SmartAccountDomain);
        foreach (var (name, value) in message.Headers())
            mime.Headers.Add(name, value);

        var text = new TextPart(TextFormat.Plain);
        text.SetText(Encoding.UTF8, message.TextBody);
        var html = new TextPart(TextFormat.Html);
        html.SetText(Encoding.UTF8, message.HtmlBody);
        mime.Body = new MultipartAlternative { text, html };
        return mime;
    }
}
