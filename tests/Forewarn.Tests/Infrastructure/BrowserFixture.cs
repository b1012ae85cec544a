using Microsoft.Playwright;

namespace Forewarn.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the browser tests: the Debian package at /usr/bin/chromium (FOREWARN_CHROMIUM overrides),
/// driven by Playwright's bundled driver. Nothing is downloaded: never run `playwright install`.
/// Use with <c>[Collection(BrowserCollection.Name)]</c> and take the fixture in the constructor.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumVariable = "FOREWARN_CHROMIUM";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"No Chromium at {ChromiumPath}: install the Debian package (scripts/test.sh does) or set {ChromiumVariable}.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh context (own cookies) and page; dispose the context when done.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(string baseUrl)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // The machine is shared with other builds: allow a slow step rather than fail on Playwright's 30 s default.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return (context, await context.NewPageAsync());
    }

    /// <summary>Where screenshots go: artifacts/screenshots/ at the repository root.</summary>
    public static string ScreenshotPath(string fileName)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Forewarn.slnx"))) dir = dir.Parent;
        var root = Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "artifacts", "screenshots");
        Directory.CreateDirectory(root);
        return Path.Combine(root, fileName);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
