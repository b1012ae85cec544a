using Forewarn.Core.Inventory;

namespace Forewarn.Core.Digest;

/// <summary>Everything one digest email shows; the text and the HTML part are both rendered from it (D6).</summary>
public sealed record DigestModel(
    string SmartAccountName,
    string SmartAccountDomain,
    string TimeZone,
    DateOnly DigestDate,
    string RecipientName,
    string RecipientEmail,
    IReadOnlyList<DigestEventGroup> EventGroups,
    int? RangeDays,
    IReadOnlyList<ExpiringLineRow> Expiring,
    string OrderingUrl,
    string? CopyTo = null)
{
    /// <summary>Who the mail is for, in words: the recipient, or the admin whose additional address gets a copy (N5).</summary>
    public string PreparedFor => CopyTo is null
        ? $"Prepared for {RecipientName} <{RecipientEmail}>"
        : $"A copy of the summary prepared for {RecipientName} <{RecipientEmail}>, sent to {CopyTo}";

    public string Reason => CopyTo is null
        ? "You receive this summary because Daily Event Summary is on in your Forewarn preferences for this Smart Account."
        : $"{CopyTo} receives this copy because {RecipientName}, a Smart Account admin, added it as an additional email address in their Forewarn preferences.";

    public DateOnly EventsDate => DigestDate.AddDays(-1);
    public int EventCount => EventGroups.Sum(g => g.Events.Count);
    /// <summary>D4: nothing to tell.</summary>
    public bool IsEmpty => EventCount == 0 && Expiring.Count == 0;
}

public sealed record DigestEventGroup(EventType Type, IReadOnlyList<DigestEventRow> Events);

/// <param name="LocalTime">The event's time in the account's zone, <c>yyyy-MM-dd HH:mm</c>.</param>
public sealed record DigestEventRow(DateTime AtUtc, string LocalTime, string? VirtualAccount, EventType Type, string Message);

public sealed record ExpiringLineRow(string License, string VirtualAccount, int Quantity, DateOnly Expires, int DaysLeft)
{
    public string DaysLeftText => DigestWindow.DaysLeftText(DaysLeft);

    /// <summary>The D6 plain-text line.</summary>
    public string TextLine => $"- {License} | {VirtualAccount} | qty {Quantity} | expires {Expires:yyyy-MM-dd} | {DaysLeftText}";
}
