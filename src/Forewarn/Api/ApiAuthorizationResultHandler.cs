using Forewarn.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Mvc;

namespace Forewarn.Api;

/// <summary>
/// For API paths, a refused request gets a ProblemDetails body, and a 401 says how to authenticate
/// (<c>WWW-Authenticate: Bearer</c>, RFC 6750). Every other path is left to the framework's handler (sign-in redirect).
/// </summary>
public sealed class ApiAuthorizationResultHandler(AuthorizationMiddlewareResultHandler framework, IProblemDetailsService problems)
    : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        await framework.HandleAsync(next, context, policy, result);
        if (result.Succeeded || !context.Request.Path.StartsWithSegments(ForewarnApi.Prefix) || context.Response.HasStarted) return;

        var status = context.Response.StatusCode;
        string detail;
        if (status == StatusCodes.Status401Unauthorized)
        {
            var sentToken = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
            if (sentToken)
            {
                context.Response.Headers.WWWAuthenticate =
                    "Bearer realm=\"forewarn\", error=\"invalid_token\", error_description=\"The token is unknown or revoked.\"";
                detail = "The bearer token is unknown or revoked.";
            }
            else
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"forewarn\"";
                var cookie = (await context.AuthenticateAsync(ForewarnAuthentication.CookieScheme)).Succeeded;
                detail = cookie
                    ? "Changes through the API need Authorization: Bearer <token> (forewarn token create); the sign-in cookie is accepted for reading only."
                    : "Send Authorization: Bearer <token>; create a token with: forewarn token create --user <email>.";
            }
        }
        else if (status == StatusCodes.Status403Forbidden) detail = "You may not do this.";
        else return;

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? "Authentication required." : "Not allowed.",
                Detail = detail,
            },
        });
    }
}
