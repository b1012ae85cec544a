using System.Security.Cryptography;
using System.Text;

namespace Forewarn.Core.Delivery;

/// <summary>Builds the outbox row for a decided mail; the Message-Id derives from the idempotency key.</summary>
public static class OutboxEntry
{
    public static OutboxMessage Create(string kind, string idempotencyKey, string smartAccountDomain,
        string recipient, string? recipientName, string subject, string text, string html,
        IEnumerable<KeyValuePair<string, string>> headers, DateTime nowUtc) => new()
    {
        IdempotencyKey = idempotencyKey,
        Kind = kind,
        SmartAccountDomain = smartAccountDomain,
        Recipient = recipient,
        RecipientName = recipientName,
        Subject = subject,
        TextBody = text,
        HtmlBody = html,
        ExtraHeaders = OutboxMessage.FormatHeaders(headers.Where(h => h.Key is not ("X-Forewarn-Kind" or "X-Forewarn-Smart-Account"))),
        MessageId = MessageIdFor(idempotencyKey),
        CreatedAt = nowUtc,
        NextAttemptAt = nowUtc,
    };

    public static string MessageIdFor(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32] + "@forewarn";
}
