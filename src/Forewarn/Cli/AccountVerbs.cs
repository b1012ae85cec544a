using Forewarn.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>What the <c>user</c> and <c>token</c> verbs share: exit codes, opening the database, printing refusals.</summary>
internal static class AccountVerbs
{
    public const int Refused = 1;

    /// <summary>Runs <paramref name="work"/> with a scope on the migrated database, without the mailbox (see CliHost).</summary>
    public static Task<int> RunAsync(string verb, Func<IServiceProvider, Task<int>> work, CancellationToken ct) =>
        CliHost.RunAsync(verb, async (services, _) =>
        {
            await using var scope = services.CreateAsyncScope();
            return await work(scope.ServiceProvider);
        }, ct, runHostedServices: false);

    /// <summary>Every error as <c>forewarn &lt;verb&gt;: &lt;field&gt;: &lt;reason&gt;</c> on standard error; exit code 1.</summary>
    public static async Task<int> RefuseAsync(string verb, TextWriter error, IEnumerable<FieldError> errors)
    {
        foreach (var e in errors) await error.WriteLineAsync($"forewarn {verb}: {e}");
        return Refused;
    }
}
