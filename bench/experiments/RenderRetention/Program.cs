using Forewarn.Core.Delivery;
using Forewarn.Core.Digest;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

// Renders the same 1000-row digest 200 times through one EmailHtmlRenderer (as the app does: it is a singleton),
// then through a fresh renderer each time, and prints the live heap after a full collection.
var services = new ServiceCollection().BuildServiceProvider();
var rows = Enumerable.Range(0, 1000).Select(i => new ExpiringLineRow($"License {i}", "EMEA", 5, new DateOnly(2026, 12, 10), 7)).ToList();
var model = new DigestModel("Acme", "acme.example.com", "UTC", new DateOnly(2026, 12, 3), "Ann", "ann@acme.example.com", [], 90, rows,
    "https://ordering.example.com/renew");

await using var shared = new EmailHtmlRenderer(services, NullLoggerFactory.Instance);
foreach (var mode in new[] { "shared renderer", "fresh renderer per mail" })
{
    for (var i = 1; i <= 200; i++)
    {
        if (mode == "shared renderer") await new DigestEmail(shared).RenderAsync(model);
        else
        {
            await using var fresh = new EmailHtmlRenderer(services, NullLoggerFactory.Instance);
            await new DigestEmail(fresh).RenderAsync(model);
        }
        if (i % 50 == 0) Console.WriteLine($"{mode}: {i} digests of 1000 rows rendered, live heap {GC.GetTotalMemory(true) / 1048576} MB");
    }
}
