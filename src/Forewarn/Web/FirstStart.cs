using Forewarn.Core.Data;
using Forewarn.Core.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Web;

/// <summary>What <c>forewarn serve</c> does before it listens: migrate, and on an empty database import the bundled sample.</summary>
public static class FirstStart
{
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken ct)
    {
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirstStart).FullName!);
        var options = services.GetRequiredService<IOptions<ServeOptions>>().Value;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForewarnDbContext>();

        await DatabaseSetup.MigrateAsync(db, ct);
        log.LogInformation("Database ready ({Provider})", db.Database.ProviderName);

        var accounts = await db.SmartAccounts.CountAsync(ct);
        if (accounts > 0)
        {
            log.LogInformation("The database holds {SmartAccounts} Smart Account(s); the bundled sample is not imported", accounts);
            return;
        }
        if (!options.ImportSampleOnFirstStart)
        {
            log.LogInformation("The database is empty and {Setting} is off: starting without data", $"{ServeOptions.Section}:ImportSampleOnFirstStart");
            return;
        }

        var path = options.ResolvedSamplePath;
        var json = await File.ReadAllTextAsync(path, ct);
        var result = await scope.ServiceProvider.GetRequiredService<ImportInventory>().HandleAsync(new(json), ct);
        if (result is { Succeeded: true, Imported: { } n })
            log.LogInformation(
                "The database was empty: imported the bundled sample {Path}: {SmartAccounts} Smart Accounts, {VirtualAccounts} Virtual Accounts, " +
                "{Licenses} licenses ({LicenseLines} lines), {ProductInstances} product instances, {Users} users, {Events} events",
                path, n.SmartAccounts, n.VirtualAccounts, n.Licenses, n.LicenseLines, n.ProductInstances, n.Users, n.Events);
        else
            // A broken sample must not keep the server from starting: the UI still works and `forewarn import` can fill it.
            log.LogError("The bundled sample {Path} was refused, starting without data:\n{Errors}",
                path, string.Join("\n", result.Errors.Select(e => "  " + e)));
    }
}
