using Forewarn.Core;
using Forewarn.Core.Accounts;
using Forewarn.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Forewarn.Pages.Account;

/// <summary>
/// Sign-in with email and password (the SignIn handler checks it and locks out after repeated failures). One message for
/// a wrong email or password, so the page never tells whether an account exists; after success, back to a local
/// return URL only (never an open redirect).
/// </summary>
[AllowAnonymous]
public sealed class SignInModel(SignIn signIn, ListDemoUsers listDemoUsers) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }

    /// <summary>Where the cookie middleware sent the user from (<c>?ReturnUrl=</c>), kept in the form.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>The refusal to show above the form: one message for wrong credentials, unknown email and lock-out.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Users of the bundled sample who still have the demo password; the hint is shown only while there are some.</summary>
    public IReadOnlyList<ListDemoUsers.DemoUser> DemoUsers { get; private set; } = [];

    public string DemoPassword => FirstStart.DemoPassword;

    public async Task OnGetAsync(CancellationToken ct) => DemoUsers = await listDemoUsers.HandleAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signIn.HandleAsync(new Core.Accounts.SignIn.Request(Email ?? "", Password ?? ""), ct);
        if (result is not { IsOk: true, Value: { } who })
        {
            Refusal = Core.Accounts.SignIn.WrongCredentials;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Password = null;
            DemoUsers = await listDemoUsers.HandleAsync(ct);
            return Page();
        }
        var principal = ForewarnAuthentication.Principal(who.UserId, who.Email, who.Name, ForewarnAuthentication.CookieScheme, who.SessionStamp);
        await HttpContext.SignInAsync(ForewarnAuthentication.CookieScheme, principal);
        return LocalRedirect(SafeReturnUrl(ReturnUrl, Url));
    }

    /// <summary>A return URL on this site, or the start page: never another host (<c>//evil.example</c>, <c>https://…</c>).</summary>
    public static string SafeReturnUrl(string? returnUrl, IUrlHelper url) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
