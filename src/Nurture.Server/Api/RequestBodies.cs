using Microsoft.OpenApi;

namespace Nurture.Server.Api;

/// <summary>
/// Routes that read their JSON body as text, so that each error names its line, still describe that body in
/// the OpenAPI document (the web app's generated client types it). Not <c>Accepts&lt;T&gt;</c>: that would also
/// refuse, with 415, a body sent without <c>Content-Type: application/json</c> (curl's <c>--data-binary @file</c>),
/// which these routes take; a body that says it is something else (XML, a form upload) is refused with 415.
/// </summary>
internal static class RequestBodies
{
    public static RouteHandlerBuilder DescribesBody<T>(this RouteHandlerBuilder route) =>
        route.AddEndpointFilter(async (context, next) => NotJson(context.HttpContext.Request) ?? await next(context))
        .AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });

    /// <summary>A file's bytes, whatever type the client names them (the server types a file by its name's extension).</summary>
    public static RouteHandlerBuilder DescribesFileBody(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, context, cancellationToken) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>A 415 problem when the body declares a type that cannot be JSON text; null when it may be.</summary>
    private static IResult? NotJson(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType) || request.HasJsonContentType()
            || request.ContentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
            || request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return null;
        return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
            detail: $"The body is JSON: send it as application/json (got '{request.ContentType}').");
    }
}
