using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Delivery;
using Nurture.Core.Handoff;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;
using Nurture.Core.Tracking;
using Nurture.Core.Webhooks;
using Nurture.Server.Accounts;
using Nurture.Server.Api;
using Nurture.Server.Data;
using Nurture.Server.Errors;
using Nurture.Server.Jobs;
using Nurture.Server.Pickup;
using Nurture.Server.Proxies;
using Nurture.Server.Startup;
using Nurture.Server.Tracking;
using Nurture.Server.WebApp;

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
        services.Configure<TrackingOptions>(configuration.GetSection(TrackingOptions.Section));
        services.Configure<SalesOptions>(configuration.GetSection(SalesOptions.Section));
        services.Configure<EmailOptions>(configuration.GetSection(EmailOptions.Section));
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.Configure<JourneyOptions>(configuration.GetSection(JourneyOptions.Section));
        services.Configure<ComplianceOptions>(configuration.GetSection(ComplianceOptions.Section));
        services.Configure<Core.Signals.SignalOptions>(configuration.GetSection(Core.Signals.SignalOptions.Section));
        services.Configure<Core.Scoring.ScoringOptions>(configuration.GetSection(Core.Scoring.ScoringOptions.Section));
        services.PostConfigure<EmailOptions>(email => email.PickupDirectory = Path.GetFullPath(email.PickupDirectory, paths.Home));
        services.AddOptions<SalesOptions>()
            .Validate(s => s.DefaultRepEmail is { } rep && EmailAddresses.IsPlainAddress(rep), "Sales:DefaultRepEmail must be an address such as 'sales@acme.example'.")
            .ValidateOnStart();
        services.AddOptions<Core.Signals.SignalOptions>()
            .Validate(s => s.BulkShare is >= 0 and < 1, "Signals:BulkShare must be at least 0 and under 1 (0.1 keeps a tenth of the time for scoring opens under load).")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>()
            .Validate(e => EmailAddresses.TryParseMailbox(e.From, out _),
                "Email:From must be an address such as 'Acme <news@acme.example>'.")
            .Validate(e => e.BounceAddress is { } bounce && EmailAddresses.IsPlainAddress(bounce),
                "Email:BounceAddress must be an address such as 'bounces@acme.example'.")
            .Validate(e => !e.SendingHours.IsConfigured
                || new Nurture.Core.Journeys.Activities.BusinessHours { Start = e.SendingHours.Start!, End = e.SendingHours.End! }.Problem() is null,
                "Email:SendingHours needs Start and End as HH:mm with End after Start (or both empty to turn quiet hours off).")
            .Validate(e => TimeZoneInfo.TryFindSystemTimeZoneById(e.DefaultTimeZone, out _),
                "Email:DefaultTimeZone must be an IANA time zone such as 'Europe/Paris' or 'UTC'.")
            .Validate(e => e.ResponseWindow >= TimeSpan.Zero && e.MaxHold > TimeSpan.Zero,
                "Email:ResponseWindow must be 0 or more and Email:MaxHold positive (e.g. 00:15:00 and 7.00:00:00).")
            .ValidateOnStart();

        var provider = configuration["Database:Provider"] is { Length: > 0 } p ? p : "Sqlite";
        var connectionString = configuration.GetConnectionString("Nurture") is { Length: > 0 } cs
            ? cs
            : $"Data Source={Path.Combine(paths.DataDirectory, "nurture.db")}";
        var pragmas = SqlitePragmasInterceptor.FromConfiguration(configuration);
        // Pooled: the engine opens a context per unit of work (the dispatcher two per email), and a new one
        // resolves its internal services each time. The context holds no state of its own to carry over.
        services.AddPooledDbContextFactory<NurtureDbContext>((sp, options) => options
            .Use(provider, connectionString)
            .AddInterceptors(sp.GetRequiredService<OutboxWakeupInterceptor>(), pragmas));

        services.AddSingleton<ApiKeyStore>();
        services.AddNurtureAccounts(configuration);
        // Registered before the engine's workers: hosted services start in order, so loading comes first.
        services.AddHostedService<NurtureStartup>();
        services.AddNurtureEngine();
        services.AddNurtureJobs(configuration);


        services.AddTrustedProxies(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi();

        var app = builder.Build();
        app.UseForwardedHeaders(); // first: everything after sees the client's address and scheme
        app.UseExceptionHandler();
        // Here, not first (where WebApplication would put it): a short-circuited route (the tracking hits)
        // runs at this point, so it must come after the client's address is known and errors are handled.
        app.UseRouting();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapGet("/health", HealthAsync).ExcludeFromDescription();
        app.MapOpenApi();
        // Every API route needs a signed-in user or an API key, and each group names the roles it admits;
        // changes made with the session cookie need the antiforgery token.
        var api = app.MapGroup("/api").AddEndpointFilter<CsrfFilter>().RequireAuthorization();
        api.MapAccountApi();
        api.MapLeadsApi();
        api.MapPrivacyApi();
        api.MapScoringApi();
        api.MapHandoffsApi();
        var marketing = api.MapGroup("").RequireAuthorization(Policies.Marketing);
        marketing.MapSignalsApi();
        marketing.MapJourneysApi();
        marketing.MapTemplatesApi();
        marketing.MapDeliveryApi();
        marketing.MapReportsApi();
        marketing.MapLeadImportApi();
        marketing.MapFieldsApi();
        app.MapTrackingEndpoints();
        app.MapUnsubscribeEndpoints();
        app.MapConfirmEndpoints();
        app.MapHandoffEndpoints();
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
    private static void AnnounceAddress(WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<TrackingOptions>>().Value.PublicBaseUrl;
        var listening = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        var baseUrl = configured ?? listening?.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost")
            ?? "http://localhost:5000";
        app.Services.GetRequiredService<TrackingUrls>().UseBaseUrl(new Uri(baseUrl));
        var smtp = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value;
        Console.WriteLine($"Nurture is listening on {listening}; links use {baseUrl}");
        Console.WriteLine(smtp.Smtp.IsConfigured
            ? $"Emails go to SMTP {smtp.Smtp.Host}:{smtp.Smtp.Port}"
            : $"Emails go to the pickup folder {smtp.PickupDirectory}; browse {baseUrl.TrimEnd('/')}/pickup");
    }
}
