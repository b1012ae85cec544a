using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages;

/// <summary>The start page is the Licenses list.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet([FromQuery(Name = "sa")] string? sa) => RedirectToPage("/Licenses", new { sa });
}
