using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Forewarn.Tests.Infrastructure;
using Forewarn.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forewarn.Tests.Web;

/// <summary>
/// The real web application (<see cref="ForewarnWebApp"/>, as <c>forewarn serve</c> builds it) on a real Kestrel port
/// on 127.0.0.1, over a <see cref="TestDatabase"/>, with the clock the test gives. The scheduler and the first-start
/// sample import are off unless a test turns them on.
/// </summary>
public sealed class TestWebApp : IAsyncDisposable
{
    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    public LogCapture Logs { get; }

    private TestWebApp(WebApplication app, Uri baseAddress, LogCapture logs) { App = app; BaseAddress = baseAddress; Logs = logs; }

    /// <param name="urls">Where to listen; the app is reached on 127.0.0.1 at the bound port whatever the host.</param>
    public static async Task<TestWebApp> StartAsync(TestDatabase db, TimeProvider clock, IDictionary<string, string?>? settings = null,
        string urls = "http://127.0.0.1:0")
    {
        var all = db.Settings();
        all["Forewarn:Scheduler:Enabled"] = "false";
        all["Forewarn:Serve:ImportSampleOnFirstStart"] = "false";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;

        var logs = new LogCapture();
        var app = ForewarnWebApp.Build(urls, builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.Services.AddSingleton(clock);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });
        await ForewarnWebApp.StartAsync(app, CancellationToken.None);
        var bound = new Uri(ForewarnWebApp.Addresses(app).Single());
        return new TestWebApp(app, new UriBuilder(bound) { Host = "127.0.0.1" }.Uri, logs);
    }

    /// <summary>A client that keeps cookies (for anti-forgery) and does not follow redirects, so tests see them.</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

    /// <summary>
    /// A client signed in as <paramref name="email"/> the way a person does it: GET /signin, POST the form with its
    /// anti-forgery token; the client keeps the sign-in cookie.
    /// </summary>
    public async Task<HttpClient> SignInAsync(string email, string password = Seed.Password)
    {
        var client = NewClient();
        using var response = await PostSignInAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in as {email}: expected a redirect, got {response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Posts the real sign-in form (token from a fresh GET); the caller reads the response.</summary>
    public async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var page = await GetDocumentAsync(client, "/signin" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)));
        var form = page.QuerySelector("form.signin-form")!;
        return await client.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form),
            ["ReturnUrl"] = form.QuerySelector("input[name=ReturnUrl]")?.GetAttribute("value") ?? "",
            ["Email"] = email,
            ["Password"] = password,
        }));
    }

    /// <summary>The anti-forgery token of a form (or of the first form in a page).</summary>
    public static string Token(AngleSharp.Dom.IParentNode form) =>
        form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The form has no anti-forgery token.");

    public async Task<IHtmlDocument> GetDocumentAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: expected {expected}, got {response.StatusCode}\n{html}");
        return new HtmlParser().ParseDocument(html);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Keeps every log line the app writes, so tests can assert what start-up reported.</summary>
public sealed class LogCapture : ILoggerProvider
{
    public sealed record Entry(string Category, LogLevel Level, string Message);

    private readonly ConcurrentQueue<Entry> _entries = new();
    public IReadOnlyList<Entry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue(new(category, logLevel, formatter(state, exception)));
        }
    }
}
