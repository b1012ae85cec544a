using System.Text.Json;
using System.Text.Json.Serialization;
using Forewarn.Core;
using Forewarn.Core.Lifecycle;

namespace Forewarn.Agent;

/// <summary>
/// The agent API (<c>/api/agent/v1</c>, L5) through which product instances register, check in and report license
/// usage. Not for people: it takes no cookies and is open to the user sign-in policy ([AllowAnonymous]); registration
/// authenticates with a registration token in the body, everything else with the instance credential as a Bearer
/// token (docs/decisions/0703-lifecycle-agent-api.md). Refusals are ProblemDetails naming the field by its JSON path.
/// </summary>
public static class AgentEndpoints
{
    public const string Prefix = "/api/agent/v1";
    private const string InstanceKey = "forewarn.agent.instance";
    private const int MaxBodyBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var agent = app.MapGroup(Prefix).AllowAnonymous().WithTags("Agent");
        agent.MapPost("/register", Register);
        var instance = agent.MapGroup("").AddEndpointFilter(RequireInstanceCredential);
        instance.MapPost("/check-in", CheckInAsync);
        instance.MapPut("/usage", ReportUsage);
        return app;
    }

    private static async Task<IResult> Register(HttpContext context, RegisterProductInstance handler, CancellationToken ct)
    {
        var (root, problem) = await ReadBodyAsync(context, ct);
        if (problem is not null) return problem;
        if (root!.Value.ValueKind != JsonValueKind.Object)
            return Invalid([new("$", "must be a JSON object {token, udiPid, udiSerialNumber, name, productType}.")]);
        var errors = new List<FieldError>();
        string? Field(string name)
        {
            if (!root.Value.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            if (value.ValueKind == JsonValueKind.String) return value.GetString();
            errors.Add(new($"$.{name}", $"must be a string (got {Kind(value)})."));
            return null;
        }
        var request = new RegisterProductInstance.Request(Field("token"), Field("udiPid"), Field("udiSerialNumber"), Field("name"), Field("productType"));
        // Type errors and value errors together, so the agent learns everything wrong at once.
        errors.AddRange(Unreported(errors, RegisterProductInstance.Validate(request)));
        if (errors.Count > 0) return Invalid(errors);

        var result = await handler.HandleAsync(request, ct);
        context.Response.Headers.CacheControl = "no-store"; // the answer carries a credential
        return result.Outcome switch
        {
            Outcome.Ok => Results.Json(new
            {
                instanceId = result.Value!.InstanceId, credential = result.Value.Credential, smartAccount = result.Value.SmartAccount,
                virtualAccount = result.Value.VirtualAccount, registeredAgain = result.Value.Again, movedFromVirtualAccount = result.Value.MovedFrom,
            }, Json, statusCode: result.Value.Again ? StatusCodes.Status200OK : StatusCodes.Status201Created),
            // The registration token is the caller's credential: an unknown or expired one is 401, not 404.
            Outcome.NotFound => Unauthorized(context, string.Join(" ", result.Errors)),
            _ => Invalid(result.Errors),
        };
    }

    private static async Task<IResult> CheckInAsync(HttpContext context, CheckIn handler, CancellationToken ct)
    {
        var result = await handler.HandleAsync(new(Instance(context).InstanceId), ct);
        return result.IsOk ? Results.Json(result.Value, Json) : Gone(result.Errors);
    }

    private static async Task<IResult> ReportUsage(HttpContext context, ReportLicenseUsage handler, CancellationToken ct)
    {
        var (root, problem) = await ReadBodyAsync(context, ct);
        if (problem is not null) return problem;
        if (root!.Value.ValueKind != JsonValueKind.Array)
            return Invalid([new("$", "must be a JSON array of {license, quantity}, every license the instance uses ([] for none).")]);
        var errors = new List<FieldError>();
        var entries = new List<ReportLicenseUsage.Entry>();
        var i = 0;
        foreach (var item in root.Value.EnumerateArray())
        {
            var path = $"$[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, $"must be an object {{license, quantity}} (got {Kind(item)})."));
                entries.Add(new(null, null));
                continue;
            }
            string? license = null;
            int? quantity = null;
            if (item.TryGetProperty("license", out var l) && l.ValueKind != JsonValueKind.Null)
            {
                if (l.ValueKind == JsonValueKind.String) license = l.GetString();
                else errors.Add(new($"{path}.license", $"must be a string (got {Kind(l)})."));
            }
            if (item.TryGetProperty("quantity", out var q) && q.ValueKind != JsonValueKind.Null)
            {
                if (q.ValueKind == JsonValueKind.Number && q.TryGetInt32(out var n)) quantity = n;
                else errors.Add(new($"{path}.quantity", $"must be a whole number (got {(q.ValueKind == JsonValueKind.Number ? q.GetRawText() : Kind(q))})."));
            }
            entries.Add(new(license, quantity));
        }
        var request = new ReportLicenseUsage.Request(Instance(context).InstanceId, entries);
        errors.AddRange(Unreported(errors, ReportLicenseUsage.Validate(request)));
        if (errors.Count > 0) return Invalid(errors);

        var result = await handler.HandleAsync(request, ct);
        return result.Outcome switch
        {
            Outcome.Ok => Results.Json(new
            {
                usage = result.Value!.Usage.Select(u => new { license = u.License, quantity = u.Quantity }),
                licenses = result.Value.Licenses.Select(c => new { license = c.License, quantity = c.Quantity, inUse = c.InUse, status = c.Status }),
                authorizationState = result.Value.AuthorizationState,
            }, Json),
            Outcome.NotFound => Gone(result.Errors),
            _ => Invalid(result.Errors),
        };
    }

    /// <summary>The instance credential: <c>Authorization: Bearer fwpi_…</c>. Anything else is 401 before the body is read.</summary>
    private static async ValueTask<object?> RequireInstanceCredential(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return Unauthorized(context, "Authorization: send the instance credential from registration as 'Authorization: Bearer <credential>'.");
        var authenticated = await context.RequestServices.GetRequiredService<AuthenticateProductInstance>()
            .HandleAsync(header[scheme.Length..].Trim(), context.RequestAborted);
        if (authenticated is null)
            return Unauthorized(context, "Authorization: the credential is not one of a registered product instance (a new registration replaces the old one).");
        context.Items[InstanceKey] = authenticated;
        return await next(invocation);
    }

    private static AuthenticateProductInstance.Authenticated Instance(HttpContext context) =>
        (AuthenticateProductInstance.Authenticated)context.Items[InstanceKey]!;

    /// <summary>The body as JSON, or the ProblemDetails saying why not (not declared as JSON, too large, not JSON).</summary>
    private static async Task<(JsonElement? Root, IResult? Problem)> ReadBodyAsync(HttpContext context, CancellationToken ct)
    {
        if (!context.Request.HasJsonContentType())
            return (null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: "Content-Type: send the body as JSON with Content-Type: application/json."));
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes)
                return (null, Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.",
                    detail: $"$: the body must be at most {MaxBodyBytes / 1024} KiB."));
        }
        if (buffer.Length == 0) return (null, Invalid([new("$", "the body is empty; send JSON.")]));
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, Invalid([new("$", $"is not valid JSON: {e.Message}")]));
        }
    }

    /// <summary>The handler's findings about fields the JSON reading has not already refused (nor anything inside them).</summary>
    private static IEnumerable<FieldError> Unreported(List<FieldError> found, IEnumerable<FieldError> more) =>
        more.Where(e => !found.Any(t => e.Field == t.Field || e.Field.StartsWith(t.Field + ".", StringComparison.Ordinal))).ToList();

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null",
    };

    private static IResult Invalid(IReadOnlyList<FieldError> errors) => Results.ValidationProblem(
        errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        detail: string.Join(" ", errors.Select(e => e.ToString())), title: "The request is invalid.");

    private static IResult Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer realm=\"forewarn-agent\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
    }

    private static IResult Gone(IReadOnlyList<FieldError> errors) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: string.Join(" ", errors));
}
