using Forewarn.Core;
using Forewarn.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forewarn.Cli;

/// <summary>The host a CLI verb runs in: configuration from appsettings and <c>Forewarn__*</c>, the database migrated.</summary>
public static class CliHost
{
    public static async Task<IHost> StartAsync(CancellationToken ct)
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
        await host.StartAsync(ct);
        return host;
    }
}
