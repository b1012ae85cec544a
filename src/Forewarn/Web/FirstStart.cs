using Forewarn.Core.Accounts;
using Forewarn.Core.Data;
using Forewarn.Core.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forewarn.Web;

/// <summary>
/// What <c>forewarn serve</c> does before it listens: migrate, and on an empty database import the bundled sample and
/// give its users the documented demo password, so a newcomer can sign in at once (docs/decisions/0401-ui-sign-in.md).
/// </summary>
public static class FirstStart
{
    /// <summary>Documented in the README and shown on the sign-in page while any user still has it.</summary>
    public const string DemoPassword = "forewarn-demo";

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
        {
            log.LogInformation(
                "The database was empty: imported the bundled sample {Path}: {SmartAccounts} Smart Accounts, {VirtualAccounts} Virtual Accounts, " +
                "{Licenses} licenses ({LicenseLines} lines), {ProductInstances} product instances, {Users} users, {Events} events",
                path, n.SmartAccounts, n.VirtualAccounts, n.Licenses, n.LicenseLines, n.ProductInstances, n.Users, n.Events);
            await SetDemoPasswordsAsync(scope.ServiceProvider, log, ct);
        }
        else
            // A broken sample must not keep the server from starting: the UI still works and `forewarn import` can fill it.
            log.LogError("The bundled sample {Path} was refused, starting without data:\n{Errors}",
                path, string.Join("\n", result.Errors.Select(e => "  " + e)));
    }

    /// <summary>Every user of the freshly imported sample gets the demo password, marked as such (User.HasDemoPassword).</summary>
    private static async Task SetDemoPasswordsAsync(IServiceProvider services, ILogger log, CancellationToken ct)
    {
        var db = services.GetRequiredService<ForewarnDbContext>();
        var setPassword = services.GetRequiredService<SetPassword>();
        var emails = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => u.Email).ToListAsync(ct);
        foreach (var email in emails)
        {
            var set = await setPassword.HandleAsync(new SetPassword.Request(email, DemoPassword, IsDemo: true), ct);
            if (!set.IsOk)
            {
                // e.g. Forewarn:SignIn:MinimumPasswordLength set above the demo password's length: sign-in needs set-password.
                log.LogWarning("The sample users have no demo password: {Errors}; set one with `forewarn user set-password <email>`",
                    string.Join("; ", set.Errors));
                return;
            }
        }
        log.LogInformation("The {Users} sample users can sign in with the demo password '{Password}' until they set their own",
            emails.Count, DemoPassword);
    }
}
