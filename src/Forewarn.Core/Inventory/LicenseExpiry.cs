namespace Forewarn.Core.Inventory;

public enum ExpiryState { Perpetual, Valid, ExpiresToday, Expired }

/// <summary>
/// How far a license line is from its expiry, in whole calendar days of the Smart Account's zone (§1: a line is
/// valid through the end of its expiry date, so on that date it "expires today" and the day after it has expired).
/// </summary>
public readonly record struct LicenseExpiry(ExpiryState State, int? DaysLeft)
{
    public static LicenseExpiry On(DateOnly today, DateOnly? expiry)
    {
        if (expiry is not DateOnly end) return new(ExpiryState.Perpetual, null);
        var days = end.DayNumber - today.DayNumber;
        var state = days switch { > 0 => ExpiryState.Valid, 0 => ExpiryState.ExpiresToday, _ => ExpiryState.Expired };
        return new(state, days);
    }

    /// <summary>"12 days left", "1 day left", "expires today", "expired 3 days ago"; empty for a perpetual line.</summary>
    public string Describe() => DaysLeft switch
    {
        null => "",
        0 => "expires today",
        1 => "1 day left",
        -1 => "expired 1 day ago",
        > 1 and var d => $"{d} days left",
        var d => $"expired {-d} days ago",
    };
}
