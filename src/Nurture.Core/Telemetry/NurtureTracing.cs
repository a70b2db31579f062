using System.Diagnostics;

namespace Nurture.Core.Telemetry;

/// <summary>
/// The engine's spans, on the activity source <c>Nurture</c>: a click's classification, its processing and
/// scoring, the handoff, and the sends (email, webhook) that follow. Work handed over through a queue (a
/// signal row, an outbox or webhook row) carries the trace context of the span that queued it
/// (<see cref="Carried"/>, a W3C <c>traceparent</c>), and the span that picks it up continues that trace, on
/// whichever node: a click and the rep's email it caused are one trace. While nobody listens, starting a span
/// costs a null check and rows carry nothing.
/// </summary>
public static class NurtureTracing
{
    public const string SourceName = "Nurture";

    /// <summary>A <c>traceparent</c> is 55 characters (version, trace id, span id, flags); room for a longer future version.</summary>
    public const int TraceParentLength = 64;

    private static readonly ActivitySource Source = new(SourceName, "1.0");

    /// <summary>The current span's context as a <c>traceparent</c>, for a row that queues work; null outside any span.</summary>
    public static string? Carried() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>A span inside the current one.</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => NurtureMetrics.Muted ? null : Source.StartActivity(name, kind);

    /// <summary>
    /// A span continuing the trace a queued row carried (<paramref name="traceParent"/>); a row without one
    /// (queued while nobody listened) starts its own trace.
    /// </summary>
    public static Activity? Continue(string name, ActivityKind kind, string? traceParent) =>
        NurtureMetrics.Muted ? null
        : traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Start(name, kind);
}
