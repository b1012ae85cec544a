using Forewarn.Core;
using Forewarn.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forewarn.Cli;

/// <summary>The host a CLI verb runs in: configuration from appsettings and <c>Forewarn__*</c>, the database migrated.</summary>
public static class CliHost
{
    /// <param name="runHostedServices">
    /// False for verbs that only touch the database (user, token): they must not start the development mailbox, which
    /// may be listening on its configured port in a running <c>forewarn serve</c>.
    /// </param>
    public static async Task<IHost> StartAsync(CancellationToken ct, bool runHostedServices = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production",
        });
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        // Logs go to stderr: stdout carries a verb's result (e.g. --json) and must stay parseable.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
        builder.Services.AddForewarnCore(builder.Configuration);
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
            await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<ForewarnDbContext>(), ct);
        if (runHostedServices) await host.StartAsync(ct);
        return host;
    }
}
