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
        return await root.Parse(args).InvokeAsync();
    }
}
