namespace Forewarn.Web;

/// <summary>
/// The one place the web app and the scheduler reach the outbox dispatcher (M1): the "Run daily summary" button
/// and the drain job both call <see cref="DrainAsync"/>.
/// </summary>
public sealed class OutboxDrain(IServiceProvider services)
{
    public sealed record Figures(int Sent, int Failed, int Deferred);

    /// <returns>What was delivered; null while this build has no outbox dispatcher.</returns>
    public Task<Figures?> DrainAsync(CancellationToken ct)
    {
        // PENDING(delivery branch): Core/Delivery/OutboxDispatcher is being built on the `delivery` branch.
        // When it lands, replace this body with:
        //     var report = await services.GetRequiredService<Forewarn.Core.Delivery.OutboxDispatcher>().DrainAsync(ct);
        //     return new Figures(report.Sent, report.Failed, report.Deferred);
        _ = services; _ = ct;
        return Task.FromResult<Figures?>(null);
    }
}
