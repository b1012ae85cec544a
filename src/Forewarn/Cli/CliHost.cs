using System.CommandLine;
using Forewarn.Core;
using Forewarn.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Forewarn.Cli;

/// <summary>The host a CLI verb runs in: configuration from appsettings and <c>Forewarn__*</c>, the database migrated.</summary>
public static class CliHost
{
    /// <summary>Exit codes shared by every verb (README).</summary>
    public const int ExitBadInput = 2, ExitCannotStart = 3;

    /// <summary>A whole-number option whose parse error a person can read ("--days: 'abc' is not a whole number"), not .NET's type name.</summary>
    public static Option<int> WholeNumber(this Option<int> option)
    {
        option.CustomParser = r => ParseWholeNumber(r, option.Name) ?? 0;
        return option;
    }

    /// <inheritdoc cref="WholeNumber(Option{int})"/>
    public static Option<int?> WholeNumber(this Option<int?> option)
    {
        option.CustomParser = r => ParseWholeNumber(r, option.Name);
        return option;
    }

    private static int? ParseWholeNumber(System.CommandLine.Parsing.ArgumentResult result, string name)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
            return value;
        result.AddError($"{name}: '{text}' is not a whole number{(long.TryParse(text, out _) ? $" from {int.MinValue} to {int.MaxValue}" : "")}.");
        return null;
    }

    /// <summary>
    /// Starts the host and runs <paramref name="body"/> in it. A wrong setting prints what is wrong and exits 2; a database
    /// (or mailbox port) that cannot be reached exits 3; neither prints a stack trace.
    /// </summary>
    public static async Task<int> RunAsync(string verb, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken ct,
        bool runHostedServices = true)
    {
        IHost host;
        try
        {
            host = await StartAsync(ct, runHostedServices);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"forewarn {verb}: a setting is wrong:");
            foreach (var failure in e is OptionsValidationException v ? v.Failures : [e.Message])
                await Console.Error.WriteLineAsync("  " + failure);
            return ExitBadInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"forewarn {verb}: could not start: {e.GetBaseException().Message}");
            return ExitCannotStart;
        }
        using (host)
        {
            var code = await body(host.Services, ct);
            await host.StopAsync(CancellationToken.None);
            return code;
        }
    }

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
        // A lost race for a decision (D5) is expected and handled; EF would log each one as an error.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", Microsoft.Extensions.Logging.LogLevel.Critical);
        // Logs go to stderr: stdout carries a verb's result (e.g. --json) and must stay parseable.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
        builder.Services.AddForewarnCore(builder.Configuration);
        var host = builder.Build();
        // Settings first: a wrong one is named before anything touches the database.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        await using (var scope = host.Services.CreateAsyncScope())
            await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<ForewarnDbContext>(), ct);
        if (runHostedServices) await host.StartAsync(ct);
        return host;
    }
}
