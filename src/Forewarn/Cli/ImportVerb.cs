using System.CommandLine;
using System.Text;
using Forewarn.Core.Import;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forewarn.Cli;

/// <summary>
/// <c>forewarn import &lt;file&gt;</c> (§7, §8). Exit 0: imported (or already stored); 1: the bundle was refused,
/// every error printed as <c>&lt;json path&gt;: &lt;message&gt;</c>; 2: the file could not be read or a setting is wrong; 3: the
/// the database kept Forewarn from starting.
/// </summary>
public static class ImportVerb
{
    public const int Refused = 1, Unreadable = CliHost.ExitBadInput;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The inventory bundle, JSON in the format of PRODUCT.md §8 (e.g. samples/sample-inventory.json)." };
        var command = new Command("import",
            "Import an inventory bundle: Smart Accounts, Virtual Accounts, licenses, product instances, users and events. " +
            "Re-importing the same bundle changes nothing; a malformed bundle is refused whole and nothing is stored.")
        {
            file,
        };
        command.SetAction(async (ParseResult r, CancellationToken ct) => await RunAsync(r.GetValue(file)!, Console.Out, Console.Error, ct));
        return command;
    }

    public static async Task<int> RunAsync(string path, TextWriter output, TextWriter error, CancellationToken ct)
    {
        // Read before starting the host, so a wrong path creates no database.
        var (json, problem) = await ReadAsync(path, ct);
        if (json is null)
        {
            await error.WriteLineAsync($"forewarn import: {problem}");
            return Unreadable;
        }

        return await CliHost.RunAsync("import", async (services, token) =>
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ImportInventory>().HandleAsync(new ImportInventory.Request(json), token);
            if (!result.Succeeded)
            {
                foreach (var e in result.Errors) await error.WriteLineAsync(e.ToString());
                await error.WriteLineAsync($"Import refused: {Plural(result.Errors.Count, "error")}; nothing was stored.");
                return Refused;
            }
            await output.WriteLineAsync(Summary(Path.GetFileName(path), result.Imported!));
            return 0;
        }, ct);
    }

    internal static string Summary(string file, ImportInventory.Counts c)
    {
        var text = new StringBuilder()
            .Append($"Imported {file}: {Plural(c.SmartAccounts, "Smart Account")}, {Plural(c.VirtualAccounts, "Virtual Account")}, ")
            .Append($"{Plural(c.Licenses, "license")} ({Plural(c.LicenseLines, "line")}, {c.PerpetualLines} perpetual), ")
            .Append($"{Plural(c.ProductInstances, "product instance")}, {Plural(c.Users, "user")} ")
            .Append($"({Plural(c.AccessEntries, "access entry", "access entries")}, {Plural(c.Preferences, "preference entry", "preference entries")}), ")
            .AppendLine($"{Plural(c.Events, "event")}.")
            .Append(c.Changed == 0
                ? "Nothing changed: everything in the bundle was already stored."
                : $"{Plural(c.Changed, "row")} added, updated or removed.");
        if (c.PreferencesLeftAsSaved > 0)
            text.AppendLine().Append($"{Plural(c.PreferencesLeftAsSaved, "preference entry", "preference entries")} differ from what the user has saved " +
                                     "and were left as saved: an import only seeds preferences.");
        return text.ToString();
    }

    private static async Task<(string? Json, string? Problem)> ReadAsync(string path, CancellationToken ct)
    {
        if (Directory.Exists(path)) return (null, $"{path} is a directory, not a bundle file.");
        if (!File.Exists(path)) return (null, $"file not found: {path}");
        try
        {
            var bytes = await File.ReadAllBytesAsync(path, ct);
            // Strict decoding: a file in another encoding is refused rather than imported with replaced characters.
            return (new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes), null);
        }
        catch (UnauthorizedAccessException) { return (null, $"cannot read {path}: permission denied"); }
        catch (IOException e) { return (null, $"cannot read {path}: {e.Message}"); }
        catch (DecoderFallbackException) { return (null, $"{path} is not UTF-8 text; a bundle is JSON in UTF-8."); }
    }

    private static string Plural(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";
}
