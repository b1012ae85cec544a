using System.Globalization;

namespace Forewarn.Bench.Generator;

/// <summary>The size and shape of a generated bundle. Every field has a default; the same options and seed give the same bytes.</summary>
public sealed record GeneratorOptions
{
    public string? Out { get; init; }
    public int Accounts { get; init; } = 5;
    public int VasPerAccount { get; init; } = 10;
    public int LicensesPerVa { get; init; } = 400;
    public int LinesPerLicense { get; init; } = 5;
    public int InstancesPerVa { get; init; } = 4;
    /// <summary>Users in all; each has a home account (round robin) and some a second one.</summary>
    public int Users { get; init; } = 500;
    /// <summary>Events per Smart Account per day, over <see cref="EventDays"/> days ending on the digest date.</summary>
    public int EventsPerDay { get; init; } = 200;
    public int EventDays { get; init; } = 3;
    /// <summary>Share of dated lines expiring in [D, D+90] (what a 90-day digest lists), in percent.</summary>
    public double ExpiringPercent { get; init; } = 10;
    /// <summary>Share of dated lines already expired before D, in percent; the rest expire after D+90.</summary>
    public double ExpiredPercent { get; init; } = 20;
    public double PerpetualPercent { get; init; } = 8;
    public DateOnly DigestDate { get; init; } = new(2026, 12, 3);
    public int Seed { get; init; } = 1;

    public const string Usage = """
        forewarn-bench-generator --out <file> [options]   (writes an inventory bundle, PRODUCT.md §8)

          --out <file>              where to write the bundle ("-" for stdout)
          --accounts <n>            Smart Accounts (default 5)
          --vas-per-account <n>     Virtual Accounts per Smart Account (default 10)
          --licenses-per-va <n>     licenses per Virtual Account (default 400)
          --lines-per-license <n>   license lines per license (default 5)
          --instances-per-va <n>    product instances per Virtual Account (default 4)
          --users <n>               users in all, spread over the accounts (default 500)
          --events-per-day <n>      events per Smart Account per day (default 200)
          --event-days <n>          days of events, ending on the digest date (default 3)
          --expiring-percent <p>    dated lines expiring in [D, D+90] (default 10)
          --expired-percent <p>     dated lines expired before D (default 20)
          --perpetual-percent <p>   perpetual lines (default 8)
          --digest-date <date>      D, yyyy-MM-dd (default 2026-12-03)
          --seed <n>                same seed, same bundle (default 1)

        Prints a one-line JSON summary of what was written (counts) to stdout, or to stderr with --out -.
        """;

    /// <summary>The options, or the reason the arguments are refused (naming the option).</summary>
    public static (GeneratorOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new GeneratorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help") return (null, "");
            if (i + 1 >= args.Count) return (null, $"{name}: a value is required");
            var value = args[++i];
            string? error = null;
            o = name switch
            {
                "--out" => o with { Out = value },
                "--accounts" => o with { Accounts = Count(name, value, 1, 999, ref error) },
                "--vas-per-account" => o with { VasPerAccount = Count(name, value, 1, 999, ref error) },
                "--licenses-per-va" => o with { LicensesPerVa = Count(name, value, 0, 1_000_000, ref error) },
                "--lines-per-license" => o with { LinesPerLicense = Count(name, value, 1, 1000, ref error) },
                "--instances-per-va" => o with { InstancesPerVa = Count(name, value, 0, 100_000, ref error) },
                "--users" => o with { Users = Count(name, value, 0, 1_000_000, ref error) },
                "--events-per-day" => o with { EventsPerDay = Count(name, value, 0, 1_000_000, ref error) },
                "--event-days" => o with { EventDays = Count(name, value, 0, 366, ref error) },
                "--expiring-percent" => o with { ExpiringPercent = Percent(name, value, ref error) },
                "--expired-percent" => o with { ExpiredPercent = Percent(name, value, ref error) },
                "--perpetual-percent" => o with { PerpetualPercent = Percent(name, value, ref error) },
                "--digest-date" => o with { DigestDate = Date(name, value, ref error) },
                "--seed" => o with { Seed = Count(name, value, int.MinValue, int.MaxValue, ref error) },
                _ => Unknown(o, name, ref error),
            };
            if (error is not null) return (null, error);
        }
        if (o.Out is null) return (null, "--out: is required (a file, or - for stdout)");
        if (o.ExpiringPercent + o.ExpiredPercent > 100)
            return (null, $"--expiring-percent + --expired-percent: {o.ExpiringPercent} + {o.ExpiredPercent} is more than 100");
        return (o, null);
    }

    private static GeneratorOptions Unknown(GeneratorOptions o, string name, ref string? error)
    {
        error = $"{name}: unknown option";
        return o;
    }

    private static int Count(string name, string value, int min, int max, ref string? error)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        error = $"{name}: '{value}' is not a whole number from {min} to {max}";
        return 0;
    }

    private static double Percent(string name, string value, ref string? error)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100) return p;
        error = $"{name}: '{value}' is not a percentage from 0 to 100";
        return 0;
    }

    private static DateOnly Date(string name, string value, ref string? error)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        error = $"{name}: '{value}' is not a date in the form yyyy-MM-dd";
        return default;
    }
}
