using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Core.Preferences;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages;

/// <summary>
/// Manage Licenses → Preferences → Notifications (N1–N6) for the signed-in user and the selected Smart Account.
/// The form carries no user id: whose preferences these are comes from the sign-in alone. Save calls the same handler
/// as the API (SavePreferences), which applies N3 and N5 and refuses a non-admin's addresses; a refused save stores
/// nothing and the page shows the user's input again with every error next to its field.
/// </summary>
public sealed class PreferencesModel(
    ListSmartAccounts listSmartAccounts, GetPreferences getPreferences, SavePreferences savePreferences, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    public const string SavedMessage = "Saved. Notifications will follow these preferences.";

    // The form as the user filled it in (on GET: as saved). Check boxes left unticked are simply absent from a POST.
    [BindProperty] public bool DailyEventSummary { get; set; }
    [BindProperty] public bool StatusNotification { get; set; }
    [BindProperty] public List<string> Events { get; set; } = [];
    [BindProperty] public int? ExpiringRangeDays { get; set; }
    [BindProperty] public string? AdditionalEmails { get; set; }

    /// <summary>What is stored: the Reset button returns the form to this.</summary>
    public PreferencesView? Saved { get; private set; }

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public bool ShowsAdditionalEmails => Saved?.IsSmartAccountAdmin == true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        if (!await LoadSavedAsync(ct)) return UnknownAccountPage();
        var saved = Saved!;
        DailyEventSummary = saved.DailyEventSummary;
        StatusNotification = saved.StatusNotification;
        Events = saved.Events.ToList();
        ExpiringRangeDays = saved.ExpiringRangeDays;
        AdditionalEmails = saved.AdditionalEmails is { } list ? string.Join(", ", list) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // A save names its account explicitly: never "the first one" by default.
        if (string.IsNullOrWhiteSpace(Sa)) return BadRequest();
        await LoadAccountsAsync(ct);
        if (Selected is null || !await LoadSavedAsync(ct)) return UnknownAccountPage();

        // Values the binder could not read (e.g. a range that is not a number) are refused like the handler's errors.
        var unreadable = ModelState.Where(e => e.Value is { Errors.Count: > 0 })
            .Select(e => new FieldError(FieldName(e.Key), $"'{e.Value!.AttemptedValue}' is not valid.")).ToList();
        if (unreadable.Count > 0) return Refused(StatusCodes.Status400BadRequest, unreadable);

        var result = await savePreferences.HandleAsync(new SavePreferences.Request(
            User.UserId(), Selected.Domain, DailyEventSummary, StatusNotification, Events, ExpiringRangeDays,
            AdditionalEmails is null ? null : [AdditionalEmails]), ct);
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Status"] = SavedMessage;
                return RedirectToPage("/Preferences", new { sa = Selected.Domain });
            case Outcome.NotFound:
                return UnknownAccountPage();
            case Outcome.Forbidden:
                return Refused(StatusCodes.Status403Forbidden, result.Errors);
            default:
                return Refused(StatusCodes.Status400BadRequest, result.Errors);
        }
    }

    /// <summary>The handler's error fields, grouped by where the page shows them.</summary>
    public IEnumerable<FieldError> ErrorsFor(string group) => Errors.Where(e => Group(e.Field) == group);

    /// <summary>Errors with no field of their own on this page (e.g. additional addresses sent by a non-admin).</summary>
    public IEnumerable<FieldError> UnplacedErrors => Errors.Where(e => Group(e.Field) is null);

    private string? Group(string field) => field switch
    {
        "dailyEventSummary" or "statusNotification" => "channels",
        "events" => "events",
        _ when field.StartsWith("events[", StringComparison.Ordinal) => "events",
        "expiringRangeDays" => "expiringRangeDays",
        "additionalEmails" when ShowsAdditionalEmails => "additionalEmails",
        _ => null,
    };

    private static string FieldName(string key) => key.Length == 0 ? key : char.ToLowerInvariant(key[0]) + key[1..];

    private async Task<bool> LoadSavedAsync(CancellationToken ct)
    {
        var saved = await getPreferences.HandleAsync(new GetPreferences.Request(User.UserId(), Selected!.Domain), ct);
        Saved = saved.Value;
        return saved.IsOk;
    }

    private PageResult Refused(int status, IReadOnlyList<FieldError> errors)
    {
        Errors = errors;
        Response.StatusCode = status;
        return Page();
    }
}
