using System.Diagnostics.Metrics;

namespace Nurture.Core.Telemetry;

/// <summary>
/// What an operator watches on each node, on the meter <c>Nurture</c> (System.Diagnostics.Metrics): the server
/// exports it (Prometheus on <c>/metrics</c>, OTLP when configured). Instruments cost nothing measurable while
/// nobody listens, so the hot paths (intake, the queue, delivery) record them unconditionally.
/// </summary>
public static class NurtureMetrics
{
    public const string MeterName = "Nurture";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Counter<long> SignalsReceived = Meter.CreateCounter<long>(
        "nurture.signals.received", "{signal}", "Signals committed (API and tracking hits), by source.");
    private static readonly Counter<long> SignalsProcessed = Meter.CreateCounter<long>(
        "nurture.signals.processed", "{signal}", "Signals scored and matched to journeys.");
    private static readonly Counter<long> SignalsDeadLettered = Meter.CreateCounter<long>(
        "nurture.signals.dead_lettered", "{signal}", "Signals set aside after failing Signals:MaxAttempts times.");
    private static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>(
        "nurture.signals.queue_depth", "{signal}", "Signals queued in memory for processing, by lane (priority: clicks, forms; bulk: opens).");
    private static readonly Counter<long> TimersFired = Meter.CreateCounter<long>(
        "nurture.timers.fired", "{timer}", "Due journey waits fired by the sweep.");
    private static readonly Histogram<double> TimerLateness = Meter.CreateHistogram<double>(
        "nurture.timers.lateness", "s", "How long after its due time a wait was fired.");
    private static readonly Counter<long> Emails = Meter.CreateCounter<long>(
        "nurture.emails", "{email}", "Outbox messages by outcome (sent, deferred, failed, bounced, held, expired, cancelled) and kind.");
    private static readonly Histogram<double> SmtpDuration = Meter.CreateHistogram<double>(
        "nurture.smtp.duration", "s", "Time the SMTP server took to accept one message.");
    private static readonly Histogram<double> HandoffLatency = Meter.CreateHistogram<double>(
        "nurture.handoff.latency", "s", "From the handoff's commit (the transaction of the signal that qualified the lead) to the rep's email accepted by SMTP.");
    private static readonly Counter<long> WebhookFailures = Meter.CreateCounter<long>(
        "nurture.webhooks.failures", "{attempt}", "Webhook deliveries that failed an attempt.");
    private static readonly Counter<long> LeaseConflicts = Meter.CreateCounter<long>(
        "nurture.leases.lost", "{row}", "Rows another node claimed between this node's read and its claim.");

    private static readonly AsyncLocal<bool> MutedHere = new();

    /// <summary>What runs in this flow until the scope ends is neither measured nor traced: a simulation's timers and emails are not the server's.</summary>
    public static IDisposable Mute()
    {
        var before = MutedHere.Value;
        MutedHere.Value = true;
        return new Unmute(before);
    }

    public static bool Muted => MutedHere.Value;

    public static void SignalReceived(string source)
    {
        if (!Muted)
            SignalsReceived.Add(1, new KeyValuePair<string, object?>("source", source));
    }

    public static void SignalsDone(int count)
    {
        if (!Muted)
            SignalsProcessed.Add(count);
    }

    public static void SignalDeadLettered()
    {
        if (!Muted)
            SignalsDeadLettered.Add(1);
    }

    public static void Queued(bool priority) => QueueDepth.Add(1, Lane(priority));

    public static void Dequeued(bool priority, int count) => QueueDepth.Add(-count, Lane(priority));

    public static void TimerFired(TimeSpan lateness)
    {
        if (Muted)
            return;
        TimersFired.Add(1);
        TimerLateness.Record(Math.Max(0, lateness.TotalSeconds));
    }

    public static void Email(string outcome, string kind)
    {
        if (!Muted)
            Emails.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("kind", kind));
    }

    public static void SmtpAccepted(TimeSpan took) => SmtpDuration.Record(took.TotalSeconds);

    public static void HandoffNotified(TimeSpan sinceHandoff) => HandoffLatency.Record(Math.Max(0, sinceHandoff.TotalSeconds));

    public static void WebhookFailed() => WebhookFailures.Add(1);

    public static void LeasesLost(int count)
    {
        if (count > 0 && !Muted)
            LeaseConflicts.Add(count);
    }

    private sealed class Unmute(bool before) : IDisposable
    {
        public void Dispose() => MutedHere.Value = before;
    }

    private static KeyValuePair<string, object?> Lane(bool priority) => new("lane", priority ? "priority" : "bulk");
}
