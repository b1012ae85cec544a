using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Core.Delivery;

public static class DeliveryRegistration
{
    /// <summary>
    /// The SMTP sender, the outbox dispatcher, the mailbox queries and, when no SMTP host is configured,
    /// the development mailbox (a hosted service: it runs where the host starts hosted services).
    /// </summary>
    public static IServiceCollection AddForewarnDelivery(this IServiceCollection services, ForewarnOptions options)
    {
        services.AddSingleton<DevelopmentMailboxEndpoint>();
        services.AddSingleton<SmtpMailSender>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<ListMailbox>();
        services.AddScoped<OpenMailboxMessage>();
        if (string.IsNullOrWhiteSpace(options.Smtp.Host))
            services.AddHostedService<DevelopmentMailbox>();
        return services;
    }
}
