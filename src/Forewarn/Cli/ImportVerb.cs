using System.CommandLine;

namespace Forewarn.Cli;

/// <summary>`forewarn import` (being built).</summary>
public static class ImportVerb
{
    public static Command Create()
    {
        var command = new Command("import", "import");
        command.SetAction((ParseResult _) => { Console.Error.WriteLine("not built yet"); return 2; });
        return command;
    }

}
