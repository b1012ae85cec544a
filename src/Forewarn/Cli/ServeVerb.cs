using System.CommandLine;

namespace Forewarn.Cli;

/// <summary>`forewarn serve` (being built).</summary>
public static class ServeVerb
{
    public static Command Create()
    {
        var command = new Command("serve", "serve");
        command.SetAction((ParseResult _) => { Console.Error.WriteLine("not built yet"); return 2; });
        return command;
    }

    public static void Configure(RootCommand root) => root.SetAction((ParseResult _) => { Console.Error.WriteLine("not built yet"); return 2; });
}
