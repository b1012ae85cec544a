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

    public static async Task<TestWebApp> StartAsync(TestDatabase db, TimeProvider clock, IDictionary<string, string?>? settings = null)
    {
        var all = db.Settings();
        all["Forewarn:Scheduler:Enabled"] = "false";
        all["Forewarn:Serve:ImportSampleOnFirstStart"] = "false";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;

        var logs = new LogCapture();
        var app = ForewarnWebApp.Build("http://127.0.0.1:0", builder =>
        {
            builder.Configuration.AddInMemoryCollection(all);
            builder.Services.AddSingleton(clock);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });
        await ForewarnWebApp.StartAsync(app, CancellationToken.None);
        return new TestWebApp(app, new Uri(ForewarnWebApp.Addresses(app).Single()), logs);
    }

    /// <summary>A client that keeps cookies (for anti-forgery) and does not follow redirects, so tests see them.</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = BaseAddress,
        };

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
