using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nurture.Server.Limits;

/// <summary>
/// Every request body has a bound that fits its route, instead of Kestrel's 30 MB for all: a stranger could
/// make the server read 30 MB into a sign-in or an unsubscribe. Past the bound the request ends in 413 with a
/// problem document, before anything is written.
/// </summary>
public static class BodyLimits
{
    /// <summary>Routes anyone may call: sign-in, tracking, unsubscribe, confirmation, a rep's answer.</summary>
    public const long Anonymous = 16 * 1024;

    /// <summary>Any other API call: a lead, a journey, a signal.</summary>
    public const long Default = 1024 * 1024;

    /// <summary>A template with its layout may carry inline images.</summary>
    public const long Templates = 4 * 1024 * 1024;

    /// <summary>An asset's file: an ebook, a white paper, a recorded webinar's slides.</summary>
    public const long Assets = 50 * 1024 * 1024;

    /// <summary>A CSV of leads.</summary>
    public const long Import = 50 * 1024 * 1024;

    private sealed record Limit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    public static TBuilder LimitBody<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Limit(bytes));

    /// <summary>After routing: sets the limit of the route the request goes to, or <see cref="Default"/>.</summary>
    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Default;
            return next(context);
        });
}
