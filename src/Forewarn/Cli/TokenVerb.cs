using System.CommandLine;
using Forewarn.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn token create --user &lt;email&gt; [--name ...]</c> prints a new personal access token for the API
/// (<c>Authorization: Bearer &lt;token&gt;</c>) and nothing else on standard output, so a script can capture it; only its
/// hash is stored. <c>forewarn token revoke --user &lt;email&gt; &lt;id|name|token&gt;</c> revokes it. Exit 0 done; 1 refused,
/// naming the field; 3 Forewarn could not start.
/// </summary>
public static class TokenVerb
{
    public static Command Create() => new("token", "Manage personal access tokens for the HTTP API.")
    {
        CreateCommand(),
        RevokeCommand(),
    };

    private static Command CreateCommand()
    {
        var user = new Option<string>("--user") { Description = "Whose token (their email).", Required = true };
        var name = new Option<string?>("--name") { Description = "A name to tell tokens apart (default: the creation time)." };
        var command = new Command("create", "Create a token and print it, alone, on standard output. It is shown only this once.") { user, name };
        command.SetAction((ParseResult r, CancellationToken ct) => CreateAsync(r.GetValue(user)!, r.GetValue(name), Console.Out, Console.Error, ct));
        return command;
    }

    private static Command RevokeCommand()
    {
        var user = new Option<string>("--user") { Description = "Whose token (their email).", Required = true };
        var token = new Argument<string>("token") { Description = "The token's id, its name, or the token itself." };
        var command = new Command("revoke", "Revoke a token: it is refused from then on.") { user, token };
        command.SetAction((ParseResult r, CancellationToken ct) => RevokeAsync(r.GetValue(user)!, r.GetValue(token)!, Console.Out, Console.Error, ct));
        return command;
    }

    public static Task<int> CreateAsync(string email, string? name, TextWriter output, TextWriter error, CancellationToken ct) =>
        AccountVerbs.RunAsync("token create", async services =>
        {
            var result = await services.GetRequiredService<CreateApiToken>().HandleAsync(new CreateApiToken.Request(email, name), ct);
            if (result is not { IsOk: true, Value: { } created }) return await AccountVerbs.RefuseAsync("token create", error, result.Errors);
            await output.WriteLineAsync(created.Token);
            await error.WriteLineAsync($"Token {created.Id} '{created.Name}' created for {email.Trim().ToLowerInvariant()}; it is not shown again.");
            return 0;
        }, ct);

    public static Task<int> RevokeAsync(string email, string token, TextWriter output, TextWriter error, CancellationToken ct) =>
        AccountVerbs.RunAsync("token revoke", async services =>
        {
            var result = await services.GetRequiredService<RevokeApiToken>().HandleAsync(new RevokeApiToken.Request(email, token), ct);
            if (!result.IsOk) return await AccountVerbs.RefuseAsync("token revoke", error, result.Errors);
            await output.WriteLineAsync(result.Value == 1 ? "Revoked 1 token." : $"Revoked {result.Value} tokens.");
            return 0;
        }, ct);
}
