using System.Security.Claims;
using System.Text.Encodings.Web;
using Forewarn.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Forewarn.Web;

/// <summary>
/// Who is calling: a browser with the sign-in cookie, or an API client with <c>Authorization: Bearer &lt;token&gt;</c>.
/// Everything requires a signed-in user unless a page or endpoint says [AllowAnonymous].
/// </summary>
public static class ForewarnAuthentication
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string BearerScheme = "Bearer";
    private const string EitherScheme = "CookieOrBearer";
    public const string SessionStampClaim = "forewarn:session";

    public static IServiceCollection AddForewarnAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(EitherScheme)
            .AddPolicyScheme(EitherScheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "forewarn.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/signin";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // The API answers 401/403, never a redirect to a sign-in page.
                o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
                // A session ends when its user's password changes (or the user is gone): see ValidateSession.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
                    var stamp = ctx.Principal?.FindFirstValue(SessionStampClaim) ?? "";
                    var stands = int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId)
                                 && await ctx.HttpContext.RequestServices.GetRequiredService<ValidateSession>()
                                     .HandleAsync(new(userId, stamp), ctx.HttpContext.RequestAborted);
                    if (stands) return;
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(CookieScheme);
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(BearerScheme, null);
        services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <param name="sessionStamp">For the cookie: the password fingerprint the session was signed in with.</param>
    public static ClaimsPrincipal Principal(int userId, string email, string name, string scheme, string? sessionStamp = null) =>
        new(new ClaimsIdentity(
        new[]
        {
            new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Email, email),
            new Claim(ClaimTypes.Name, name),
        }.Concat(sessionStamp is null ? [] : [new Claim(SessionStampClaim, sessionStamp)]), scheme));

    /// <summary>The signed-in user's id (every authorised request has one).</summary>
    public static int UserId(this ClaimsPrincipal user) =>
        int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user."),
            System.Globalization.CultureInfo.InvariantCulture);

    public static string Email(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Email) ?? "";
}

/// <summary>Authenticates <c>Authorization: Bearer &lt;personal access token&gt;</c> against the stored token hashes.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AuthenticateApiToken tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var who = await tokens.HandleAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (who is null) return AuthenticateResult.Fail("The bearer token is unknown or revoked.");
        var principal = ForewarnAuthentication.Principal(who.UserId, who.Email, who.Name, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
