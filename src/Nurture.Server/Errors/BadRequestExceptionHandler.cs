using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Nurture.Server.Errors;

/// <summary>
/// Turns a body that cannot be read (malformed JSON, wrong types, unknown fields) into an RFC 7807
/// problem that says where: line, position and JSON path.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;
        // Binding a body past the route's limit wraps Kestrel's 413 in a 400: the limit is what the client must learn.
        if (badRequest.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge)
            badRequest = tooLarge;

        var detail = badRequest.InnerException is JsonException json ? Describe(json)
            : badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? $"The body is larger than this route accepts ({LimitOf(httpContext)} bytes)."
            : badRequest.Message;
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = badRequest.InnerException is JsonException ? "Malformed JSON" : badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request",
                Detail = detail,
            },
        });
    }

    private static long? LimitOf(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    private static string Describe(JsonException json)
    {
        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
            message = message[..cut];
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" (at {json.Path})";
        return $"Line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}{path}: {message}";
    }
}
