using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.Authorization.AllowAnonymous] // an error while signing in must still show this page, not a redirect
public sealed class ErrorModel : PageModel
{
    public string? RequestId { get; private set; }

    /// <summary>The status a re-executed empty response had (404, 400…); null for an unhandled exception.</summary>
    [BindProperty(SupportsGet = true, Name = "status")]
    public int? Status { get; set; }

    public void OnGet() => RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;

    public void OnPost() => OnGet();
}
