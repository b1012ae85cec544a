using System.Globalization;
using System.Runtime.CompilerServices;
using Forewarn.Core.Data;
using Forewarn.Core.Time;
using Microsoft.EntityFrameworkCore;

namespace Forewarn.Core.Inventory;

/// <summary>
/// The Event Log of a Smart Account as CSV (§7): every event the user can see (the same rule as the tab), newest first,
/// optionally between two calendar dates in the account's zone. Rows are streamed, never loaded all at once.
/// </summary>
public sealed class ExportEventLog(ForewarnDbContext db, TimeProvider clock)
{
    /// <param name="From">First day included (account's zone); null: from the beginning.</param>
    /// <param name="To">Last day included (account's zone); null: up to now.</param>
    public sealed record Request(int UserId, string SmartAccountDomain, DateOnly? From = null, DateOnly? To = null);

    public sealed record Export(SmartAccountHeader Account, DateOnly? From, DateOnly? To, IAsyncEnumerable<ListEvents.Row> Rows);

    public static readonly IReadOnlyList<string> Columns = ["Time", "Type", "Virtual Account", "Message", "User"];

    public async Task<Result<Export>> HandleAsync(Request request, CancellationToken ct)
    {
        if (request.From is DateOnly from && request.To is DateOnly to && to < from)
            return Result<Export>.Invalid([new FieldError("to", $"{to:yyyy-MM-dd} is before from {from:yyyy-MM-dd}.")]);
        var account = await SmartAccountHeader.FindAsync(db, request.UserId, request.SmartAccountDomain, clock, ct);
        if (account is null)
            return Result<Export>.NotFound("smartAccount", $"No Smart Account '{request.SmartAccountDomain}' is visible to you.");

        var events = await ListEvents.VisibleAsync(db, request.UserId, account, ct);
        if (request.From is DateOnly f)
        {
            var start = AccountClock.StartOfDayUtc(f, account.Zone);
            events = events.Where(e => e.At >= start);
        }
        if (request.To is DateOnly t)
        {
            var end = AccountClock.StartOfDayUtc(t.AddDays(1), account.Zone);
            events = events.Where(e => e.At < end);
        }
        var rows = events
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Select(e => new Stored(e.At, e.Type, e.VirtualAccount != null ? e.VirtualAccount.Name : null, e.Message, e.ActorEmail))
            .AsAsyncEnumerable();
        return Result<Export>.Ok(new Export(account, request.From, request.To, Local(rows, account)));
    }

    private sealed record Stored(DateTime At, EventType Type, string? VirtualAccount, string Message, string? Actor);

    private static async IAsyncEnumerable<ListEvents.Row> Local(IAsyncEnumerable<Stored> rows, SmartAccountHeader account,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var e in rows.WithCancellation(ct))
            yield return new ListEvents.Row(account.Local(e.At), e.Type, e.VirtualAccount, e.Message, e.Actor);
    }

    /// <summary>
    /// RFC 4180 CSV: a header row, then one row per event; times ISO 8601 with the account's offset. A field that a
    /// spreadsheet would run as a formula (starting with = + - @ or a tab) is prefixed with an apostrophe.
    /// </summary>
    public static async Task WriteCsvAsync(Export export, TextWriter output, CancellationToken ct)
    {
        await output.WriteAsync(Line(Columns));
        await foreach (var row in export.Rows.WithCancellation(ct))
            await output.WriteAsync(Line(
            [
                row.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                row.Type.ToString(),
                row.VirtualAccount ?? "",
                row.Message,
                row.Actor ?? "",
            ]));
        await output.FlushAsync(ct);
    }

    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Field)) + "\r\n";

    /// <summary>One text field, quoted and defused as <see cref="Csv"/> does for the API.</summary>
    public static string Field(string value) => Csv.Field(value);
}
