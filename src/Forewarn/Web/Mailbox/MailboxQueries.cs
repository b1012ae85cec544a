using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Forewarn.Web.Mailbox;

/// <summary>
/// Reads the development mailbox (M3) for the /mailbox pages: MailboxMessage rows, their raw MIME parsed with MimeKit.
/// Every read is limited to the envelope recipients the signed-in user may read (Core's MailboxReader): a message to
/// anyone else is not listed and opens as 404, as if it did not exist.
/// </summary>
public sealed class MailboxQueries(ForewarnDbContext db)
{
    public const string KindHeader = "X-Forewarn-Kind";

    public sealed record Item(long Id, DateTime ReceivedAt, string To, string Subject, string? Kind);

    public sealed record Message(long Id, DateTime ReceivedAt, string EnvelopeFrom, string EnvelopeTo, string Subject,
        IReadOnlyList<KeyValuePair<string, string>> Headers, string? Text, string? Html);

    public sealed record ListPage(int PageNumber, int PageSize, int Total, IReadOnlyList<Item> Items)
    {
        public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    }

    /// <param name="recipients">Lower-case envelope recipients whose mail may be read.</param>
    public async Task<ListPage> ListAsync(IReadOnlyCollection<string> recipients, Core.Inventory.PageRequest page, CancellationToken ct)
    {
        var mine = Readable(recipients);
        var total = await mine.CountAsync(ct);
        var (number, size, skip) = page.Resolve(total);
        var rows = await mine
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Skip(skip).Take(size)
            .Select(m => new { m.Id, m.ReceivedAt, m.EnvelopeTo, m.Subject, m.Raw })
            .ToListAsync(ct);
        var items = rows.Select(r =>
        {
            var headers = ParseHeaders(r.Raw);
            var subject = headers[HeaderId.Subject] ?? r.Subject;
            return new Item(r.Id, r.ReceivedAt, r.EnvelopeTo, subject, headers[KindHeader]);
        }).ToList();
        return new(number, size, total, items);
    }

    public async Task<Message?> OpenAsync(IReadOnlyCollection<string> recipients, long id, CancellationToken ct)
    {
        var row = await Readable(recipients).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (row is null) return null;
        var mime = Parse(row.Raw);
        return new(row.Id, row.ReceivedAt, row.EnvelopeFrom, row.EnvelopeTo, mime.Subject ?? row.Subject,
            mime.Headers.Select(h => new KeyValuePair<string, string>(h.Field, h.Value)).ToList(),
            mime.TextBody, mime.HtmlBody);
    }

    /// <returns>The HTML part of a stored message; null when the message or its HTML part does not exist.</returns>
    public async Task<string?> HtmlAsync(IReadOnlyCollection<string> recipients, long id, CancellationToken ct)
    {
        var raw = await Readable(recipients).Where(m => m.Id == id).Select(m => m.Raw).FirstOrDefaultAsync(ct);
        return raw is null ? null : Parse(raw).HtmlBody;
    }

    // Forewarn sends every message to one recipient (N5 copies are messages of their own), so the envelope holds one address.
    private IQueryable<Core.Delivery.MailboxMessage> Readable(IReadOnlyCollection<string> recipients)
    {
        var list = recipients.ToList();
        return db.Mailbox.AsNoTracking().Where(m => list.Contains(m.EnvelopeTo.ToLower()));
    }

    private static MimeMessage Parse(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        return MimeMessage.Load(stream);
    }

    private static HeaderList ParseHeaders(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        return HeaderList.Load(stream);
    }
}
