using System.Text.Json;
using Forewarn.Bench.Generator;

// forewarn-bench-generator: writes a synthetic inventory bundle (PRODUCT.md §8) for the daily-run bench.
var (options, error) = GeneratorOptions.Parse(args);
if (options is null)
{
    if (!string.IsNullOrEmpty(error)) Console.Error.WriteLine($"forewarn-bench-generator: {error}");
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

BundleCounts counts;
if (options.Out == "-")
{
    await using var stdout = Console.OpenStandardOutput();
    counts = new BundleGenerator(options).Write(stdout);
}
else
{
    var full = Path.GetFullPath(options.Out!);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    // Written beside and moved into place, so a bundle that exists is always a whole one.
    var partial = full + ".partial";
    await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        counts = new BundleGenerator(options).Write(file);
    File.Move(partial, full, overwrite: true);
}

var summary = JsonSerializer.Serialize(counts, JsonSerializerOptions.Web);
(options.Out == "-" ? Console.Error : Console.Out).WriteLine(summary);
return 0;
