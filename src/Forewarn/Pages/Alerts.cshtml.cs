using Forewarn.Core;
using Forewarn.Core.Alerts;
using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages;

/// <summary>
/// Manage Licenses → Alerts (§1, issue 4 item 3): the alerts the user can see, by severity then action due, filtered by
/// severity and state (GET). Dismiss (A5) POSTs with the anti-forgery token and calls the same handler as the API; the
/// answer is a redirect back with a confirmation, or the refusal with its status (a viewer's hand-made POST gets 403).
/// </summary>
public sealed class AlertsModel(ListSmartAccounts listSmartAccounts, ListAlerts listAlerts, DismissAlert dismissAlert, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    [BindProperty(SupportsGet = true, Name = "severity")]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    public ListAlerts.View? View { get; private set; }

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public static readonly string[] Severities = Enum.GetNames<AlertSeverity>();
    public static readonly string[] States = Enum.GetNames<AlertState>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        var result = await listAlerts.HandleAsync(new(User.UserId(), Selected.Domain, Severity, State, new PageRequest(PageNumber)), ct);
        switch (result.Outcome)
        {
            case Outcome.Ok:
                View = result.Value;
                return Page();
            case Outcome.NotFound:
                return UnknownAccountPage();
            default:
                // A filter the handler cannot read: say which and why, and show the unfiltered list beneath.
                Errors = result.Errors;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                View = (await listAlerts.HandleAsync(new(User.UserId(), Selected.Domain, Page: new PageRequest(PageNumber)), ct)).Value;
                return Page();
        }
    }

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct)
    {
        // A dismissal names its account explicitly: never "the first one" by default.
        if (string.IsNullOrWhiteSpace(Sa)) return BadRequest();
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccountPage();
        var result = await dismissAlert.HandleAsync(new(User.UserId(), Selected.Domain, id), ct);
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Status"] = $"Dismissed: {result.Value!.Message}";
                return RedirectToPage("/Alerts", new { sa = Selected.Domain, severity = Severity, state = State });
            case Outcome.Forbidden:
                return await Refused(StatusCodes.Status403Forbidden, result.Errors);
            case Outcome.NotFound:
                return await Refused(StatusCodes.Status404NotFound, result.Errors);
            default:
                return await Refused(StatusCodes.Status400BadRequest, result.Errors);
        }
    }

    private async Task<IActionResult> Refused(int status, IReadOnlyList<FieldError> errors)
    {
        Errors = errors;
        Response.StatusCode = status;
        View = (await listAlerts.HandleAsync(new(User.UserId(), Selected!.Domain, Page: new PageRequest(PageNumber)), HttpContext.RequestAborted)).Value;
        return Page();
    }

    /// <summary>Only http and https become links: the ordering URL is configuration, but a <c>javascript:</c> one must not run.</summary>
    public static bool IsWebLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static string RowClass(ListAlerts.Row row) => row.Severity.ToString().ToLowerInvariant();
}
