using System.CommandLine;
using Forewarn.Cli;

namespace Forewarn;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("Forewarn: licensing notifications (Daily Event Summary, status notifications, expiration alerts).");
        ServeVerb.Configure(root); // serve is the default verb
        root.Subcommands.Add(ServeVerb.Create());
        root.Subcommands.Add(ImportVerb.Create());
        root.Subcommands.Add(RunDailyVerb.Create());
        root.Subcommands.Add(DeliverVerb.Create());
        root.Subcommands.Add(UserVerb.Create());
        root.Subcommands.Add(TokenVerb.Create());
        root.Subcommands.Add(RegistrationTokenVerb.Create());
        root.Subcommands.Add(SimulateVerb.Create());
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Usage errors are bad input: exit 2 with the parser's words and a pointer to --help.
            foreach (var error in parsed.Errors) await Console.Error.WriteLineAsync($"forewarn: {error.Message}");
            await Console.Error.WriteLineAsync("Run 'forewarn --help' for the verbs and their options.");
            return 2;
        }
        return await parsed.InvokeAsync();
    }
}
