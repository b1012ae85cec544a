namespace Forewarn.Core.Time;

/// <summary>Calendar arithmetic in a Smart Account's IANA time zone. Dates are <see cref="DateOnly"/>; instants are UTC.</summary>
public static class AccountClock
{
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id)) return false;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }

    public static TimeZoneInfo Zone(string id) =>
        TryFindZone(id, out var zone) ? zone : throw new ArgumentException($"Unknown IANA time zone '{id}'.", nameof(id));

    public static DateOnly Today(TimeProvider clock, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, zone));

    public static DateOnly LocalDate(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// The UTC instant at which local <paramref name="date"/> begins. Where midnight does not exist
    /// (a daylight-saving gap at 00:00), the day begins at the first local instant after the gap.
    /// </summary>
    public static DateTime StartOfDayUtc(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Step minute by minute across a gap (gaps are at most a few hours).
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        if (zone.IsAmbiguousTime(local))
        {
            // Midnight happens twice: the day starts at the first of them, i.e. the larger offset.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>[start, end) in UTC of the local calendar day <paramref name="date"/>.</summary>
    public static (DateTime StartUtc, DateTime EndUtc) DayUtc(DateOnly date, TimeZoneInfo zone) =>
        (StartOfDayUtc(date, zone), StartOfDayUtc(date.AddDays(1), zone));
}
