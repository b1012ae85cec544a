using System.Globalization;
using Forewarn.Core.Digest;
using Forewarn.Core.Delivery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages;

/// <summary>The "Run daily summary" button: compose every account's digest for the date (§3), deliver, show the figures.</summary>
public sealed class DailySummaryModel(RunDailySummary runDailySummary, OutboxDispatcher outbox) : PageModel
{
    [BindProperty(Name = "sa")]
    public string? Sa { get; set; }

    [BindProperty(Name = "date")]
    public DateOnly? Date { get; set; }

    public IActionResult OnGet([FromQuery(Name = "sa")] string? sa) => RedirectToPage("/Mailbox/Index", new { sa });

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid || Date is not DateOnly date)
        {
            TempData["Error"] = "Digest date: give a date as yyyy-MM-dd. Nothing was run.";
            return RedirectToPage("/Mailbox/Index", new { sa = Sa });
        }
        if (RunDailySummary.DateProblem(date) is { } problem)
        {
            TempData["Error"] = $"Digest date: {problem}. Nothing was run.";
            return RedirectToPage("/Mailbox/Index", new { sa = Sa });
        }
        var summary = await runDailySummary.HandleAsync(new(date), ct);
        var delivered = await outbox.DrainAsync(ct);
        TempData["Status"] = Describe(date, summary, delivered);
        return RedirectToPage("/Mailbox/Index", new { sa = Sa });
    }

    public static string Describe(DateOnly date, RunDailySummary.Summary s, DeliveryReport d)
    {
        var c = CultureInfo.InvariantCulture;
        var notYet = s.NotYetDue > 0
            ? string.Create(c, $"; {s.NotYetDue} Smart Account(s) skipped because {date:yyyy-MM-dd} has not begun in their time zone")
            : "";
        return string.Create(c, $"Daily summary for {date:yyyy-MM-dd}: {s.SmartAccounts} Smart Accounts, {s.Recipients} recipients; ") +
               string.Create(c, $"{s.DigestsQueued} digests and {s.CopiesQueued} copies queued, {s.SkippedEmpty} skipped as empty, ") +
               string.Create(c, $"{s.AlreadyDecided} already decided earlier{notYet}. ") +
               string.Create(c, $"Delivery: {d.Sent} sent, {d.Failed} failed, {d.Deferred} deferred.");
    }
}
