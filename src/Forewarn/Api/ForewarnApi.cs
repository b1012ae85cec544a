using System.Text.Json.Serialization;
using Forewarn.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.OpenApi;

namespace Forewarn.Api;

/// <summary>
/// The HTTP API under <c>/api/v1</c> (issue 3, item 5): thin endpoints over the same Core handlers as the UI, errors as
/// RFC 7807 ProblemDetails, described at <c>/openapi/v1.json</c>.
/// </summary>
public static class ForewarnApi
{
    public const string Prefix = "/api/v1";
    public const string DocumentName = "v1";

    /// <summary>Writes accept only <c>Authorization: Bearer</c>: the sign-in cookie carries no anti-forgery token here (0502).</summary>
    public const string BearerOnlyPolicy = "ApiBearerOnly";

    public static IServiceCollection AddForewarnApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // Numbers are numbers: the body reader refuses "30" for 30, so the OpenAPI schemas must not offer strings either.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddOpenApi(DocumentName, o =>
        {
            // The document describes the API only, not the mailbox or other endpoints of the web UI.
            o.ShouldInclude = d => d.RelativePath?.StartsWith(Prefix.TrimStart('/') + "/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<ApiDocumentTransformer>();
        });
        services.AddAuthorizationBuilder().AddPolicy(BearerOnlyPolicy, p => p
            .AddAuthenticationSchemes(ForewarnAuthentication.BearerScheme)
            .RequireAuthenticatedUser());
        // Decorates the framework's handler: API refusals get WWW-Authenticate and a ProblemDetails body; pages are untouched.
        services.AddSingleton<AuthorizationMiddlewareResultHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapForewarnApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

        var api = app.MapGroup(Prefix).RequireAuthorization().WithTags("Forewarn").LimitRequestBodies();
        api.MapMe();
        api.MapSmartAccounts();
        api.MapPreferences();
        api.MapLicenses();
        api.MapProductInstances();
        api.MapEvents();
        api.MapAlerts();
        api.MapRegistrationTokens();
        return app;
    }

    /// <summary>Documents the CSV answer beside the JSON one (a second Produces for 200 would replace it).</summary>
    public static RouteHandlerBuilder ProducesCsv(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content is not null)
                ok.Content["text/csv"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "RFC 4180 CSV with a header row." },
                };
            return Task.CompletedTask;
        });
}
