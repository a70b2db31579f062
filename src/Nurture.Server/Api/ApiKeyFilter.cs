namespace Nurture.Server.Api;

/// <summary>Requires a valid <c>X-Api-Key</c> header on every route of the group it is added to.</summary>
public sealed class ApiKeyFilter(ApiKeyStore keys) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (keys.IsValid(context.HttpContext.Request.Headers[Header]))
            return next(context);
        context.HttpContext.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return ValueTask.FromResult<object?>(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: $"Send a valid API key in the {Header} header."));
    }
}
