using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nurture.Server.Accounts;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>One API route as the server maps it, with sample values in its route parameters.</summary>
/// <param name="Scopes">The API key scopes it accepts besides admin.</param>
public sealed record ApiRoute(string Method, string Path, bool Anonymous, string ContentType, IReadOnlyList<string> Scopes)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>A request with an empty JSON object (or nothing, for GET and DELETE) in the route's content type.</summary>
    public HttpRequestMessage Request(HttpContent? content = null) => new(new HttpMethod(Method), Path)
    {
        Content = content ?? (Method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, ContentType)),
    };
}

/// <summary>Every API endpoint the server maps: the tests that must cover each route enumerate them here.</summary>
public static class ApiRouteTable
{
    public static IReadOnlyList<ApiRoute> Of(NurtureTestHost host) =>
        Matching(host, e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true);

    /// <summary>The server's routes the filter keeps, API or not.</summary>
    public static IReadOnlyList<ApiRoute> Matching(NurtureTestHost host, Func<RouteEndpoint, bool> keep) =>
        host.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null && keep(e))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => new ApiRoute(
                method,
                System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.StartsWith('/') ? e.RoutePattern.RawText : "/" + e.RoutePattern.RawText,
                    @"\{\*?(\w+)(:(\w+))?\}", m => m.Groups[3].Value switch
                {
                    "guid" => Guid.Empty.ToString(),
                    "int" => "1",
                    _ => "sample",
                }),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.FirstOrDefault() ?? "application/json",
                ApiScopeRequirement.ScopesFor(e))))
            .DistinctBy(r => r.ToString())
            .ToList();
}
