using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Lifecycle;

/// <summary>The <c>Forewarn:Lifecycle</c> settings (L6): every period and the retry interval, as TimeSpans ("30.00:00:00").</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Forewarn:Lifecycle";

    /// <summary>L1: registration is renewed this often.</summary>
    public TimeSpan RegistrationRenewal { get; set; } = TimeSpan.FromDays(30);
    /// <summary>L2: authorization is renewed this often.</summary>
    public TimeSpan AuthorizationRenewal { get; set; } = TimeSpan.FromDays(30);
    /// <summary>L3: an authorization period lasts this long from the last successful renewal.</summary>
    public TimeSpan AuthorizationPeriod { get; set; } = TimeSpan.FromDays(90);
    /// <summary>L3: the grace period after an authorization period ends.</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(90);
    /// <summary>L4: how often a failed renewal is retried (during grace, after it, and for registration).</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest accepted period: beyond it instants would leave the calendar Forewarn handles (2000-2999).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    public IEnumerable<string> Problems()
    {
        foreach (var (name, value) in new[]
                 {
                     (nameof(RegistrationRenewal), RegistrationRenewal), (nameof(AuthorizationRenewal), AuthorizationRenewal),
                     (nameof(AuthorizationPeriod), AuthorizationPeriod), (nameof(GracePeriod), GracePeriod),
                     (nameof(RetryInterval), RetryInterval),
                 })
        {
            if (value < TimeSpan.FromMinutes(1) || value > Longest)
                yield return $"{Section}:{name} must be between 00:01:00 and 3650.00:00:00 (got {value}).";
        }
        if (AuthorizationRenewal > AuthorizationPeriod)
            yield return $"{Section}:AuthorizationRenewal ({AuthorizationRenewal}) must not be longer than " +
                         $"{Section}:AuthorizationPeriod ({AuthorizationPeriod}): every period would lapse before its renewal.";
    }
}

public static class LifecycleRegistration
{
    /// <summary>Settings (validated on start) and the lifecycle and agent handlers.</summary>
    public static IServiceCollection AddForewarnLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LifecycleOptions>().Bind(configuration.GetSection(LifecycleOptions.Section)).ValidateOnStart();
        // One failure per wrong setting, each naming it.
        services.AddSingleton<IValidateOptions<LifecycleOptions>, LifecycleOptionsValidator>();
        services.AddScoped<RunLifecycle>();
        services.AddScoped<CreateRegistrationToken>();
        services.AddScoped<ListRegistrationTokens>();
        services.AddScoped<RegisterProductInstance>();
        services.AddScoped<AuthenticateProductInstance>();
        services.AddScoped<CheckIn>();
        services.AddScoped<ReportLicenseUsage>();
        services.AddScoped<Simulation.FleetSimulation>();
        return services;
    }

    private sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
    {
        public ValidateOptionsResult Validate(string? name, LifecycleOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
