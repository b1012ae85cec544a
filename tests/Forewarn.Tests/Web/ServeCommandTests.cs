using System.Diagnostics;
using Forewarn.Tests.Infrastructure;
using Forewarn.Web;
using Microsoft.Extensions.Configuration;

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
    [InlineData("serve", "http://0.0.0.0:5080")]
    [InlineData("serve", "http://*:5080")]
    [InlineData("serve", "http://127.0.0.1:5080;http://[::]:5081")]
    [InlineData(null, "http://192.0.2.10:5080")]
    public async Task Serve_NonLoopbackUrls_RefusedWithExitCode2AndTheReason(string? verb, string urls)
    {
        var run = await ForewarnAsync(new Dictionary<string, string>(), verb is null ? ["--urls", urls] : [verb, "--urls", urls]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--urls: refusing to listen on", run.Error);
        Assert.Contains("loopback addresses only", run.Error);
        Assert.DoesNotContain("Now listening", run.Out);
    }

    [Theory]
    [InlineData("Forewarn__Scheduler__OutboxDrainInterval", "00:00:00", "Forewarn:Scheduler:OutboxDrainInterval must be between")]
    [InlineData("Forewarn__OrderingUrl", "not a url", "Forewarn:OrderingUrl must be an absolute URL")]
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
    [InlineData("http://localhost:5080")]
    [InlineData("https://[::1]:5443")]
    [InlineData("http://127.0.0.2:80;http://LOCALHOST:81")]
    public void Refusal_LoopbackAddresses_Allowed(string urls) => Assert.Null(LoopbackOnly.Refusal(urls, "--urls"));

    [Theory]
    [InlineData("http://0.0.0.0:5080", "refusing to listen on 'http://0.0.0.0:5080'")]
    [InlineData("http://+:5080", "refusing to listen on 'http://+:5080'")]
    [InlineData("http://[::]:5080", "refusing to listen on 'http://[::]:5080'")]
    [InlineData("http://forewarn.example.com:80", "refusing to listen on 'http://forewarn.example.com:80'")]
    [InlineData("http://10.0.0.5:80", "refusing to listen on 'http://10.0.0.5:80'")]
    [InlineData("ftp://127.0.0.1:21", "must start with http:// or https://")]
    [InlineData("", "no address given")]
    public void Refusal_OtherAddresses_RefusedNamingTheAddress(string urls, string expected)
    {
        var refusal = LoopbackOnly.Refusal(urls, "--urls");

        Assert.NotNull(refusal);
        Assert.StartsWith("--urls: ", refusal);
        Assert.Contains(expected, refusal);
    }

    [Fact]
    public async Task Build_KestrelEndpointOnAPublicAddress_RefusedNamingTheSetting()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);

        var e = Assert.Throws<LoopbackRefusedException>(() => ForewarnWebApp.Build("http://127.0.0.1:0", b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(db.Settings()) { ["Kestrel:Endpoints:Public:Url"] = "http://0.0.0.0:8080" })));

        Assert.StartsWith("Kestrel:Endpoints:Public:Url: refusing to listen on 'http://0.0.0.0:8080'", e.Message);
    }
}
