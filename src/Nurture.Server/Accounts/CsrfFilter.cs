using Microsoft.AspNetCore.Antiforgery;

namespace Nurture.Server.Accounts;

/// <summary>
/// Every change made with the session cookie must carry the antiforgery token in a header, which another
/// site cannot read or send. Requests with an API key do not use the cookie, so they need none.
/// </summary>
public sealed class CsrfFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
            || http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
            return await next(context);
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing or invalid antiforgery token",
                detail: $"Changes made with the session cookie need the token from GET /api/account/antiforgery in the {AccountsSetup.AntiforgeryHeader} header.");
        }
        return await next(context);
    }
}
