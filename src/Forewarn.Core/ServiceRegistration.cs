using Forewarn.Core.Alerts;
using Forewarn.Core.Data;
using Forewarn.Core.Delivery;
using Forewarn.Core.StatusNotifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Forewarn.Core;

public static class ServiceRegistration
{
    /// <summary>Everything Forewarn.Core needs: options (validated on start), the database, handlers, delivery.</summary>
    public static IServiceCollection AddForewarnCore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ForewarnOptions.Section);
        services.AddOptions<ForewarnOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var options = section.Get<ForewarnOptions>() ?? new ForewarnOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddForewarnDatabase(configuration, options);

        // Handlers: one use case a class (STYLE.md).
        services.AddScoped<Import.ImportInventory>();
        services.AddScoped<Digest.RunDailySummary>();
        services.AddScoped<Digest.DigestEmail>();
        services.AddSingleton<Delivery.EmailHtmlRenderer>();
        services.AddScoped<Digest.RunDueDailySummaries>();
        services.AddScoped<Alerts.RunDueAlerts>();
        services.AddScoped<Inventory.ListSmartAccounts>();
        services.AddScoped<Inventory.ListLicenses>();
        services.AddScoped<Inventory.ListProductInstances>();
        services.AddScoped<Inventory.ListEvents>();
        services.AddScoped<Inventory.ExportEventLog>();
        services.AddScoped<Preferences.GetPreferences>();
        services.AddScoped<Preferences.SavePreferences>();
        services.AddScoped<Accounts.AddUser>();
        services.AddScoped<Accounts.SetPassword>();
        services.AddScoped<Accounts.SignIn>();
        services.AddScoped<Accounts.ValidateSession>();
        services.AddScoped<Accounts.CreateApiToken>();
        services.AddScoped<Accounts.RevokeApiToken>();
        services.AddScoped<Accounts.AuthenticateApiToken>();
        services.AddScoped<Accounts.GetMe>();
        services.AddScoped<Accounts.ListDemoUsers>();
        services.AddScoped<Delivery.MailboxReader>();
        services.AddForewarnAlerts(configuration);
        services.AddForewarnStatusNotifications(configuration);
        services.AddForewarnDelivery(options);
        Lifecycle.LifecycleRegistration.AddForewarnLifecycle(services, configuration);
        return services;
    }

    public static ForewarnOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(ForewarnOptions.Section).Get<ForewarnOptions>() ?? new ForewarnOptions();
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, true);
        if (results.Count > 0) throw new OptionsValidationException(ForewarnOptions.Section, typeof(ForewarnOptions), results.Select(r => r.ErrorMessage ?? ""));
        return options;
    }
}
