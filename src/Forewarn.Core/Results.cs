namespace Forewarn.Core;

public enum Outcome { Ok, NotFound, Forbidden, Invalid }

/// <summary>A refusal names the field and the reason.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>What a handler returns: a value, or why not. Endpoints map it to ProblemDetails (404, 403, 400).</summary>
public sealed record Result<T>(Outcome Outcome, T? Value, IReadOnlyList<FieldError> Errors)
{
    public bool IsOk => Outcome == Outcome.Ok;

    public static Result<T> Ok(T value) => new(Outcome.Ok, value, []);
    public static Result<T> NotFound(string field, string message) => new(Outcome.NotFound, default, [new(field, message)]);
    public static Result<T> Forbidden(string field, string message) => new(Outcome.Forbidden, default, [new(field, message)]);
    public static Result<T> Invalid(IReadOnlyList<FieldError> errors) => new(Outcome.Invalid, default, errors);
}
