using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forewarn.Core.StatusNotifications;

public static class StatusNotificationsRegistration
{
    /// <summary>The status notification run (A6, A7), its email and its settings, validated on start.</summary>
    public static IServiceCollection AddForewarnStatusNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StatusNotificationOptions>().Bind(configuration.GetSection(StatusNotificationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatusNotificationOptions>, Alerts.SettingsValidator<StatusNotificationOptions>>();
        services.AddScoped<SendStatusNotifications>();
        services.AddScoped<StatusNotificationEmail>();
        return services;
    }
}
