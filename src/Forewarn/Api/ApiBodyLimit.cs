using Microsoft.AspNetCore.Http.Features;

namespace Forewarn.Api;

/// <summary>
/// Every <c>/api/v1</c> request body is at most <see cref="MaxBytes"/> (the largest real one, a preferences document with
/// 20 additional addresses, is about 2 KiB). A larger body is refused with a 413 ProblemDetails naming <c>body</c> before
/// anything is read or changed: by its Content-Length when it declares one, else as soon as the reading passes the limit.
/// </summary>
public static class ApiBodyLimit
{
    public const int MaxBytes = 64 * 1024;

    public static RouteGroupBuilder LimitRequestBodies(this RouteGroupBuilder group) => group.AddEndpointFilter(async (invocation, next) =>
    {
        var http = invocation.HttpContext;
        if (http.Request.ContentLength > MaxBytes) return TooLarge();
        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (size is { IsReadOnly: false }) size.MaxRequestBodySize = MaxBytes;
        try
        {
            return await next(invocation);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }
    });

    private static IResult TooLarge() => TypedResults.Problem(
        $"body: must be at most {MaxBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request body is too large.");
}
