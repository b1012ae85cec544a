using Forewarn.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forewarn.Cli;

/// <summary>What the <c>user</c> and <c>token</c> verbs share: exit codes, opening the database, printing refusals.</summary>
internal static class AccountVerbs
{
    public const int Refused = 1, CannotStart = 3;

    /// <summary>Runs <paramref name="work"/> with a scope on the migrated database; a failure to start is exit code 3.</summary>
    public static async Task<int> RunAsync(string verb, TextWriter error, Func<IServiceProvider, Task<int>> work, CancellationToken ct)
    {
        IHost host;
        try
        {
            host = await CliHost.StartAsync(ct, runHostedServices: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await error.WriteLineAsync($"forewarn {verb}: could not start: {e.Message}");
            return CannotStart;
        }
        using (host)
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider);
        }
    }

    /// <summary>Every error as <c>forewarn &lt;verb&gt;: &lt;field&gt;: &lt;reason&gt;</c> on standard error; exit code 1.</summary>
    public static async Task<int> RefuseAsync(string verb, TextWriter error, IEnumerable<FieldError> errors)
    {
        foreach (var e in errors) await error.WriteLineAsync($"forewarn {verb}: {e}");
        return Refused;
    }
}
