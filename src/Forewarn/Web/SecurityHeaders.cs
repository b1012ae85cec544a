using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Forewarn.Web;

/// <summary>Headers every response carries: no sniffing, no framing, no inline script, no referrer leaking account names.</summary>
public static class SecurityHeaders
{
    /// <summary>Scripts and styles from this origin only (so no inline script or style), frames of this origin only (the mail preview).</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>For a stored mail's HTML part: a sandbox with no script, no requests, its own inline styles only.</summary>
    public const string MailHtmlPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            // An endpoint that set its own policy (the mail preview) keeps it; everything else gets the page policy.
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = PagePolicy;
                headers.XFrameOptions = "DENY";
            }
            return Task.CompletedTask;
        });
        await next(context);
    });
}
