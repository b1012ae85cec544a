using System.Globalization;
using MimeKit;

namespace Forewarn.Core.Preferences;

/// <summary>One refused address and why (N5).</summary>
public sealed record AddressError(string Address, string Reason)
{
    public override string ToString() => $"{Address}: {Reason}";
}

public sealed record ParsedAddresses(IReadOnlyList<string> Addresses, IReadOnlyList<AddressError> Errors)
{
    public bool IsValid => Errors.Count == 0;
    public string Joined => string.Join(",", Addresses);
}

/// <summary>
/// N5: a comma-separated list; whitespace around entries ignored, duplicates folded case-insensitively,
/// every address valid and within the Smart Account's domain or a subdomain of it, its local part ASCII (decision 0403).
/// </summary>
public static class AdditionalEmailAddresses
{
    /// <summary>Each address gets a copy of every notification: a list is for a few team aliases, not a mailing list.</summary>
    public const int MaxAddresses = 20;

    public static ParsedAddresses Parse(string? input, string smartAccountDomain) =>
        Parse(string.IsNullOrWhiteSpace(input) ? [] : input.Split(','), smartAccountDomain);

    public static ParsedAddresses Parse(IEnumerable<string?> entries, string smartAccountDomain)
    {
        var domain = smartAccountDomain.Trim().ToLowerInvariant();
        var ok = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<AddressError>();
        foreach (var raw in entries)
        {
            var entry = (raw ?? "").Trim();
            if (entry.Length == 0) continue;
            var reason = Validate(entry, domain, out var normalised);
            if (reason is not null) { errors.Add(new AddressError(entry, reason)); continue; }
            if (seen.Add(normalised!)) ok.Add(normalised!);
        }
        if (ok.Count > MaxAddresses)
            errors.Add(new AddressError($"{ok.Count} addresses", $"are more than the {MaxAddresses} allowed"));
        return new ParsedAddresses(ok, errors);
    }

    private static string? Validate(string entry, string saDomain, out string? normalised)
    {
        normalised = null;
        if (entry.Contains(';')) return "is not a valid email address (separate addresses with commas)";
        var at = entry.IndexOf('@');
        if (at <= 0 || at != entry.LastIndexOf('@') || at == entry.Length - 1)
            return "is not a valid email address";
        if (entry.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or '"' or '(' or ')' or ';' or ',' or '[' or ']' or '\\'))
            return "is not a valid email address";
        var local = entry[..at];
        // Mail to a non-ASCII local part needs SMTPUTF8 all the way; a server without it refuses that mail for good, and
        // a copy the admin asked for would be lost. An ASCII alias always gets through.
        if (local.Any(c => c > 127))
            return "has characters other than ASCII before the @, which many mail servers refuse; use an ASCII alias";
        if (local.Length > 64) return "is not a valid email address (more than 64 characters before the @)";
        string host;
        try { host = new IdnMapping().GetAscii(entry[(at + 1)..]).ToLowerInvariant(); }
        catch (ArgumentException) { return "is not a valid email address"; }
        if (!IsHostName(host) || !MailboxAddress.TryParse(entry, out _))
            return "is not a valid email address";
        if (host != saDomain && !host.EndsWith("." + saDomain, StringComparison.Ordinal))
            return $"is outside the Smart Account domain {saDomain}";
        normalised = (local + "@" + host).ToLowerInvariant();
        return null;
    }

    private static bool IsHostName(string host)
    {
        if (host.Length > 253) return false;
        var labels = host.Split('.');
        if (labels.Length < 2) return false;
        return labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' &&
                               l.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'));
    }
}
