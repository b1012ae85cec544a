using System.Globalization;
using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Core.Time;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages.Shared;

/// <summary>
/// A page shown for the Smart Account chosen in the selector at the top right (<c>?sa=&lt;domain&gt;</c>; default the
/// first account by name). Only accounts the signed-in user holds access to are listed.
/// </summary>
public abstract class AccountPageModel(ListSmartAccounts listSmartAccounts, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "sa")]
    public string? Sa { get; set; }

    /// <summary>The page number of a paged list (<c>?p=</c>; <c>page</c> is taken by Razor Pages routing).</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<ListSmartAccounts.Item> Accounts { get; private set; } = [];
    public ListSmartAccounts.Item? Selected { get; private set; }

    /// <summary>The request named a domain no Smart Account has.</summary>
    public bool UnknownAccount { get; private set; }

    public bool NoAccounts => Accounts.Count == 0;

    /// <summary>Today in the selected account's zone (UTC when there is no account).</summary>
    public DateOnly SelectedToday =>
        AccountClock.Today(clock, Selected is null ? TimeZoneInfo.Utc : AccountClock.Zone(Selected.TimeZone));

    protected async Task LoadAccountsAsync(CancellationToken ct)
    {
        Accounts = await listSmartAccounts.HandleAsync(new(User.UserId()), ct);
        Selected = string.IsNullOrWhiteSpace(Sa)
            ? Accounts.FirstOrDefault()
            : Accounts.FirstOrDefault(a => string.Equals(a.Domain, Sa.Trim(), StringComparison.OrdinalIgnoreCase));
        UnknownAccount = !string.IsNullOrWhiteSpace(Sa) && Selected is null;
        ViewData[AccountSelector.ViewDataKey] = new AccountSelector(Accounts, Selected?.Domain, Request.PathBase + Request.Path);
    }

    /// <summary>
    /// An id from the query (<c>?license=</c>, <c>?instance=</c>): null when absent; a refusal naming the field when it is not
    /// a whole number, so a mistyped link says so instead of quietly showing everything.
    /// </summary>
    protected static int? ReadId(string field, string what, string? text, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        errors.Add(new FieldError(field, $"'{text}' is not a {what} id: ids are whole numbers such as 42."));
        return null;
    }

    /// <summary>The page, with status 404 and its "no such account" message.</summary>
    protected IActionResult UnknownAccountPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}

/// <summary>What the selector in the header shows; the form GETs the current path so the user stays on the same page.</summary>
public sealed record AccountSelector(IReadOnlyList<ListSmartAccounts.Item> Accounts, string? Selected, string Path)
{
    public const string ViewDataKey = "Forewarn.AccountSelector";
}
