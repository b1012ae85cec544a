using Forewarn.Api;
using Forewarn.Core;
using Forewarn.Scheduling;
using Forewarn.Web.Mailbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Forewarn.Web;

/// <summary>The web application of <c>forewarn serve</c>: Razor Pages over the Core handlers, the mailbox, the scheduler.</summary>
public static class ForewarnWebApp
{
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Builds the application listening on <paramref name="urls"/>.</summary>
    /// <param name="configure">
    /// Runs before anything is registered, so tests can add settings and services; Core registers TimeProvider with
    /// TryAdd, so a FakeTimeProvider added here is the one the app uses.
    /// </param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A setting is wrong (the message names it).</exception>
    public static WebApplication Build(string urls, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The pages and static files live in this assembly, whichever process (the CLI or a test) hosts it.
            ApplicationName = typeof(ForewarnWebApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        // Keys protect only the anti-forgery and status cookies and sit beside the database, which is no more encrypted.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        configure?.Invoke(builder);

        builder.WebHost.UseUrls(urls);

        builder.Services.AddForewarnCore(builder.Configuration);
        builder.Services.AddOptions<ServeOptions>().Bind(builder.Configuration.GetSection(ServeOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddForewarnScheduler(builder.Configuration);
        builder.Services.AddScoped<MailboxQueries>();
        builder.Services.AddForewarnAuthentication();
        builder.Services.AddForewarnApi();
        builder.Services.AddRazorPages();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "forewarn.antiforgery";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends DENY
        });
        var dataDirectory = ServiceRegistration.ReadOptions(builder.Configuration).DataDirectory;
        builder.Services.AddDataProtection()
            .SetApplicationName("forewarn")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDirectory), "keys")));

        var app = builder.Build();
        // Static files are embedded in the assembly, so they are found from any working directory and in tests.
        app.Environment.WebRootFileProvider = new EmbeddedFileProvider(typeof(ForewarnWebApp).Assembly, "Forewarn.wwwroot");
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error");
        // An empty 4xx page (unknown path, bad route value) gets a readable page; the API keeps its ProblemDetails.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseStatusCodePagesWithReExecute("/error", "?status={0}"));
        app.UseSecurityHeaders();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapMailboxHtml();
        app.MapForewarnApi();
        Agent.AgentEndpoints.MapAgentApi(app); // /api/agent/v1: product instances (L5), with their own credentials
        return app;
    }

    /// <summary>Checks every setting now, before anything touches the database (a wrong one names itself).</summary>
    public static void ValidateSettings(WebApplication app) => app.Services.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>Validate, migrate, import the sample (with its demo passwords) on first start, and listen.</summary>
    public static async Task StartAsync(WebApplication app, CancellationToken ct)
    {
        ValidateSettings(app);
        await FirstStart.PrepareAsync(app.Services, ct);
        await app.StartAsync(ct);
    }

    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
