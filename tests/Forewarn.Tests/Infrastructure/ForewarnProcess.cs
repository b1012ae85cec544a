using System.Diagnostics;

namespace Forewarn.Tests.Infrastructure;

/// <summary>What one run of the real executable printed.</summary>
public sealed record ProcessRun(int ExitCode, string Out, string Err)
{
    public IReadOnlyList<string> OutLines => Lines(Out);
    public IReadOnlyList<string> ErrLines => Lines(Err);

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Err}";
}

/// <summary>
/// Runs <c>forewarn</c> as a real process, settings given as <c>Forewarn__*</c> environment variables.
/// The test project references the executable, so forewarn.dll and its runtime config sit beside the tests.
/// </summary>
public static class ForewarnProcess
{
    public static Task<ProcessRun> RunAsync(IEnumerable<KeyValuePair<string, string?>> settings, string workingDirectory, params string[] args) =>
        RunWithInputAsync(settings, workingDirectory, "", args);

    /// <summary>Runs with <paramref name="input"/> on standard input (then closed); the other overloads give an empty one.</summary>
    public static async Task<ProcessRun> RunWithInputAsync(IEnumerable<KeyValuePair<string, string?>> settings, string workingDirectory,
        string input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "forewarn.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        // Nothing of the test runner's own configuration leaks into the child.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Forewarn__", StringComparison.Ordinal) || k == "ConnectionStrings__Forewarn").ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__")] = value ?? "";
        using var process = Process.Start(start)!;
        // Never the test runner's own standard input: a verb that reads it gets exactly this, then end of input.
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessRun(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }

    public static Task<ProcessRun> RunAsync(TestDatabase db, IDictionary<string, string?>? extra, params string[] args) =>
        RunAsync(db.Settings().Concat(extra ?? new Dictionary<string, string?>()), db.DataDirectory, args);

    public static Task<ProcessRun> RunWithInputAsync(TestDatabase db, string input, params string[] args) =>
        RunWithInputAsync(db.Settings(), db.DataDirectory, input, args);
}
