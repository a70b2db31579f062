using System.Diagnostics;
using Nurture.Core.Telemetry;
using Nurture.Server.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Nurture.Server.Tests.Hosting;

/// <summary>
/// With <c>Telemetry:Traces</c> on, a click that qualifies a lead is one trace, from the HTTP request through its
/// classification, processing and scoring, the handoff, to the SMTP send of the rep's email and the CRM
/// webhook, although the signal row, the outbox and the webhook queue lie between them and other threads pick
/// the work up. Read through OpenTelemetry's in-memory exporter. The activity sources are the process's, so
/// spans of other tests' hosts may be exported too: the test follows its click's trace id.
/// </summary>
public sealed class TracingTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_click_that_qualifies_a_lead_and_the_reps_email_it_causes_are_one_trace(string provider)
    {
        var spans = new Exported<Activity>();
        var metrics = new Exported<Metric>();
        using var crm = new TestWebhookReceiver();
        await using var stack = await TestStack.StartAsync(provider, configure: o => o.WithSetting("Telemetry:Traces", "true")
            .WithSetting("Sales:CrmWebhookUrl", crm.Url) with
            {
                Services = services => services
                    .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
                    .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)),
            });
        var (host, smtp) = (stack.Host, stack.Smtp!);
        var leadId = await host.CreateLeadAsync(new { email = "traced@example.com", firstName = "Tracy" });
        var welcome = await smtp.WaitForAsync("traced@example.com", "Welcome");
        await host.WaitUntilRecordedAsSentAsync(welcome);
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        // The download brings the lead to 10 points; the click (+5) is what qualifies it.
        var hrefs = EmailLinks.Hrefs(welcome.Html);
        await host.Client.GetAsync(EmailLinks.PathOf(Assert.Single(hrefs, h => h.Contains("/t/d/"))));
        await NurtureTestHost.EventuallyAsync(async () => (await host.LeadAsync(leadId)).EngagementScore == 10, "the download is scored");
        var clickPath = EmailLinks.PathOf(Assert.Single(hrefs, h => h.Contains("/t/c/")));
        await host.Client.GetAsync(clickPath);
        await smtp.WaitForAsync(NurtureTestHost.RepEmail, "New MQL");
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult(crm.Received.Count > 0), "the CRM webhook arrives");

        var request = await SpanAsync(spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("url.path"), clickPath.Split('?')[0]), "the click's request");
        var trace = request.TraceId;
        var classify = await SpanAsync(spans, s => s.TraceId == trace && s.DisplayName == "classify hit", "its classification");
        var process = await SpanAsync(spans, s => s.TraceId == trace && s.DisplayName == "process signal", "its processing");
        var score = await SpanAsync(spans, s => s.TraceId == trace && s.DisplayName == "score signal", "its scoring");
        var handoff = await SpanAsync(spans, s => s.TraceId == trace && s.DisplayName == "hand off", "the handoff");
        var email = await SpanAsync(spans, s => s.TraceId == trace && s.DisplayName == "send email", "the rep's email sent");
        var webhook = await SpanAsync(spans, s => s.TraceId == trace && s.DisplayName == "deliver webhook", "the CRM webhook");
        var post = await SpanAsync(spans, s => s.TraceId == trace && s.Kind == ActivityKind.Client && s.ParentSpanId == webhook.SpanId, "the webhook's HTTP call");

        Assert.Equal(request.SpanId, classify.ParentSpanId);
        Assert.Equal("Human", classify.GetTagItem("nurture.hit.label"));
        Assert.Equal(request.SpanId, process.ParentSpanId); // across the signal queue
        Assert.Equal(("click", leadId.ToString()), (process.GetTagItem("nurture.signal.type"), process.GetTagItem("nurture.lead.id")?.ToString()));
        Assert.Equal(process.SpanId, score.ParentSpanId);
        Assert.Equal(5, score.GetTagItem("nurture.score.points"));
        Assert.Equal(process.SpanId, handoff.ParentSpanId);
        Assert.Equal(handoff.SpanId, email.ParentSpanId); // across the outbox
        Assert.Equal(("internal", "Sent"), (email.GetTagItem("nurture.email.kind"), email.GetTagItem("nurture.email.status")));
        Assert.Equal(handoff.SpanId, webhook.ParentSpanId); // across the webhook queue
        Assert.Equal(crm.Url, post.GetTagItem("url.full"));
        Assert.Contains(spans.Snapshot(), s => s.TraceId == trace && s.ParentSpanId == process.SpanId && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
        // The background loops' own database polls begin no trace of their own.
        Assert.DoesNotContain(spans.Snapshot(), s => s.Parent is null && s.ParentSpanId == default && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));

        // The handoff's latency (its commit to the rep's email accepted) is recorded.
        host.Service<MeterProvider>().ForceFlush();
        var latency = metrics.Snapshot().Last(m => m.Name == "nurture.handoff.latency");
        var points = new List<long>();
        foreach (ref readonly var point in latency.GetMetricPoints())
            points.Add(point.GetHistogramCount());
        Assert.True(points.Sum() >= 1, "the handoff's latency is recorded");
    }

    /// <summary>A span ends (and is exported) a moment after its work is seen to be done: the email received, the webhook posted.</summary>
    private static async Task<Activity> SpanAsync(Exported<Activity> spans, Func<Activity, bool> match, string what)
    {
        Activity? found = null;
        await NurtureTestHost.EventuallyAsync(() => Task.FromResult((found = spans.Snapshot().FirstOrDefault(match)) is not null), $"a span for {what} is exported");
        return found!;
    }

    /// <summary>What an exporter added, read while it may still be adding (the exporter's list is not thread-safe).</summary>
    private sealed class Exported<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public List<T> Snapshot()
        {
            lock (_items)
                return [.. _items];
        }

        public int Count => Snapshot().Count;

        public bool IsReadOnly => false;

        public void Add(T item)
        {
            lock (_items)
                _items.Add(item);
        }

        public void Clear()
        {
            lock (_items)
                _items.Clear();
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_items)
                return _items.Remove(item);
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
