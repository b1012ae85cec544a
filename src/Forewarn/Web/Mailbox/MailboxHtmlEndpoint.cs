using Forewarn.Core.Delivery;

namespace Forewarn.Web.Mailbox;

/// <summary>
/// Serves a stored mail's HTML part for the sandboxed iframe of the message page. The mail is untrusted content:
/// the CSP sandbox gives it an opaque origin with no script, forms or requests, whatever the iframe says.
/// </summary>
public static class MailboxHtmlEndpoint
{
    public static IEndpointRouteBuilder MapMailboxHtml(this IEndpointRouteBuilder app)
    {
        app.MapGet("/mailbox/{id:long}/html", async (long id, MailboxQueries mailbox, MailboxReader reader, HttpContext http, CancellationToken ct) =>
        {
            var readable = await reader.HandleAsync(new MailboxReader.Request(http.User.UserId()), ct);
            var html = await mailbox.HtmlAsync(readable, id, ct);
            if (html is null) return Results.NotFound();
            http.Response.Headers.ContentSecurityPolicy = SecurityHeaders.MailHtmlPolicy;
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(html, "text/html; charset=utf-8");
        });
        return app;
    }
}
