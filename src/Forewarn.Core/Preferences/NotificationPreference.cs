namespace Forewarn.Core.Preferences;

/// <summary>One user's notification choices for one Smart Account (§2).</summary>
public class NotificationPreference
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int SmartAccountId { get; set; }
    public bool DailyEventSummary { get; set; }
    public bool StatusNotification { get; set; }
    /// <summary>New users: every type selected (N2).</summary>
    public NotificationTypes Events { get; set; } = NotificationTypes.All;
    /// <summary>N3: one of <see cref="ExpiringRange.Options"/>, or null for none.</summary>
    public int? ExpiringRangeDays { get; set; }
    /// <summary>N5: normalised, comma-separated, lower-case; empty when none.</summary>
    public string AdditionalEmails { get; set; } = "";

    public IReadOnlyList<string> AdditionalEmailList =>
        AdditionalEmails.Length == 0 ? [] : AdditionalEmails.Split(',');
}
