using System.Globalization;
using System.Text.RegularExpressions;
using Forewarn.Core.Time;

namespace Forewarn.Core.Inventory;

/// <summary>One end of an Event Log period: a calendar date in the Smart Account's zone, or an exact instant.</summary>
public readonly partial record struct PeriodBound
{
    public DateOnly? Date { get; }
    public DateTimeOffset? Instant { get; }

    private PeriodBound(DateOnly? date, DateTimeOffset? instant) { Date = date; Instant = instant; }

    public static PeriodBound OnDate(DateOnly date) => new(date, null);
    public static PeriodBound At(DateTimeOffset instant) => new(null, instant);

    /// <summary>
    /// <c>yyyy-MM-dd</c> (a whole day in the account's zone) or an ISO 8601 instant with <c>Z</c> or an offset
    /// (<c>2026-12-01T09:30:00Z</c>, <c>2026-12-01T09:30:00.5-05:00</c>). A local time without an offset is refused:
    /// it would mean a different instant for every reader.
    /// </summary>
    /// <returns>Null when valid; otherwise why not, to follow the parameter's name.</returns>
    public static string? TryParse(string text, out PeriodBound bound)
    {
        bound = default;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            bound = OnDate(date);
            return null;
        }
        if (InstantPattern().IsMatch(text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            bound = At(instant);
            return null;
        }
        return LocalTimePattern().IsMatch(text)
            ? $"'{text}' has no time zone: add Z or an offset such as +01:00, or give a date yyyy-MM-dd."
            : $"'{text}' is neither a date (yyyy-MM-dd) nor an instant (yyyy-MM-ddTHH:mm:ssZ or with an offset).";
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$")]
    private static partial Regex LocalTimePattern();
}

/// <summary>
/// Which part of the Event Log to list: events with <c>from ≤ at &lt; to</c>. A date <c>from</c> starts at the
/// beginning of that day and a date <c>to</c> includes the whole of that day, both in the Smart Account's zone.
/// Without <c>to</c> the period ends with today; without <c>from</c> it spans <see cref="DefaultDays"/> calendar days
/// ending with the <c>to</c> day.
/// </summary>
public sealed record EventPeriod(PeriodBound? From = null, PeriodBound? To = null)
{
    public const int DefaultDays = 30;

    /// <summary>The period as UTC instants [FromUtc, ToUtc) for an account whose zone is <paramref name="zone"/>.</summary>
    public (DateTime FromUtc, DateTime ToUtc) Resolve(TimeZoneInfo zone, DateOnly today)
    {
        var toUtc = To switch
        {
            { Date: DateOnly d } => AccountClock.StartOfDayUtc(d.AddDays(1), zone),
            { Instant: DateTimeOffset i } => i.UtcDateTime,
            _ => AccountClock.StartOfDayUtc(today.AddDays(1), zone),
        };
        var lastDay = To switch
        {
            { Date: DateOnly d } => d,
            { Instant: DateTimeOffset i } => AccountClock.LocalDate(i.UtcDateTime, zone),
            _ => today,
        };
        var fromUtc = From switch
        {
            { Date: DateOnly d } => AccountClock.StartOfDayUtc(d, zone),
            { Instant: DateTimeOffset i } => i.UtcDateTime,
            _ => AccountClock.StartOfDayUtc(lastDay.AddDays(1 - DefaultDays), zone),
        };
        return (fromUtc, toUtc);
    }

    /// <summary>
    /// A period that ends before it starts, or is empty, is refused, naming <c>to</c> (or <c>from</c> when <c>to</c> is the
    /// default end of today).
    /// </summary>
    public IReadOnlyList<FieldError> Check(TimeZoneInfo zone, DateOnly today)
    {
        var (fromUtc, toUtc) = Resolve(zone, today);
        if (fromUtc < toUtc) return [];
        if (To is null)
            return [new FieldError("from", $"is after the end of today ({today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}), where the period ends when no 'to' is given.")];
        // A date 'to' ends where its day ends, so meeting 'from' exactly means the day is before it.
        return fromUtc == toUtc && To.Value.Instant is not null
            ? [new FieldError("to", "is the same instant as 'from': the period would be empty.")]
            : [new FieldError("to", "is before 'from'.")];
    }
}
