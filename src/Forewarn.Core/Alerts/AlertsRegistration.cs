using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.Alerts;

public static class AlertsRegistration
{
    /// <summary>The alert handlers (§4 A1–A5) and their settings, validated on start.</summary>
    public static IServiceCollection AddForewarnAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AlertOptions>, SettingsValidator<AlertOptions>>();
        services.AddScoped<RaiseExpirationAlerts>();
        services.AddScoped<CheckInsufficientLicenses>();
        services.AddScoped<RunAlerts>();
        services.AddScoped<ListAlerts>();
        services.AddScoped<DismissAlert>();
        return services;
    }
}

/// <summary>
/// Validates a settings class by its own <see cref="IValidatableObject.Validate"/>, reporting each message as written (they
/// name the setting), without the generic "DataAnnotation validation failed for …" wrapping.
/// </summary>
internal sealed class SettingsValidator<T> : IValidateOptions<T> where T : class, IValidatableObject
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
