using System.CommandLine;
using System.Globalization;
using Forewarn.Core;
using Forewarn.Core.Data;
using Forewarn.Core.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn registration-token create --user &lt;email&gt; --smart-account &lt;domain&gt; --virtual-account &lt;name&gt;
/// [--description ...] [--valid-days N]</c> prints a new registration token for a Virtual Account, alone on standard
/// output, for a product instance to register with (<c>POST /api/agent/v1/register</c>, L5); only its hash is stored.
/// <c>forewarn registration-token list --user &lt;email&gt; --smart-account &lt;domain&gt;</c> lists the tokens the user
/// administers, never the secret. Acting as the user: the same role rules as the API (a Smart Account admin, or an admin
/// of that Virtual Account). Exit 0 done; 1 refused, naming the field; 2 bad arguments; 3 Forewarn could not start.
/// </summary>
public static class RegistrationTokenVerb
{
    private const string CreateVerb = "registration-token create", ListVerb = "registration-token list";

    public static Command Create() => new("registration-token", "Manage registration tokens, with which product instances register into a Virtual Account.")
    {
        CreateCommand(),
        ListCommand(),
    };

    private static Command CreateCommand()
    {
        var user = new Option<string>("--user") { Description = "Who creates it (their email): a Smart Account admin or an admin of the Virtual Account.", Required = true };
        var account = new Option<string>("--smart-account") { Description = "The Smart Account's domain, e.g. acme-networks.com.", Required = true };
        var va = new Option<string>("--virtual-account") { Description = "The Virtual Account the instances register into, e.g. DEFAULT.", Required = true };
        var description = new Option<string?>("--description") { Description = "What the token is for (at most 200 characters)." };
        var days = (new Option<int?>("--valid-days") { Description = "How many days the token may be used: 1 to 365 (default 30)." }).WholeNumber();
        var command = new Command("create", "Create a registration token and print it, alone, on standard output. It is shown only this once.")
        {
            user, account, va, description, days,
        };
        command.SetAction((ParseResult r, CancellationToken ct) => CreateAsync(r.GetValue(user)!, r.GetValue(account)!, r.GetValue(va)!,
            r.GetValue(description), r.GetValue(days), Console.Out, Console.Error, ct));
        return command;
    }

    private static Command ListCommand()
    {
        var user = new Option<string>("--user") { Description = "Whose view (their email): tokens of the Virtual Accounts they administer.", Required = true };
        var account = new Option<string>("--smart-account") { Description = "The Smart Account's domain.", Required = true };
        var command = new Command("list", "List registration tokens (id, Virtual Account, prefix, description, creator, expiry, state); never the secret.")
        {
            user, account,
        };
        command.SetAction((ParseResult r, CancellationToken ct) => ListAsync(r.GetValue(user)!, r.GetValue(account)!, Console.Out, Console.Error, ct));
        return command;
    }

    public static Task<int> CreateAsync(string email, string smartAccount, string virtualAccount, string? description, int? validDays,
        TextWriter output, TextWriter error, CancellationToken ct) =>
        AccountVerbs.RunAsync(CreateVerb, async services =>
        {
            // Every problem with the arguments at once, before anything is looked up.
            var userId = await UserIdAsync(services, email, ct);
            var daysError = CreateRegistrationToken.CheckValidDays(validDays);
            var request = new CreateRegistrationToken.Request(userId ?? 0, smartAccount, virtualAccount, description,
                daysError is null ? CreateRegistrationToken.ValidForDays(validDays) : null);
            var errors = new List<FieldError>();
            if (userId is null) errors.Add(NoUser(email));
            if (daysError is not null) errors.Add(daysError);
            errors.AddRange(CreateRegistrationToken.Validate(request));
            if (errors.Count > 0) return await AccountVerbs.RefuseAsync(CreateVerb, error, errors);

            var result = await services.GetRequiredService<CreateRegistrationToken>().HandleAsync(request, ct);
            if (result is not { IsOk: true, Value: { } created }) return await AccountVerbs.RefuseAsync(CreateVerb, error, result.Errors);
            await output.WriteLineAsync(created.Token);
            await error.WriteLineAsync(
                $"Registration token {created.Id} created for Virtual Account '{created.VirtualAccount}' of {created.SmartAccount}; " +
                $"it expires {created.ExpiresAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC and is not shown again.");
            return 0;
        }, ct);

    public static Task<int> ListAsync(string email, string smartAccount, TextWriter output, TextWriter error, CancellationToken ct) =>
        AccountVerbs.RunAsync(ListVerb, async services =>
        {
            if (await UserIdAsync(services, email, ct) is not int userId) return await AccountVerbs.RefuseAsync(ListVerb, error, [NoUser(email)]);
            var result = await services.GetRequiredService<ListRegistrationTokens>().HandleAsync(new(userId, smartAccount), ct);
            if (result is not { IsOk: true, Value: { } view }) return await AccountVerbs.RefuseAsync(ListVerb, error, result.Errors);
            if (view.Tokens.Count == 0)
            {
                await error.WriteLineAsync($"No registration tokens in {view.SmartAccount} that you administer.");
                return 0;
            }
            string[][] table =
            [
                ["ID", "VIRTUAL ACCOUNT", "PREFIX", "DESCRIPTION", "CREATED BY", "CREATED", "EXPIRES", "STATE"],
                .. view.Tokens.Select(t => new[]
                {
                    t.Id.ToString(CultureInfo.InvariantCulture), t.VirtualAccount, t.Prefix, t.Description, t.CreatedBy,
                    Instant(t.CreatedAt), Instant(t.ExpiresAt), t.State.ToString(),
                }),
            ];
            var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(row => row[c].Length)).ToArray();
            foreach (var row in table)
                await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            return 0;
        }, ct);

    /// <summary>The user acting, by email as people type it (stored lower-case, like <c>token create</c> finds it).</summary>
    private static async Task<int?> UserIdAsync(IServiceProvider services, string email, CancellationToken ct)
    {
        var key = (email ?? "").Trim().ToLowerInvariant();
        return await services.GetRequiredService<ForewarnDbContext>().Users.AsNoTracking()
            .Where(u => u.Email == key).Select(u => (int?)u.Id).SingleOrDefaultAsync(ct);
    }

    private static FieldError NoUser(string email) => new("user", $"No user {(email ?? "").Trim().ToLowerInvariant()}.");

    /// <summary>The account's wall clock with its offset, e.g. <c>2027-01-02 12:00 -05:00</c>.</summary>
    private static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
