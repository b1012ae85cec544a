using Microsoft.AspNetCore.Http;

namespace Forewarn.Web;

/// <summary>
/// Checks the addresses <c>forewarn serve</c> is asked to listen on before anything starts, so a typo is refused with a
/// message naming the setting rather than a Kestrel stack trace. Any address is allowed now that every page requires
/// sign-in (docs/decisions/0401-ui-sign-in.md supersedes the loopback-only rule of 0301).
/// </summary>
public static class ListenAddresses
{
    /// <summary>Why <paramref name="urls"/> (ASP.NET's <c>;</c>-separated list) cannot be served, or null when it can.</summary>
    /// <param name="setting">The name of the setting the addresses came from, for the message.</param>
    public static string? Problem(string? urls, string setting)
    {
        var addresses = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0) return $"{setting}: no address given; use e.g. http://127.0.0.1:5080.";
        foreach (var address in addresses)
        {
            BindingAddress parsed;
            try { parsed = BindingAddress.Parse(address); }
            catch (FormatException) { return $"{setting}: '{address}' is not a URL like http://127.0.0.1:5080."; }
            if (parsed.Scheme is not ("http" or "https"))
                return $"{setting}: '{address}' must start with http:// or https://.";
        }
        return null;
    }
}
