using Forewarn.Core.Preferences;
using Forewarn.Web;
using Microsoft.OpenApi;

namespace Forewarn.Api;

/// <summary>
/// <c>GET|PUT /api/v1/smart-accounts/{domain}/preferences</c>: the caller's own notification preferences (N1–N7), through
/// the same handlers as the Preferences tab, so every rule holds identically.
/// </summary>
public static class PreferencesEndpoints
{
    public static void MapPreferences(this RouteGroupBuilder api)
    {
        api.MapGet("/smart-accounts/{domain}/preferences", async (string domain, HttpContext http, GetPreferences handler, CancellationToken ct) =>
                ApiProblems.From(await handler.HandleAsync(new(http.User.UserId(), domain), ct), PreferencesDocument.From))
            .WithName("GetPreferences")
            .WithSummary("Your notification preferences for this Smart Account (new users get the N2 defaults).")
            .Produces<PreferencesDocument>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/smart-accounts/{domain}/preferences", PutAsync)
            .RequireAuthorization(ForewarnApi.BearerOnlyPolicy)
            .WithName("PutPreferences")
            .WithSummary("Replace your notification preferences for this Smart Account; answers what was stored (N3 applied).")
            .WithDescription(
                "Required: dailyEventSummary, statusNotification, events. Optional (missing or null means none): expiringRangeDays, " +
                "additionalEmails. Unknown fields are refused. Only a Smart Account admin may send additional addresses (403 " +
                "otherwise); every address must be valid and within the account's domain (400 naming each). A refused request " +
                "changes nothing. Needs a bearer token: the sign-in cookie is not accepted for changes. Event types: " +
                string.Join(", ", NotificationTypeCatalog.Each) + ". Range options (days): " + string.Join(", ", ExpiringRange.Options) + ".")
            // Described by hand: Accepts<T> metadata would make routing answer a wrong Content-Type with a bare 415, no problem body.
            .AddOpenApiOperationTransformer(async (operation, context, ct) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(PreferencesDocument), null, ct) },
                },
            })
            .Produces<PreferencesDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> PutAsync(string domain, HttpContext http, SavePreferences handler, CancellationToken ct)
    {
        // The body is read by hand so a malformed one is answered with the field and the reason, not a bare 400.
        if (!http.Request.HasJsonContentType())
            return ApiProblems.UnsupportedMediaType("Send the preferences as JSON with Content-Type: application/json.");
        var (body, errors) = await PreferencesBody.ReadAsync(http.Request.Body, ct);
        if (body is null) return ApiProblems.Invalid(errors);

        var result = await handler.HandleAsync(new SavePreferences.Request(http.User.UserId(), domain,
            body.DailyEventSummary, body.StatusNotification, body.Events, body.ExpiringRangeDays, body.AdditionalEmails), ct);
        return ApiProblems.From(result, PreferencesDocument.From);
    }
}
