using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Nurture.Benchmarks;

/// <summary>
/// The baseline: WorkflowCore 3.22 with its in-memory persistence, running the same shape (a delay that
/// falls due for every lead at once, then tag, score and stage steps), its poll interval lowered to 100 ms.
/// </summary>
public static class WorkflowCoreRun
{
    private static int _finished;

    public static async Task<(double Seconds, int Activities)> RunAsync(int leads)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddWorkflow(options => options.UsePollInterval(TimeSpan.FromMilliseconds(100)))
            .BuildServiceProvider();
        var host = services.GetRequiredService<IWorkflowHost>();
        host.RegisterWorkflow<NurtureShape, LeadData>();
        await host.StartAsync(CancellationToken.None);

        var due = DateTime.UtcNow.AddSeconds(Math.Max(10, leads / 5_000));
        for (var i = 0; i < leads; i++)
            await host.StartWorkflow("nurture-shape", 1, new LeadData { DueAt = due });

        while (DateTime.UtcNow < due)
            await Task.Delay(5);
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _finished) < leads)
            await Task.Delay(5);
        var seconds = clock.Elapsed.TotalSeconds;
        await host.StopAsync(CancellationToken.None);
        return (seconds, leads * 4); // the delay's completion and three steps, as in the journey
    }

    public sealed class LeadData
    {
        public DateTime DueAt { get; set; }
        public List<string> Tags { get; } = [];
        public int Score { get; set; }
        public string Stage { get; set; } = "Lead";
    }

    private sealed class NurtureShape : IWorkflow<LeadData>
    {
        public string Id => "nurture-shape";
        public int Version => 1;

        public void Build(IWorkflowBuilder<LeadData> builder) => builder
            .StartWith<WorkflowCore.Primitives.Delay>().Input(step => step.Period, data => data.DueAt - DateTime.UtcNow)
            .Then(context => { ((LeadData)context.Workflow.Data).Tags.Add("nurtured"); return ExecutionResult.Next(); })
            .Then(context => { ((LeadData)context.Workflow.Data).Score += 7; return ExecutionResult.Next(); })
            .Then(context =>
            {
                ((LeadData)context.Workflow.Data).Stage = "Sql";
                Interlocked.Increment(ref _finished);
                return ExecutionResult.Next();
            });
    }
}
