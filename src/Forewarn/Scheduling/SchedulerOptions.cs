using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Forewarn.Scheduling;

/// <summary>The <c>Forewarn:Scheduler</c> section: the jobs <c>forewarn serve</c> runs.</summary>
public sealed class SchedulerOptions : IValidatableObject
{
    public const string Section = "Forewarn:Scheduler";

    /// <summary>Off: this process serves pages only (e.g. a second web node while another runs the jobs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for Smart Accounts whose digest hour has come (D1).</summary>
    public TimeSpan DigestCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often to deliver what waits in the outbox (M1).</summary>
    public TimeSpan OutboxDrainInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often to send the status notifications whose coalescing window has passed (A6).</summary>
    public TimeSpan StatusNotificationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often to run the product-instance lifecycle: renewals, retries, grace periods (L1–L6).</summary>
    public TimeSpan LifecycleInterval { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(DigestCheckInterval), DigestCheckInterval), (nameof(OutboxDrainInterval), OutboxDrainInterval),
                     (nameof(StatusNotificationInterval), StatusNotificationInterval), (nameof(LifecycleInterval), LifecycleInterval) })
            if (value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromHours(1))
                yield return new ValidationResult($"{Section}:{name} must be between 00:00:01 and 01:00:00 (got {value}).", [name]);
    }

    /// <summary>Read and validated now, because the triggers are built from it at registration.</summary>
    public static SchedulerOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        if (results.Count > 0)
            throw new OptionsValidationException(Section, typeof(SchedulerOptions), results.Select(r => r.ErrorMessage ?? ""));
        return options;
    }
}
