using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Core.Alerts;

public static class AlertsRegistration
{
    /// <summary>The alert handlers (§4 A1–A5) and their settings, validated on start.</summary>
    public static IServiceCollection AddForewarnAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<RaiseExpirationAlerts>();
        services.AddScoped<CheckInsufficientLicenses>();
        services.AddScoped<RunAlerts>();
        services.AddScoped<ListAlerts>();
        services.AddScoped<DismissAlert>();
        return services;
    }
}
