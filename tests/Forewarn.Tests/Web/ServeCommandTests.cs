using System.Diagnostics;
using Forewarn.Tests.Infrastructure;
using Forewarn.Web;

namespace Forewarn.Tests.Web;

/// <summary>`forewarn serve` as a user runs it: the real executable in a child process.</summary>
public class ServeCommandTests
{
    private sealed record Run(int ExitCode, string Out, string Error);

    private static async Task<Run> ForewarnAsync(IDictionary<string, string> environment, params string[] args)
    {
        var data = Path.Combine(Path.GetTempPath(), "forewarn-tests", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "forewarn.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Forewarn__DataDirectory"] = data;
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (k, v) in environment) start.Environment[k] = v;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"forewarn {string.Join(' ', args)} did not exit: it should have refused to start.\n{await stdout}\n{await stderr}");
        }
        finally { try { Directory.Delete(data, recursive: true); } catch (DirectoryNotFoundException) { } }
        return new(process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("serve", "ftp://127.0.0.1:21", "--urls: 'ftp://127.0.0.1:21' must start with http:// or https://.")]
    [InlineData(null, ";", "--urls: no address given; use e.g. http://127.0.0.1:5080.")]
    public async Task Serve_UnusableUrls_RefusedWithExitCode2AndTheReason(string? verb, string urls, string expected)
    {
        var run = await ForewarnAsync(new Dictionary<string, string>(), verb is null ? ["--urls", urls] : [verb, "--urls", urls]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Error.Trim());
        Assert.DoesNotContain("Now listening", run.Out);
    }

    [Theory]
    [InlineData("Forewarn__Scheduler__OutboxDrainInterval", "00:00:00", "Forewarn:Scheduler:OutboxDrainInterval must be between")]
    [InlineData("Forewarn__OrderingUrl", "not a url", "Forewarn:OrderingUrl must be an absolute http or https URL (got 'not a url')")]
    [InlineData("Forewarn__OrderingUrl", "javascript:alert(document.domain)", "Forewarn:OrderingUrl must be an absolute http or https URL")] // A7: a link in every mail
    [InlineData("Forewarn__Serve__SamplePath", "no/such/sample.json", "Forewarn:Serve:SamplePath: no file at")]
    [InlineData("Forewarn__Database__Provider", "Oracle", "Forewarn:Database:Provider")]
    public async Task Serve_WrongSetting_StopsStartUpNamingTheSetting(string variable, string value, string expected)
    {
        var run = await ForewarnAsync(new Dictionary<string, string> { [variable] = value }, "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Forewarn cannot start, a setting is wrong:", run.Error);
        Assert.Contains(expected, run.Error);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080;https://forewarn.example.com:443")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    public void ListenAddresses_AnyHttpAddress_Allowed(string urls) => Assert.Null(ListenAddresses.Problem(urls, "--urls"));

    [Theory]
    [InlineData("ftp://127.0.0.1:21", "--urls: 'ftp://127.0.0.1:21' must start with http:// or https://.")]
    [InlineData("", "--urls: no address given; use e.g. http://127.0.0.1:5080.")]
    [InlineData("http://127.0.0.1:5080;gopher://x:70", "--urls: 'gopher://x:70' must start with http:// or https://.")]
    public void ListenAddresses_Unusable_RefusedNamingTheAddress(string urls, string expected) =>
        Assert.Equal(expected, ListenAddresses.Problem(urls, "--urls"));

    [Fact]
    public async Task Serve_OnEveryInterface_StartsAndStillRequiresSignIn()
    {
        // Decision 0401: with sign-in in place the loopback-only rule of 0301 is gone; what protects the data is the sign-in.
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        await using var web = await TestWebApp.StartAsync(db, TimeProvider.System, urls: "http://0.0.0.0:0");
        using var client = web.NewClient();

        Assert.StartsWith("http://0.0.0.0:", ForewarnWebApp.Addresses(web.App).Single());
        using var response = await client.GetAsync("/licenses");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location!.AbsolutePath);
        using var signIn = await client.GetAsync("/signin");
        Assert.Equal(System.Net.HttpStatusCode.OK, signIn.StatusCode);
    }
}
