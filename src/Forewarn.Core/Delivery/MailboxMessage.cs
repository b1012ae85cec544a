namespace Forewarn.Core.Delivery;

/// <summary>A mail received by the built-in development mailbox (M3), kept as raw MIME.</summary>
public class MailboxMessage
{
    public long Id { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string EnvelopeFrom { get; set; } = "";
    public string EnvelopeTo { get; set; } = "";
    public string Subject { get; set; } = "";
    /// <summary>Lower-case email of the user the mail was prepared for (<c>X-Forewarn-Prepared-For</c>): the one who may read it.</summary>
    public string PreparedFor { get; set; } = "";
    public required byte[] Raw { get; set; }
}
