using System.ComponentModel.DataAnnotations;

namespace Forewarn.Core.StatusNotifications;

/// <summary>The <c>Forewarn:StatusNotifications</c> section (environment: <c>Forewarn__StatusNotifications__...</c>), validated on start.</summary>
public sealed class StatusNotificationOptions : IValidatableObject
{
    public const string Section = "Forewarn:StatusNotifications";

    /// <summary>
    /// A6: changes of one Smart Account wait until its oldest waiting change is this old, so everything that happens within
    /// the window goes out as one email per recipient. The daily run does not wait (it flushes).
    /// </summary>
    public TimeSpan CoalescingWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most changes one run takes (and one email lists) at a time; more make further emails.</summary>
    public int MaxChangesPerEmail { get; set; } = 2000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CoalescingWindow < TimeSpan.Zero || CoalescingWindow > TimeSpan.FromDays(1))
            yield return new ValidationResult($"{Section}:CoalescingWindow must be between 00:00:00 and 1.00:00:00 (got {CoalescingWindow}).",
                [nameof(CoalescingWindow)]);
        if (MaxChangesPerEmail is < 1 or > 100_000)
            yield return new ValidationResult($"{Section}:MaxChangesPerEmail must be 1-100000 (got {MaxChangesPerEmail}).", [nameof(MaxChangesPerEmail)]);
    }
}
