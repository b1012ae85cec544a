using Forewarn.Core.Time;

namespace Forewarn.Core.Digest;

/// <summary>The two windows of a digest for date D, as pure functions (D2, D3).</summary>
public static class DigestWindow
{
    /// <summary>D2: the events of the day before D, 00:00–24:00 local, as a UTC [start, end).</summary>
    public static (DateTime StartUtc, DateTime EndUtc) EventsUtc(DateOnly digestDate, TimeZoneInfo zone) =>
        AccountClock.DayUtc(digestDate.AddDays(-1), zone);

    /// <summary>D3: a line expiring on E is listed when D ≤ E ≤ D + R, both ends inclusive.</summary>
    public static bool IsExpiringWithin(DateOnly digestDate, int rangeDays, DateOnly expiry) =>
        expiry >= digestDate && expiry <= digestDate.AddDays(rangeDays);

    /// <summary>Whole calendar days from D to E (0 = expires today).</summary>
    public static int DaysLeft(DateOnly digestDate, DateOnly expiry) => expiry.DayNumber - digestDate.DayNumber;

    /// <summary>D3/D6 wording of the days left.</summary>
    public static string DaysLeftText(int daysLeft) => daysLeft == 0 ? "expires today" : $"{daysLeft} days left";
}
