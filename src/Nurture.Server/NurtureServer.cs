using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Configuration;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Handoff;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Links;
using Nurture.Core.Messaging;
using Nurture.Core.Webhooks;
using Nurture.Server.Accounts;
using Nurture.Server.Api;
using Nurture.Server.Data;
using Nurture.Server.Errors;
using Nurture.Server.Health;
using Nurture.Server.Jobs;
using Nurture.Server.Limits;
using Nurture.Server.Pickup;
using Nurture.Server.Proxies;
using Nurture.Server.Startup;
using Nurture.Server.Tracking;
using Nurture.Server.WebApp;
using Nurture.Server.Website;

namespace Nurture.Server;

/// <summary>The composition root: configuration, the engine, the database, the endpoints.</summary>
public static class NurtureServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json sits beside the binaries, whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        var configuration = builder.Configuration;
        var paths = NurturePaths.Resolve(configuration);
        var services = builder.Services;
        services.AddSingleton(paths);

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.AddEngineOptions(configuration);
        services.AddSingleton<Website.SiteScript>();
        services.AddSingleton<Simulation.JourneySimulator>();
        services.PostConfigure<EmailOptions>(email => email.PickupDirectory = Path.GetFullPath(email.PickupDirectory, paths.Home));

        var provider = configuration["Database:Provider"] is { Length: > 0 } p ? p : "Sqlite";
        var connectionString = configuration.GetConnectionString("Nurture") is { Length: > 0 } cs
            ? cs
            : $"Data Source={Path.Combine(paths.DataDirectory, "nurture.db")}";
        var pragmas = SqlitePragmas.FromConfiguration(configuration);
        // Pooled: the engine opens a context per unit of work (the dispatcher two per email), and a new one
        // resolves its internal services each time. The context holds no state of its own to carry over.
        services.AddPooledDbContextFactory<NurtureDbContext>((sp, options) => options
            .Use(provider, connectionString)
            .AddInterceptors(sp.GetRequiredService<OutboxWakeupInterceptor>(), pragmas));
        services.AddProviderStatements(provider);

        services.AddSingleton(sp => new PublicAddress(() => new Uri(PublicBaseUrl(sp))));
        services.AddSingleton<ApiKeyStore>();
        // Registered first: hosted services start in order, so the database is migrated and the files loaded
        // before the engine's workers start and before Data Protection reads its key ring from the database.
        services.AddHostedService<NurtureStartup>();
        services.AddSingleton<ApiKeyRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyRefresh>());
        services.AddSingleton<Documents.SharedDocuments>();
        services.AddSingleton<Documents.SharedDocumentsRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<Documents.SharedDocumentsRefresh>());
        services.AddNurtureAccounts(configuration);
        services.AddNurtureEngine();
        services.AddNurtureJobs(configuration);


        services.AddTrustedProxies(configuration);
        // Sent only on requests that came over TLS (a TLS proxy's X-Forwarded-Proto counts), to any host name.
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(180);
            o.ExcludedHosts.Clear();
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi(o =>
        {
            o.CreateSchemaReferenceId = new SchemaNames().Unique;
            var scopes = new ApiScopeDocumentation();
            o.AddDocumentTransformer(scopes);
            o.AddOperationTransformer(scopes);
        });
        services.AddReadinessChecks();
        services.AddNurtureTelemetry(configuration);
        // One JSON object per line, for a log shipper; the default stays the console's readable lines.
        if (string.Equals(configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
            builder.Logging.ClearProviders().AddJsonConsole();

        // The build writes the OpenAPI document by starting this app with a server that listens nowhere
        // (Microsoft.Extensions.ApiDescription.Server): its hosted services would migrate and load the
        // developer's database and start the workers. Only the routes are wanted then.
        if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
            services.RemoveAll<IHostedService>();

        var app = builder.Build();
        app.UseForwardedHeaders(); // first: everything after sees the client's address and scheme
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseExceptionHandler();
        // Here, not first (where WebApplication would put it): a short-circuited route (the tracking hits)
        // runs at this point, so it must come after the client's address is known and errors are handled.
        app.UseRouting();
        app.UseBodyLimits();
        app.UseRateLimiter();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", HealthAsync).ExcludeFromDescription();
        app.MapReadinessChecks();
        app.MapNurtureTelemetry();
        // The API's map is for those who may use it, except on a developer's machine.
        var openApi = app.MapOpenApi();
        if (!app.Environment.IsDevelopment())
            openApi.RequireAuthorization().RequireScope([.. Core.Accounts.ApiScopes.Descriptions.Keys]);
        // Every API route needs a signed-in user or an API key, and each group names the roles it admits;
        // changes made with the session cookie need the antiforgery token.
        var api = app.MapGroup("/api").AddEndpointFilter<CsrfFilter>().RequireAuthorization();
        api.MapAccountApi();
        api.MapCatalogApi();
        api.MapLeadsApi();
        api.MapPrivacyApi();
        api.MapScoringApi();
        api.MapHandoffsApi();
        var marketing = api.MapGroup("").RequireAuthorization(Policies.Marketing);
        marketing.MapSignalsApi();
        marketing.MapJourneysApi();
        marketing.MapSimulationApi();
        marketing.MapTemplatesApi();
        marketing.MapAssetsApi();
        marketing.MapFormsApi();
        marketing.MapDeliveryApi();
        marketing.MapReportsApi();
        marketing.MapLeadImportApi();
        marketing.MapFieldsApi();
        app.MapTrackingEndpoints();
        app.MapUnsubscribeEndpoints();
        app.MapConfirmEndpoints();
        app.MapHandoffEndpoints();
        app.MapWebsiteEndpoints();
        app.MapFormEndpoints();
        if (!app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.Smtp.IsConfigured)
            app.MapPickupEndpoints();
        app.MapAppPages();

        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddress(app));
        return app;
    }

    private static async Task<IResult> HealthAsync(IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken)
            ? TypedResults.Ok(new { status = "healthy" })
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unreachable");
    }

    /// <summary>Tracking links need an absolute base; without configuration, the first listening address.</summary>
    private static string PublicBaseUrl(IServiceProvider services) =>
        services.GetRequiredService<IOptions<TrackingOptions>>().Value.PublicBaseUrl
        ?? ListeningAddress(services)?.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost")
        ?? throw new InvalidOperationException("The public base URL is not known yet: set Tracking:PublicBaseUrl, or wait until the server listens.");

    private static string? ListeningAddress(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();

    private static void AnnounceAddress(WebApplication app)
    {
        var listening = ListeningAddress(app.Services);
        var baseUrl = app.Services.GetRequiredService<PublicAddress>().BaseUrl.ToString();
        var smtp = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        Console.WriteLine($"Nurture is listening on {listening}; links use {baseUrl}");
        Console.WriteLine(smtp.Smtp.IsConfigured
            ? $"Emails go to SMTP {smtp.Smtp.Host}:{smtp.Smtp.Port}"
            : $"Emails go to the pickup folder {smtp.PickupDirectory}; browse {baseUrl.TrimEnd('/')}/pickup");
    }
}
