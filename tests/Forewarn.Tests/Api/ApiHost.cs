using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Forewarn.Core.Accounts;
using Forewarn.Tests.Infrastructure;
using Forewarn.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Forewarn.Tests.Api;

/// <summary>
/// The real web application as <c>forewarn serve</c> builds it (<see cref="ForewarnWebApp"/>), on a real Kestrel port on
/// 127.0.0.1, over a <see cref="TestDatabase"/> and a fake clock (decision 0302: not WebApplicationFactory). Scheduler and
/// first-start sample import are off. Tokens come from the real <see cref="CreateApiToken"/> handler.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    public TestDatabase Db { get; }
    public FakeTimeProvider Clock { get; }
    public WebApplication App { get; }
    public Uri BaseAddress { get; }
    private readonly List<HttpClient> _clients = [];

    private ApiHost(TestDatabase db, FakeTimeProvider clock, WebApplication app, Uri baseAddress)
    {
        Db = db; Clock = clock; App = app; BaseAddress = baseAddress;
    }

    public static async Task<ApiHost> StartAsync(TestDatabase db, FakeTimeProvider clock)
    {
        var settings = db.Settings();
        settings["Forewarn:Scheduler:Enabled"] = "false";
        settings["Forewarn:Serve:ImportSampleOnFirstStart"] = "false";
        var app = ForewarnWebApp.Build("http://127.0.0.1:0", builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Logging.ClearProviders();
        });
        await ForewarnWebApp.StartAsync(app, CancellationToken.None);
        return new ApiHost(db, clock, app, new Uri(ForewarnWebApp.Addresses(app).Single()));
    }

    /// <summary>A personal access token for <paramref name="email"/>, made by the real handler (as <c>forewarn token create</c>).</summary>
    public async Task<string> TokenAsync(string email, string? name = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<CreateApiToken>().HandleAsync(new(email, name), default);
        return created.Value?.Token ?? throw new InvalidOperationException(string.Join("; ", created.Errors));
    }

    public async Task RevokeAsync(string email, string token)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var revoked = await scope.ServiceProvider.GetRequiredService<RevokeApiToken>().HandleAsync(new(email, token), default);
        Assert.True(revoked.IsOk, string.Join("; ", revoked.Errors));
    }

    /// <summary>A client sending <c>Authorization: Bearer &lt;token&gt;</c>, or nothing when <paramref name="token"/> is null.</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _clients.Add(client);
        return client;
    }

    /// <summary>
    /// A client carrying the sign-in cookie of <paramref name="email"/>, protected with the app's own keys exactly as
    /// the sign-in page issues it, session stamp included (a user without a password is given one first: a session
    /// stands only for a user with the password it was signed in with).
    /// </summary>
    public async Task<HttpClient> CookieClientAsync(string email)
    {
        await using var ctx = Db.NewContext();
        var user = await ctx.Users.SingleAsync(u => u.Email == email);
        if (user.PasswordHash is null)
        {
            user.PasswordHash = Forewarn.Core.Accounts.Passwords.Hash(user, "api-host-password");
            await ctx.SaveChangesAsync();
        }
        var options = App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ForewarnAuthentication.CookieScheme);
        var principal = ForewarnAuthentication.Principal(user.Id, user.Email, user.Name, ForewarnAuthentication.CookieScheme,
            Forewarn.Core.Accounts.Passwords.SessionStamp(user.PasswordHash));
        var cookie = options.TicketDataFormat.Protect(new AuthenticationTicket(principal, ForewarnAuthentication.CookieScheme));
        var client = Client();
        client.DefaultRequestHeaders.Add("Cookie", $"{options.Cookie.Name}={cookie}");
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Every column of NotificationPreferences and Events, one line a row, to prove a refused request changed nothing.</summary>
    public async Task<string> DumpPreferencesAndEventsAsync()
    {
        await using var ctx = Db.NewContext();
        var prefs = await ctx.NotificationPreferences.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var events = await ctx.Events.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        return string.Join("\n",
            prefs.Select(p => $"P|{p.Id}|{p.UserId}|{p.SmartAccountId}|{p.DailyEventSummary}|{p.StatusNotification}|{(int)p.Events}|{p.ExpiringRangeDays}|{p.AdditionalEmails}")
                .Concat(events.Select(e => $"E|{e.Id}|{e.SmartAccountId}|{e.VirtualAccountId}|{e.At.Ticks}|{e.Type}|{e.Message}|{e.ActorEmail}")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients) c.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Assertions on HTTP answers: status, content type, and JSON compared as JSON.</summary>
public static class ApiAssert
{
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode status, string mediaType = "application/json")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>An RFC 7807 problem with this status; returns it for further checks.</summary>
    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await JsonAsync(response, status, "application/problem+json");
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        return problem;
    }

    /// <summary>The <c>errors</c> map of a problem, as field → messages.</summary>
    public static Dictionary<string, string[]> Errors(JsonNode problem) =>
        problem["errors"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.AsArray().Select(m => (string)m!).ToArray());

    public static void SameJson(string expected, JsonNode? actual)
    {
        var want = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(want, actual), $"expected\n{want?.ToJsonString()}\ngot\n{actual?.ToJsonString()}");
    }
}
