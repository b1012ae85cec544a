using System.CommandLine;

namespace Forewarn.Cli;

/// <summary>`forewarn run-daily` (being built).</summary>
public static class RunDailyVerb
{
    public static Command Create()
    {
        var command = new Command("run-daily", "run-daily");
        command.SetAction((ParseResult _) => { Console.Error.WriteLine("not built yet"); return 2; });
        return command;
    }

}
