using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>
/// Lists in the OpenAPI document how each route is called: the session cookie, or an API key in
/// <c>X-Api-Key</c> holding one of the scopes the route accepts (OpenAPI 3.1 lets an apiKey requirement name them).
/// </summary>
public sealed class ApiScopeDocumentation : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    private const string KeyScheme = "ApiKey";
    private const string SessionScheme = "Session";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.Header,
            Description = "An API key; each route lists the scopes that may call it: " +
                string.Join("; ", ApiScopes.Descriptions.Select(s => $"{s.Key}: {s.Value}")) + ".",
        };
        document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "nurture.session",
            Description = "The web app's session (POST /api/account/login); changes need the X-XSRF-TOKEN header too.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any() || !metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any())
            return Task.CompletedTask;
        var scopes = metadata.OfType<ApiScopeMetadata>().LastOrDefault()?.Scopes ?? [ApiScopes.Admin];
        var accepted = scopes.Append(ApiScopes.Admin).Distinct().ToList();
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, context.Document)] = accepted },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionScheme, context.Document)] = [] },
        ];
        operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}API key scopes: {string.Join(" or ", accepted)}.".Trim();
        return Task.CompletedTask;
    }
}
