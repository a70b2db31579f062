using System.Diagnostics.Metrics;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Tests.Telemetry;

/// <summary>A simulation's emails are not the server's: inside a muted scope nothing is measured, outside it all is, also on other flows meanwhile.</summary>
public class MutedMetricsTests
{
    [Fact]
    public async Task A_muted_flow_is_not_measured_and_the_others_still_are()
    {
        var counted = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NurtureMetrics.MeterName && instrument.Name == "nurture.emails")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (counted)
                counted.Add((string)tags.ToArray().Single(t => t.Key == "outcome").Value!);
        });
        listener.Start();

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var elsewhere = Task.Run(async () =>
        {
            await go.Task;
            NurtureMetrics.Email("elsewhere", "marketing");
        });
        using (NurtureMetrics.Mute())
        {
            NurtureMetrics.Email("simulated", "marketing");
            await Task.Run(() => NurtureMetrics.Email("simulated", "marketing")); // the scope flows into the work it starts
            go.SetResult();
            await elsewhere; // a flow that began outside the scope is measured meanwhile
        }
        NurtureMetrics.Email("after", "marketing");

        lock (counted)
            Assert.Equal(["elsewhere", "after"], counted);
    }
}
