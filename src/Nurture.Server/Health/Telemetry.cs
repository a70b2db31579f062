using Nurture.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Nurture.Server.Health;

/// <summary>
/// The engine's meter (<see cref="NurtureMetrics"/>), exported per node: scraped from
/// <c>/metrics</c> in Prometheus text format, and pushed over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is
/// set (the exporter reads the standard OTEL_* variables itself). Traces (<see cref="NurtureTracing"/> with
/// ASP.NET Core, HttpClient and EF Core spans) when <c>Telemetry:Traces</c> is on, by default whenever OTLP is.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddNurtureTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("nurture"))
            .WithMetrics(metrics =>
            {
                // The engine's meter only: ASP.NET Core's per-request histograms would cost the tracking
                // endpoints, whose throughput is a target, a recording on every pixel and redirect.
                // Every scrape current: the exporter's default cache (300 ms) would answer two scrapes close
                // together with the same figures.
                metrics.AddMeter(NurtureMetrics.MeterName)
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                    metrics.AddOtlpExporter();
            });
        // Off unless asked for: a span per tracking hit is a cost the intake's throughput target does not budget.
        if (configuration.GetValue<bool?>("Telemetry:Traces") ?? otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.SetSampler(OwnRootsSampler.ParentBased())
                    .AddSource(NurtureTracing.SourceName)
                    .AddAspNetCoreInstrumentation(aspNet => aspNet.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation();
                if (otlp)
                    tracing.AddOtlpExporter();
            });
        }
        return services;
    }

    /// <summary><c>/metrics</c>: what the node counts, for a Prometheus scraper inside the operator's network.</summary>
    public static IEndpointRouteBuilder MapNurtureTelemetry(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
        return app;
    }

    /// <summary>Scrapes and health probes come every few seconds from every watcher: traces of them would bury the rest.</summary>
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health");

    /// <summary>
    /// Samples every trace the node begins itself, except those a database command or an outgoing HTTP call
    /// would begin alone: the background loops poll the database every few hundred milliseconds, and a trace
    /// per poll would bury the ones that matter. Their commands inside a traced step are kept (the parent
    /// decides). A remote caller's "not sampled" does not silence a click: the node decides for its own requests.
    /// </summary>
    private sealed class OwnRootsSampler : Sampler
    {
        public static Sampler ParentBased()
        {
            var own = new OwnRootsSampler();
            return new ParentBasedSampler(own, remoteParentNotSampled: own);
        }

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(samplingParameters.Kind == System.Diagnostics.ActivityKind.Client ? SamplingDecision.Drop : SamplingDecision.RecordAndSample);
    }
}
