using System.CommandLine;
using System.Text;
using Forewarn.Core.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn user add &lt;email&gt; --name "..." [--time-zone ...]</c> and <c>forewarn user set-password &lt;email&gt;</c>
/// (the password is read from standard input, one line: never from an argument, which other users could see in the
/// process list). Exit 0 done; 1 refused, each error naming its field; 3 Forewarn could not start.
/// </summary>
public static class UserVerb
{
    public static Command Create() => new("user", "Manage local users who sign in to the web UI and the API.")
    {
        AddCommand(),
        SetPasswordCommand(),
    };

    private static Command AddCommand()
    {
        var email = new Argument<string>("email") { Description = "The new user's email address, which is also their login." };
        var name = new Option<string>("--name") { Description = "Display name.", Required = true };
        var zone = new Option<string?>("--time-zone") { Description = "IANA time zone, e.g. Europe/Berlin (optional)." };
        var command = new Command("add", "Add a local user (access to Smart Accounts comes from an inventory import).") { email, name, zone };
        command.SetAction((ParseResult r, CancellationToken ct) =>
            AddAsync(r.GetValue(email)!, r.GetValue(name)!, r.GetValue(zone), Console.Out, Console.Error, ct));
        return command;
    }

    private static Command SetPasswordCommand()
    {
        var email = new Argument<string>("email") { Description = "Whose password to set." };
        var command = new Command("set-password",
            "Set a user's password, read from standard input (one line), e.g. `printf '%s\\n' \"$PASSWORD\" | forewarn user set-password alice@example.com`. " +
            "Also lifts a lock-out.") { email };
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
            await SetPasswordAsync(r.GetValue(email)!, await ReadPasswordAsync(ct), Console.Out, Console.Error, ct));
        return command;
    }

    public static Task<int> AddAsync(string email, string name, string? timeZone, TextWriter output, TextWriter error, CancellationToken ct) =>
        AccountVerbs.RunAsync("user add", async services =>
        {
            var result = await services.GetRequiredService<AddUser>().HandleAsync(new AddUser.Request(email, name, timeZone), ct);
            if (result is not { IsOk: true, Value: { } user }) return await AccountVerbs.RefuseAsync("user add", error, result.Errors);
            await output.WriteLineAsync($"Added user {user.Email} ({user.Name}). Set a password with: forewarn user set-password {user.Email}");
            return 0;
        }, ct);

    public static Task<int> SetPasswordAsync(string email, string? password, TextWriter output, TextWriter error, CancellationToken ct) =>
        AccountVerbs.RunAsync("user set-password", async services =>
        {
            if (password is null)
                return await AccountVerbs.RefuseAsync("user set-password", error,
                    [new Core.FieldError("password", "nothing on standard input; give the password as one line.")]);
            var result = await services.GetRequiredService<SetPassword>().HandleAsync(new SetPassword.Request(email, password), ct);
            if (!result.IsOk) return await AccountVerbs.RefuseAsync("user set-password", error, result.Errors);
            await output.WriteLineAsync($"Password set for {email.Trim().ToLowerInvariant()}.");
            return 0;
        }, ct);

    /// <summary>One line from standard input; typed at a terminal, it is not echoed. Null when there is nothing to read.</summary>
    private static async Task<string?> ReadPasswordAsync(CancellationToken ct)
    {
        if (Console.IsInputRedirected) return await Console.In.ReadLineAsync(ct);
        await Console.Error.WriteAsync("Password: ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        await Console.Error.WriteLineAsync();
        return typed.ToString();
    }
}
