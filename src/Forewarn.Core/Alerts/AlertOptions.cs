using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Forewarn.Core.Alerts;

/// <summary>The <c>Forewarn:Alerts</c> section (environment: <c>Forewarn__Alerts__...</c>), validated on start.</summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "Forewarn:Alerts";

    /// <summary>The longest schedule entry accepted: ten years of days.</summary>
    public const int MaxThreshold = 3650;

    /// <summary>A1: days before expiry at which an expiration alert is raised, comma-separated.</summary>
    public string Schedule { get; set; } = string.Join(",", ExpirationSchedule.Default);

    /// <summary>
    /// A3: for how many days after an expiry a missed <c>LicensesExpired</c> is still raised (when runs were missed).
    /// Also bounds which lines a run reads: expiry dates in [D − lookback, D + the largest threshold].
    /// </summary>
    public int ExpiredLookbackDays { get; set; } = 30;

    /// <summary>The parsed schedule, largest first. Only valid after validation.</summary>
    public IReadOnlyList<int> Thresholds => Parse(Schedule, out _) ?? ExpirationSchedule.Default;

    /// <summary>Parses "90, 60, 30": whole numbers of days 0–3650, no repeats, at least one; null and a reason otherwise.</summary>
    public static IReadOnlyList<int>? Parse(string? text, out string? problem)
    {
        problem = null;
        var entries = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0) { problem = "must list at least one number of days"; return null; }
        var days = new List<int>();
        foreach (var entry in entries)
        {
            if (!int.TryParse(entry, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d > MaxThreshold)
            {
                problem = $"'{entry}' is not a whole number of days from 0 to {MaxThreshold}";
                return null;
            }
            if (days.Contains(d)) { problem = $"{d} is listed twice"; return null; }
            days.Add(d);
        }
        return days.OrderDescending().ToList();
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Parse(Schedule, out var problem) is null)
            yield return new ValidationResult($"{Section}:Schedule {problem} (got '{Schedule}'); e.g. 90,60,30,17,7,4,3.", [nameof(Schedule)]);
        if (ExpiredLookbackDays is < 1 or > MaxThreshold)
            yield return new ValidationResult($"{Section}:ExpiredLookbackDays must be 1-{MaxThreshold} (got {ExpiredLookbackDays}).", [nameof(ExpiredLookbackDays)]);
    }
}
