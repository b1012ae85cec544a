namespace Forewarn.Core.Delivery;

public enum OutboxStatus { Pending, Sent, Failed }

/// <summary>
/// A mail waiting to be delivered (M1). Written in the same transaction as the decision to send;
/// the idempotency key makes a second decision for the same mail impossible (D5).
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>e.g. <c>daily-summary|acme-networks.com|2026-12-03|alice@acme-networks.com</c>.</summary>
    public required string IdempotencyKey { get; set; }
    /// <summary>Value of <c>X-Forewarn-Kind</c>: <c>daily-summary</c>, <c>status-notification</c>.</summary>
    public required string Kind { get; set; }
    public required string SmartAccountDomain { get; set; }
    public required string Recipient { get; set; }
    public string? RecipientName { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    /// <summary>Further headers, one <c>Name: value</c> per line (e.g. <c>X-Forewarn-Date</c>).</summary>
    public string ExtraHeaders { get; set; } = "";
    /// <summary>Deterministic from the idempotency key, so a receiver can fold a redelivery after a crash.</summary>
    public required string MessageId { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    /// <summary>Which dispatcher holds the message, until when; lets several processes drain one outbox.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }

    public IEnumerable<KeyValuePair<string, string>> Headers() =>
        ExtraHeaders.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 2))
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p.Length > 1 ? p[1].Trim() : ""));

    public static string FormatHeaders(IEnumerable<KeyValuePair<string, string>> headers) =>
        string.Join("\n", headers.Select(h => $"{h.Key}: {h.Value}"));
}
