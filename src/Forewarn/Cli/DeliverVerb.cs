using System.CommandLine;

namespace Forewarn.Cli;

/// <summary>`forewarn deliver` (being built).</summary>
public static class DeliverVerb
{
    public static Command Create()
    {
        var command = new Command("deliver", "deliver");
        command.SetAction((ParseResult _) => { Console.Error.WriteLine("not built yet"); return 2; });
        return command;
    }

}
