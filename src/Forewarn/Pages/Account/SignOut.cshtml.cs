using Forewarn.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages.Account;

/// <summary>POST /signout (anti-forgery checked) ends the session; a GET only offers the button, so a link cannot sign anyone out.</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ForewarnAuthentication.CookieScheme);
        return RedirectToPage("/Account/SignIn");
    }
}
