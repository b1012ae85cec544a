using Forewarn.Core;

namespace Forewarn.Api;

/// <summary>Handler results as HTTP: 200 with the value, or RFC 7807 ProblemDetails (404, 403, 400 with a per-field <c>errors</c> map).</summary>
public static class ApiProblems
{
    public static IResult From<T>(Result<T> result, Func<T, object> body) => result.Outcome switch
    {
        Outcome.Ok => TypedResults.Ok(body(result.Value!)),
        Outcome.NotFound => NotFound(result.Errors),
        Outcome.Forbidden => Forbidden(result.Errors),
        Outcome.Invalid => Invalid(result.Errors),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, null),
    };

    /// <summary>
    /// The same answer whether the account does not exist or the caller holds no access to it, so an account's
    /// existence never leaks (§1).
    /// </summary>
    public static IResult AccountNotFound(string domain) =>
        NotFound([new FieldError("smartAccount", $"No Smart Account '{domain}' is visible to you.")]);

    public static IResult Invalid(IEnumerable<FieldError> errors) =>
        TypedResults.Problem(WithErrors(StatusCodes.Status400BadRequest, "The request has invalid fields.", errors));

    public static IResult Invalid(string field, string message) => Invalid([new FieldError(field, message)]);

    public static IResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.");

    private static IResult NotFound(IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(string.Join(" ", errors.Select(e => e.Message)), statusCode: StatusCodes.Status404NotFound,
            title: "Not found.");

    private static IResult Forbidden(IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(WithErrors(StatusCodes.Status403Forbidden, "Not allowed.", errors));

    private static HttpValidationProblemDetails WithErrors(int status, string title, IEnumerable<FieldError> errors)
    {
        var map = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(map)
        {
            Status = status,
            Title = title,
            Detail = string.Join(" ", map.Select(kv => string.Join(" ", kv.Value.Select(m => $"{kv.Key}: {m}")))),
        };
    }
}
