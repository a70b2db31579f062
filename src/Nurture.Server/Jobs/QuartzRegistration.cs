using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Quartz;

namespace Nurture.Server.Jobs;

public static class QuartzRegistration
{
    /// <summary>
    /// Quartz drives the sweeps only: timers and the inbox replay. Waits are rows, never one trigger each,
    /// so start-up does not grow with the number of pending delays.
    /// </summary>
    public static IServiceCollection AddNurtureJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var sweepEvery = (configuration.GetSection(JourneyOptions.Section).Get<JourneyOptions>() ?? new JourneyOptions()).SweepInterval;
        var replayEvery = (configuration.GetSection(SignalOptions.Section).Get<SignalOptions>() ?? new SignalOptions()).ReplayInterval;
        var slaEvery = configuration.GetValue("Sales:SlaInterval", TimeSpan.FromSeconds(30));
        var scoreEvery = (configuration.GetSection(ScoringOptions.Section).Get<ScoringOptions>() ?? new ScoringOptions()).MaintenanceInterval;
        // Each host in one process (tests, several nodes) needs its own scheduler instance name.
        var instanceName = configuration["Quartz:InstanceName"] is { Length: > 0 } name ? name : "nurture";
        services.AddQuartz(new Dictionary<string, string?> { ["quartz.scheduler.instanceName"] = instanceName }, quartz =>
        {
            // Quartz reads the application's TimeProvider (a fake clock in tests). An interval of zero turns
            // the timer sweep off, for a node that must not fire timers or a test that fires them itself.
            if (sweepEvery > TimeSpan.Zero)
            {
                quartz.ScheduleJob<TimerSweepJob>(trigger => trigger
                    .WithIdentity("timer-sweep")
                    .StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(sweepEvery).RepeatForever()));
            }
            if (slaEvery > TimeSpan.Zero)
            {
                quartz.ScheduleJob<SlaJob>(trigger => trigger
                    .WithIdentity("handoff-sla")
                    .StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(slaEvery).RepeatForever()));
            }
            if (scoreEvery > TimeSpan.Zero)
            {
                quartz.ScheduleJob<ScoreMaintenanceJob>(trigger => trigger
                    .WithIdentity("score-maintenance")
                    .StartNow()
                    .WithSimpleSchedule(s => s.WithInterval(scoreEvery).RepeatForever()));
            }
            quartz.ScheduleJob<JournalRetentionJob>(trigger => trigger
                .WithIdentity("journal-retention")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(JournalRetention.Interval).RepeatForever()));
            quartz.ScheduleJob<WebsiteRetentionJob>(trigger => trigger
                .WithIdentity("website-retention")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(WebsiteRetentionJob.Interval).RepeatForever()));
            quartz.ScheduleJob<ContentPerformanceJob>(trigger => trigger
                .WithIdentity("content-performance")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(ContentPerformanceJob.Interval).RepeatForever()));
            quartz.ScheduleJob<ExperimentJob>(trigger => trigger
                .WithIdentity("experiments")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(ExperimentJob.Interval).RepeatForever()));
            quartz.ScheduleJob<SignalReplayJob>(trigger => trigger
                .WithIdentity("signal-replay")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(replayEvery).RepeatForever()));
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }
}
