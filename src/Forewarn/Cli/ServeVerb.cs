using System.CommandLine;
using Forewarn.Web;
using Microsoft.Extensions.Options;

namespace Forewarn.Cli;

/// <summary>`forewarn serve` (and `forewarn` alone): the web UI, the mailbox and the scheduler.</summary>
public static class ServeVerb
{
    public const int ExitRefused = 2;

    public static Command Create()
    {
        var command = new Command("serve", "Serve the web UI, the development mailbox and the scheduled jobs (the default verb).");
        var urls = UrlsOption();
        command.Options.Add(urls);
        command.SetAction((ParseResult r, CancellationToken ct) => RunAsync(r.GetValue(urls)!, r.InvocationConfiguration.Error, ct));
        return command;
    }

    /// <summary>`forewarn` with no verb serves.</summary>
    public static void Configure(RootCommand root)
    {
        var urls = UrlsOption();
        root.Options.Add(urls);
        root.SetAction((ParseResult r, CancellationToken ct) => RunAsync(r.GetValue(urls)!, r.InvocationConfiguration.Error, ct));
    }

    private static Option<string> UrlsOption() => new("--urls")
    {
        Description = "Where to listen, ';'-separated (e.g. http://0.0.0.0:5080 for every interface; every page requires sign-in).",
        DefaultValueFactory = _ => ForewarnWebApp.DefaultUrls,
    };

    public static async Task<int> RunAsync(string urls, TextWriter error, CancellationToken ct)
    {
        if (ListenAddresses.Problem(urls, "--urls") is { } refusal)
        {
            await error.WriteLineAsync(refusal);
            return ExitRefused;
        }
        WebApplication app;
        try
        {
            app = ForewarnWebApp.Build(urls);
        }
        catch (Exception e) when (e is InvalidOperationException or OptionsValidationException)
        {
            // Building only registers services and reads settings: what fails here is a setting that cannot be read
            // (e.g. Forewarn:Database:Provider=Oracle) or is refused; the message names it.
            await Refuse(error, e);
            return ExitRefused;
        }
        await using (app)
        {
            try
            {
                await ForewarnWebApp.StartAsync(app, ct);
            }
            catch (OptionsValidationException e)
            {
                await Refuse(error, e);
                return ExitRefused;
            }
            await app.WaitForShutdownAsync(ct);
            return 0;
        }
    }

    private static async Task Refuse(TextWriter error, Exception e)
    {
        await error.WriteLineAsync("Forewarn cannot start, a setting is wrong:");
        foreach (var failure in e is OptionsValidationException v ? v.Failures : [e.Message])
            await error.WriteLineAsync("  " + failure);
    }
}
