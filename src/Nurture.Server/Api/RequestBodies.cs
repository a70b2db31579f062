using Microsoft.OpenApi;

namespace Nurture.Server.Api;

/// <summary>
/// Routes that read their JSON body as text, so that each error names its line, still describe that body in
/// the OpenAPI document (the web app's generated client types it). Not <c>Accepts&lt;T&gt;</c>: that would also
/// refuse, with 415, a body sent without <c>Content-Type: application/json</c>, which these routes take.
/// </summary>
internal static class RequestBodies
{
    public static RouteHandlerBuilder DescribesBody<T>(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), parameterDescription: null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });
}
