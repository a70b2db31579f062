using Nurture.Core.Telemetry;
using OpenTelemetry.Metrics;

namespace Nurture.Server.Health;

/// <summary>
/// The engine's meter (<see cref="NurtureMetrics"/>), exported per node: scraped from
/// <c>/metrics</c> in Prometheus text format, and pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (the exporter reads the standard OTEL_* variables itself).
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddNurtureTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // The engine's meter only: ASP.NET Core's per-request histograms would cost the tracking
            // endpoints, whose throughput is a target, a recording on every pixel and redirect.
            // Every scrape current: the exporter's default cache (300 ms) would answer two scrapes close
            // together with the same figures.
            metrics.AddMeter(NurtureMetrics.MeterName)
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                metrics.AddOtlpExporter();
        });
        return services;
    }

    /// <summary><c>/metrics</c>: what the node counts, for a Prometheus scraper inside the operator's network.</summary>
    public static IEndpointRouteBuilder MapNurtureTelemetry(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
        return app;
    }
}
