using Nurture.Server.Accounts;

namespace Nurture.Server.WebApp;

/// <summary>
/// The web app's pages: each path answers with the app shell once the role allows it (401 goes to the
/// sign-in page, 403 shows the app's Forbidden view with a 403 status), and the embedded bundle.
/// </summary>
public static class AppPages
{
    /// <summary>
    /// Each page and the policy that opens it. The web app gets this table (with each policy's roles) from
    /// GET /api/catalog and keys its routes by the same patterns: it holds no copy of who may open what.
    /// </summary>
    public static readonly IReadOnlyList<(string Pattern, string Policy)> Pages =
    [
        ("/dashboard", Policies.Marketing),
        ("/journeys", Policies.Marketing),
        ("/journeys/{id}", Policies.Marketing),
        ("/templates", Policies.Marketing),
        ("/templates/{name}", Policies.Marketing),
        ("/content", Policies.Marketing),
        ("/forms", Policies.Marketing),
        ("/forms/{name}", Policies.Marketing),
        ("/leads", Policies.Marketing),
        ("/leads/{id:guid}", Policies.Marketing),
        ("/inbox", Policies.Leads), // marketers read it; answering needs the sales role
        ("/admin", Policies.Admin),
        ("/account", Policies.Leads),
    ];

    public static IEndpointRouteBuilder MapAppPages(this IEndpointRouteBuilder app)
    {
        foreach (var (pattern, policy) in Pages)
            app.MapGet(pattern, (HttpContext context) => AppShell.WriteAsync(context)).RequireAuthorization(policy).ExcludeFromDescription();
        app.MapGet("/login", (HttpContext context) => AppShell.WriteAsync(context)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", HomeAsync).ExcludeFromDescription();
        app.MapGet("/app/{file}", Asset).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>Signed in: the app picks the home page of the role; otherwise the sign-in page.</summary>
    private static async Task HomeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
            await AppShell.WriteAsync(context);
        else
            context.Response.Redirect("/login");
    }

    private static IResult Asset(string file, HttpContext context)
    {
        if (AppShell.Find(file) is not { } asset)
            return TypedResults.NotFound();
        context.Response.Headers.CacheControl = context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{asset.Hash}\""));
    }
}
