using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Forewarn.Api;

/// <summary>The OpenAPI document's title and the bearer scheme every <c>/api/v1</c> operation requires.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeId = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Forewarn API",
            Version = ForewarnApi.DocumentName,
            Description = "Licensing notifications: your Smart Accounts, their inventory and Event Log, and your notification " +
                          "preferences, with the same rules as the web UI. Authenticate with Authorization: Bearer <token> " +
                          "(forewarn token create --user <email>). Errors are RFC 7807 problem details; a 400 carries an " +
                          "'errors' map from field to messages.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A personal access token from 'forewarn token create --user <email>'.",
        };
        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith(ForewarnApi.Prefix, StringComparison.Ordinal) || item.Operations is null) continue;
            foreach (var operation in item.Operations.Values)
            {
                operation.Security ??= [];
                operation.Security.Add(requirement);
            }
        }
        return Task.CompletedTask;
    }
}
