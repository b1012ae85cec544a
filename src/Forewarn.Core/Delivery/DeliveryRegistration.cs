using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Core.Delivery;

public static class DeliveryRegistration
{
    /// <summary>The outbox dispatcher, the SMTP sender and, when no SMTP host is set, the development mailbox. (Being built.)</summary>
    public static IServiceCollection AddForewarnDelivery(this IServiceCollection services, ForewarnOptions options)
    {
        _ = options;
        return services;
    }
}
