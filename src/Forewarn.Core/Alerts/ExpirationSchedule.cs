namespace Forewarn.Core.Alerts;

/// <summary>
/// A1–A3 as pure rules over calendar dates in the Smart Account's zone: which expiration alert, if any, a license
/// line gets today, given the thresholds already raised for its current expiry date.
/// </summary>
public static class ExpirationSchedule
{
    /// <summary>A1 default: days before expiry.</summary>
    public static readonly IReadOnlyList<int> Default = [90, 60, 30, 17, 7, 4, 3];

    /// <summary>Minor at 90/60/30 days, Major from 17 days (A1).</summary>
    public const int MajorFromDays = 17;

    public static AlertSeverity SeverityFor(int threshold) => threshold <= MajorFromDays ? AlertSeverity.Major : AlertSeverity.Minor;

    /// <summary>
    /// A2: the threshold to raise today, or null. A threshold is passed when days left ≤ threshold; only the nearest
    /// passed threshold (the smallest) is considered, and only if it was not raised for this expiry date: after missed
    /// runs or on first import, one alert, never several; never for a line already expired.
    /// </summary>
    public static int? ThresholdToRaise(DateOnly today, DateOnly expiry, IReadOnlyList<int> schedule, IReadOnlySet<int> raisedForThisExpiry)
    {
        var daysLeft = expiry.DayNumber - today.DayNumber;
        if (daysLeft < 0) return null;
        int? nearest = null;
        foreach (var t in schedule)
            if (daysLeft <= t && (nearest is null || t < nearest)) nearest = t;
        return nearest is int n && !raisedForThisExpiry.Contains(n) ? n : null;
    }

    /// <summary>
    /// A3: LicensesExpired is raised from the day after expiry (a line is valid through its expiry date), once per
    /// expiry date, unless the expiring alert was dismissed.
    /// </summary>
    public static bool ShouldRaiseExpired(DateOnly today, DateOnly expiry, bool alreadyRaised, bool expiringAlertDismissed) =>
        today > expiry && !alreadyRaised && !expiringAlertDismissed;
}
