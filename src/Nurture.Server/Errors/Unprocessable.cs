using System.Reflection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Nurture.Server.Errors;

/// <summary>
/// 422 with a problem document that carries its list of errors (<c>{ title, errors }</c>): a document refused
/// whole, each error saying where. Sent as <c>application/problem+json</c>, like every other refusal.
/// </summary>
public sealed class Unprocessable<T>(T value) : IResult, IStatusCodeHttpResult, IValueHttpResult<T>, IValueHttpResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/problem+json";

    public int? StatusCode => StatusCodes.Status422UnprocessableEntity;
    public T Value => value;
    object? IValueHttpResult.Value => value;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var json = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return httpContext.Response.WriteAsJsonAsync(value, json, ContentType);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity, typeof(T), [ContentType]));
    }
}

public static class Unprocessable
{
    public static Unprocessable<T> Of<T>(T value) => new(value);
}
