using Forewarn.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Delivery;

/// <summary>The development mailbox's list (M3): newest first, a page at a time.</summary>
public sealed class ListMailbox(ForewarnDbContext db)
{
    public const int MaxPageSize = 200;

    /// <param name="Page">1-based.</param>
    /// <param name="PageSize">1 to <see cref="MaxPageSize"/>.</param>
    public sealed record Request(int Page = 1, int PageSize = 50);

    public sealed record Item(long Id, DateTime ReceivedAt, string EnvelopeFrom, string EnvelopeTo, string Subject);

    /// <param name="Total">Messages in the mailbox, for paging.</param>
    public sealed record MailboxPage(IReadOnlyList<Item> Items, int Page, int PageSize, int Total);

    /// <summary>The page, or the errors naming each bad field (nothing is read then).</summary>
    public sealed record Result(MailboxPage? Value, IReadOnlyList<string> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    public static IReadOnlyList<string> Validate(Request request)
    {
        var errors = new List<string>();
        if (request.Page < 1) errors.Add($"page: must be 1 or more (got {request.Page}).");
        if (request.PageSize is < 1 or > MaxPageSize) errors.Add($"pageSize: must be 1-{MaxPageSize} (got {request.PageSize}).");
        return errors;
    }

    public async Task<Result> HandleAsync(Request request, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0) return new(null, errors);

        var total = await db.Mailbox.CountAsync(ct);
        var items = await db.Mailbox.AsNoTracking()
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Select(m => new Item(m.Id, m.ReceivedAt, m.EnvelopeFrom, m.EnvelopeTo, m.Subject))
            .ToListAsync(ct);
        return new(new MailboxPage(items, request.Page, request.PageSize, total), []);
    }
}
