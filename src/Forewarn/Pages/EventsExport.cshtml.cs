using System.Text;
using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace Forewarn.Pages;

/// <summary>The Event Log as CSV (§7): what the signed-in user sees on the tab, every page of it, optionally between two dates.</summary>
public sealed class EventsExportModel(ExportEventLog exportEventLog, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "sa")] public string? Sa { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public DateOnly? To { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
            return BadRequest(string.Join("\n", ModelState.Where(e => e.Value is { Errors.Count: > 0 })
                .Select(e => $"{e.Key}: '{e.Value!.AttemptedValue}' is not a date like 2026-12-03.")));
        if (string.IsNullOrWhiteSpace(Sa)) return BadRequest("sa: name the Smart Account, e.g. ?sa=acme-networks.com.");
        var result = await exportEventLog.HandleAsync(new ExportEventLog.Request(User.UserId(), Sa, From, To), ct);
        if (result.Outcome == Outcome.NotFound) return NotFound(result.Errors[0].Message);
        if (result is not { IsOk: true, Value: { } export }) return BadRequest(string.Join("\n", result.Errors));

        var today = Core.Time.AccountClock.Today(clock, export.Account.Zone);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers[HeaderNames.ContentDisposition] = new ContentDispositionHeaderValue("attachment")
        {
            FileNameStar = $"event-log-{export.Account.Domain}-{today:yyyy-MM-dd}.csv",
        }.ToString();
        Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await ExportEventLog.WriteCsvAsync(export, writer, ct);
        return new EmptyResult();
    }
}
