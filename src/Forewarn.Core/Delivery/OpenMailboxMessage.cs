using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Forewarn.Core.Delivery;

/// <summary>One message of the development mailbox (M3), parsed for display.</summary>
public sealed class OpenMailboxMessage(ForewarnDbContext db)
{
    public sealed record Request(long Id);

    /// <param name="Headers">Every header in order, values decoded (RFC 2047).</param>
    /// <param name="Text">The text/plain part, decoded; null when there is none.</param>
    /// <param name="Html">
    /// The text/html part, decoded; null when there is none. It is the mail as sent: show it sandboxed
    /// (e.g. an iframe with <c>sandbox</c> and <c>srcdoc</c>), never inline in a page.
    /// </param>
    /// <param name="Raw">The message exactly as received.</param>
    public sealed record MailView(
        long Id,
        DateTime ReceivedAt,
        string EnvelopeFrom,
        string EnvelopeTo,
        string Subject,
        string From,
        string To,
        DateTimeOffset? Date,
        string? MessageId,
        IReadOnlyList<KeyValuePair<string, string>> Headers,
        string? Text,
        string? Html,
        byte[] Raw);

    /// <summary>The message, or null when there is no message with that id.</summary>
    public async Task<MailView?> HandleAsync(Request request, CancellationToken ct)
    {
        var row = await db.Mailbox.AsNoTracking().SingleOrDefaultAsync(m => m.Id == request.Id, ct);
        if (row is null) return null;

        MimeMessage mime;
        try
        {
            using var stream = new MemoryStream(row.Raw, writable: false);
            mime = await MimeMessage.LoadAsync(stream, ct);
        }
        catch (FormatException)
        {
            // Not MIME at all: show what arrived rather than nothing.
            return new MailView(row.Id, row.ReceivedAt, row.EnvelopeFrom, row.EnvelopeTo, row.Subject, "", "", null, null,
                [], System.Text.Encoding.UTF8.GetString(row.Raw), null, row.Raw);
        }

        return new MailView(
            row.Id, row.ReceivedAt, row.EnvelopeFrom, row.EnvelopeTo,
            mime.Subject ?? "",
            mime.From.ToString(),
            mime.To.ToString(),
            mime.Headers.Contains(HeaderId.Date) ? mime.Date : null,
            mime.MessageId,
            mime.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value)).ToList(),
            mime.TextBody,
            mime.HtmlBody,
            row.Raw);
    }
}
