using System.Net;
using Microsoft.AspNetCore.Http;

namespace Forewarn.Web;

/// <summary>
/// Until sign-in exists, anyone who can reach the server can read every account and send mail, so the server
/// listens on loopback only (docs/decisions/0301-web-loopback-only-until-sign-in.md).
/// </summary>
public static class LoopbackOnly
{
    /// <summary>Why <paramref name="urls"/> (ASP.NET's <c>;</c>-separated list) may not be served, or null when every address is loopback.</summary>
    /// <param name="setting">The name of the setting the addresses came from, for the message.</param>
    public static string? Refusal(string? urls, string setting)
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
            if (!parsed.IsUnixPipe && !IsLoopbackHost(parsed.Host))
                return $"{setting}: refusing to listen on '{address}': until sign-in exists, Forewarn serves loopback addresses only " +
                       "(127.0.0.1, [::1] or localhost), because anyone who can reach it could read every account and send mail.";
        }
        return null;
    }

    public static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }
}
