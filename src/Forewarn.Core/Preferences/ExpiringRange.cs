namespace Forewarn.Core.Preferences;

/// <summary>N3: the expiring-license range of the digest.</summary>
public static class ExpiringRange
{
    public static readonly IReadOnlyList<int> Options = [90, 60, 30, 17, 7, 4, 3];
    public const int Preselected = 90;
    public static int Longest => Options.Max();

    public static bool IsOption(int days) => Options.Contains(days);

    /// <summary>
    /// The range actually stored: none when the digest is off or LicensesExpiring is not selected;
    /// 90 when both are on and no range was chosen; otherwise the chosen one.
    /// </summary>
    public static int? Normalise(bool dailyEventSummary, NotificationTypes events, int? chosen)
    {
        if (!dailyEventSummary || !events.HasFlag(NotificationTypes.LicensesExpiring)) return null;
        return chosen ?? Preselected;
    }
}
