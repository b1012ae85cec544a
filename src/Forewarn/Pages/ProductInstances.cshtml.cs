using Forewarn.Core;
using Forewarn.Core.Inventory;
using Forewarn.Pages.Shared;
using Forewarn.Web;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Pages;

/// <summary>
/// Inventory → Product Instances; <c>?instance=&lt;id&gt;</c> shows only that instance (the Alerts tab links here, issue 4
/// item 3). An instance the user cannot see answers 404 with the same words as one that does not exist (§1).
/// </summary>
public sealed class ProductInstancesModel(ListSmartAccounts listSmartAccounts, ListProductInstances listProductInstances, TimeProvider clock)
    : AccountPageModel(listSmartAccounts, clock)
{
    [BindProperty(SupportsGet = true, Name = "instance")]
    public string? InstanceQuery { get; set; }

    /// <summary>The instance the list is narrowed to, when <c>?instance=</c> was a valid id.</summary>
    public int? InstanceId { get; private set; }

    public AccountListPage<ListProductInstances.Row>? List { get; private set; }

    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAccountsAsync(ct);
        if (Selected is null) return UnknownAccount ? UnknownAccountPage() : Page();
        var errors = new List<FieldError>();
        InstanceId = ReadId("instance", "product instance", InstanceQuery, errors);
        List = await listProductInstances.HandleAsync(new(User.UserId(), Selected.Domain, new PageRequest(PageNumber), InstanceId), ct);
        if (List is null) return UnknownAccountPage();
        // A bad id: say which and why, and show every instance beneath (as the Alerts tab does with a bad filter).
        Errors = errors;
        if (errors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (InstanceId is not null && List.Total == 0) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
