namespace Forewarn.Core.Digest;

public enum DigestOutcome { Sent, SkippedEmpty }

/// <summary>The decision taken for one (recipient, Smart Account, digest date): unique, so D5 holds across processes.</summary>
public class DigestRecord
{
    public long Id { get; set; }
    public int SmartAccountId { get; set; }
    public int UserId { get; set; }
    public DateOnly DigestDate { get; set; }
    public DigestOutcome Outcome { get; set; }
    public int EventCount { get; set; }
    public int ExpiringLineCount { get; set; }
    public DateTime DecidedAt { get; set; }
}
