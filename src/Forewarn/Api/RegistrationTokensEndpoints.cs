using System.Text.Json;
using Forewarn.Core;
using Forewarn.Core.Lifecycle;
using Forewarn.Web;
using Microsoft.OpenApi;

namespace Forewarn.Api;

/// <summary>
/// <c>POST /api/v1/smart-accounts/{domain}/registration-tokens</c> creates a registration token for a Virtual Account
/// (bearer only; the token is in the answer once) and <c>GET</c> the same path lists the tokens the caller administers,
/// never the secret (L5, docs/decisions/0703). Same handlers as <c>forewarn registration-token</c>.
/// </summary>
public static class RegistrationTokensEndpoints
{
    /// <summary>The POST body: <c>virtualAccount</c> required; <c>description</c> and <c>validDays</c> (1–365, default 30) optional.</summary>
    public sealed record NewRegistrationToken(string VirtualAccount, string? Description = null, int? ValidDays = null);

    /// <param name="ExpiresAt">UTC.</param>
    public sealed record CreatedRegistrationToken(int Id, string Token, string SmartAccount, string VirtualAccount, DateTime ExpiresAt);

    /// <param name="Prefix">The token's first characters, to tell tokens apart; the token itself is never shown again.</param>
    /// <param name="State">Active, or Expired (an expired token registers nothing).</param>
    public sealed record RegistrationTokenItem(int Id, string VirtualAccount, string Prefix, string Description, string CreatedBy,
        DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string State);

    public sealed record RegistrationTokenList(string SmartAccount, IReadOnlyList<RegistrationTokenItem> Items);

    private const string Path = "/smart-accounts/{domain}/registration-tokens";
    private const string VirtualAccount = "virtualAccount", Description = "description", ValidDays = "validDays";
    private static readonly string[] Fields = [VirtualAccount, Description, ValidDays];

    public static void MapRegistrationTokens(this RouteGroupBuilder api)
    {
        api.MapGet(Path, ListAsync)
            .WithName("ListRegistrationTokens")
            .WithSummary("Registration tokens of the Virtual Accounts you administer (all of them for a Smart Account admin); never the token itself.")
            .Produces<RegistrationTokenList>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost(Path, CreateAsync)
            .RequireAuthorization(ForewarnApi.BearerOnlyPolicy)
            .WithName("CreateRegistrationToken")
            .WithSummary("Create a registration token for a Virtual Account; product instances register with it at POST /api/agent/v1/register.")
            .WithDescription(
                "Body: virtualAccount (required), description (optional, at most 200 characters), validDays (optional, 1 to 365, " +
                "default 30). Allowed for a Smart Account admin and for an admin of that Virtual Account (403 otherwise); an account or " +
                "Virtual Account you cannot see is 404. The answer holds the token once; only its hash is stored. A refused request " +
                "stores nothing. Needs a bearer token: the sign-in cookie is not accepted for changes.")
            // Described by hand: Accepts<T> metadata would make routing answer a wrong Content-Type with a bare 415, no problem body.
            .AddOpenApiOperationTransformer(async (operation, context, ct) => operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(NewRegistrationToken), null, ct) },
                },
            })
            .Produces<CreatedRegistrationToken>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> ListAsync(string domain, HttpContext http, ListRegistrationTokens handler, CancellationToken ct) =>
        ApiProblems.From(await handler.HandleAsync(new(http.User.UserId(), domain), ct), view => new RegistrationTokenList(view.SmartAccount,
            view.Tokens.Select(t => new RegistrationTokenItem(t.Id, t.VirtualAccount, t.Prefix, t.Description, t.CreatedBy, t.CreatedAt,
                t.ExpiresAt, t.State.ToString())).ToList()));

    private static async Task<IResult> CreateAsync(string domain, HttpContext http, CreateRegistrationToken handler, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
            return ApiProblems.UnsupportedMediaType("Send the registration token as JSON with Content-Type: application/json.");
        var (body, errors) = await ReadAsync(http.Request.Body, ct);
        if (body is null) return ApiProblems.Invalid(errors);

        var daysError = CreateRegistrationToken.CheckValidDays(body.ValidDays);
        var request = new CreateRegistrationToken.Request(http.User.UserId(), domain, body.VirtualAccount, body.Description,
            daysError is null ? CreateRegistrationToken.ValidForDays(body.ValidDays) : null);
        // Every problem at once: the type errors, the days, and the handler's own checks of fields not already refused.
        var invalid = errors.Concat(daysError is null ? [] : [daysError])
            .Concat(CreateRegistrationToken.Validate(request).Where(e => errors.All(t => t.Field != e.Field))).ToList();
        if (invalid.Count > 0) return ApiProblems.Invalid(invalid);

        var result = await handler.HandleAsync(request, ct);
        if (result is not { IsOk: true, Value: { } created }) return ApiProblems.From(result, v => v);
        http.Response.Headers.CacheControl = "no-store"; // the answer carries the token
        return TypedResults.Created((string?)null,
            new CreatedRegistrationToken(created.Id, created.Token, created.SmartAccount, created.VirtualAccount, created.ExpiresAt));
    }

    /// <summary>
    /// The body read strictly, like the preferences (0501): a JSON object with only the fields of
    /// <see cref="NewRegistrationToken"/>, each of its type; every type error at once, naming its field. The body is null
    /// only when it is no JSON object; otherwise it holds what could be read (a field of the wrong type as missing), so the
    /// caller can report the value errors beside the type errors.
    /// </summary>
    public static async Task<(NewRegistrationToken? Body, IReadOnlyList<FieldError> Errors)> ReadAsync(Stream stream, CancellationToken ct)
    {
        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, [new FieldError("body", $"is not valid JSON: {e.Message}")]);
        }
        if (root.ValueKind != JsonValueKind.Object)
            return (null, [new FieldError("body", $"must be a JSON object {{virtualAccount, description, validDays}}, not {Kind(root)}.")]);

        var errors = new List<FieldError>();
        var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!Fields.Contains(property.Name, StringComparer.Ordinal))
            {
                var meant = Fields.FirstOrDefault(f => string.Equals(f, property.Name, StringComparison.OrdinalIgnoreCase));
                errors.Add(new FieldError(property.Name, meant is null
                    ? $"is not a field of a registration token; the fields are {string.Join(", ", Fields)}."
                    : $"is not a field of a registration token; did you mean '{meant}'? (names are case-sensitive)"));
            }
            else if (!seen.TryAdd(property.Name, property.Value))
                errors.Add(new FieldError(property.Name, "is given more than once."));
        }

        string? Text(string field, string what)
        {
            if (!seen.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            errors.Add(new FieldError(field, $"must be a string ({what}), not {Kind(value)}."));
            return null;
        }
        var va = Text(VirtualAccount, "the Virtual Account's name");
        var description = Text(Description, "what the token is for");
        int? days = null;
        if (seen.TryGetValue(ValidDays, out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var n)) days = n;
            else errors.Add(new FieldError(ValidDays, $"must be a whole number of days from 1 to 365, or null for 30, not {Kind(d)}."));
        }
        // A missing virtualAccount is the handler's to name ("is required"), with the other fields' problems.
        return (new NewRegistrationToken(va ?? "", description, days), errors);
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
