using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;
using Nurture.Core.Work;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// DateReached triggers ("30 days before the renewal date", "every year on the sign-up date"), kept as
/// durable timer rows like delays: one <see cref="WaitKind.Date"/> wait per lead and trigger, due at the
/// next occurrence in the lead's time zone. A changed date moves its row; the timer sweep fires it, starts
/// the journey and schedules the next occurrence. No scheduler job per lead, nothing in memory.
/// </summary>
public sealed class DateTriggers(JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, JourneyRunner runner, TimeProvider time, ILogger<DateTriggers> logger)
{
    public const string CreatedAt = JourneyTrigger.CreatedAtField;
    private const int BatchSize = 500;
    private static readonly TimeOnly DefaultAt = new(9, 0);

    /// <summary>Whether any journey in force starts on a date (so leads' changes need scheduling at all).</summary>
    public bool Any => catalog.Published.Any(j => j.Definition.Triggers.Any(t => t.Type == JourneyTriggerTypes.DateReached));

    /// <summary>The next time the trigger falls due for the lead, strictly after <paramref name="after"/>; null when it never will.</summary>
    public static DateTimeOffset? NextDue(Lead lead, JourneyTrigger trigger, DateTimeOffset after)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(trigger);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(lead.TimeZone ?? "UTC", out var found) ? found : TimeZoneInfo.Utc;
        if (DateOf(lead, trigger.Field, zone) is not { } date)
            return null;
        var offset = CalendarPeriod.TryParse(trigger.Offset, out var o) ? o : default;
        var at = trigger.At is not null && TimeOnly.TryParseExact(trigger.At, "HH:mm", out var t) ? t : DefaultAt;
        var hasEvery = CalendarPeriod.TryParse(trigger.Every, out var every) && every.IsPositive;
        var anchor = offset.AddTo(date);
        var first = At(anchor, at, zone);
        if (first > after)
            return first;
        if (!hasEvery)
            return null;
        // Occurrence k is the anchor plus k periods, each counted from the anchor (29 February stays the
        // 29th in leap years); start just before the present instead of walking every year since the date.
        var approximateDays = every.Years * 365.2425 + every.Months * 30.436875 + every.Days;
        var k = Math.Max(1, (int)((after - first).TotalDays / approximateDays) - 1);
        for (var tries = 0; tries < 1000; tries++, k++)
        {
            var due = At(every.Times(k).AddTo(anchor), at, zone);
            if (due > after)
                return due;
        }
        return null;
    }

    /// <summary>Brings the lead's date waits to what its dates say now: added, moved or removed (in the unit of work).</summary>
    public async Task ScheduleAsync(LeadWork work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (db, lead) = (work.Db, work.Lead);
        var now = time.GetUtcNow();
        var existing = (await db.JourneyWaits.Where(w => w.LeadId == lead.Id && w.Kind == WaitKind.Date).ToListAsync(cancellationToken))
            .Where(w => db.Entry(w).State != EntityState.Deleted).ToList();
        var wanted = new HashSet<(string, string)>();
        foreach (var journey in catalog.Published)
        {
            for (var i = 0; i < journey.Definition.Triggers.Count; i++)
            {
                var trigger = journey.Definition.Triggers[i];
                if (trigger.Type != JourneyTriggerTypes.DateReached || NextDue(lead, trigger, now) is not { } due)
                    continue;
                var key = JourneyWait.TriggerKey(i);
                wanted.Add((journey.Id, key));
                var wait = existing.FirstOrDefault(w => w.JourneyId == journey.Id && w.ActivityId == key);
                if (wait is null)
                    db.JourneyWaits.Add(JourneyWait.ForDate(lead.Id, journey.Id, i, due, now));
                else if (wait.DueAt != due.ToUniversalTime())
                    (wait.DueAt, wait.LeaseOwner, wait.LeaseUntil) = (due.ToUniversalTime(), null, null); // the date moved: so does its timer
            }
        }
        db.JourneyWaits.RemoveRange(existing.Where(w => !wanted.Contains((w.JourneyId!, w.ActivityId))));
    }

    /// <summary>A date wait fell due: the lead enters the journey (if its trigger is still there), then its next occurrence is scheduled.</summary>
    public async Task FireAsync(LeadWork work, JourneyWait wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(wait);
        work.Db.JourneyWaits.Remove(wait);
        if (catalog.Find(wait.JourneyId!) is { } journey
            && journey.Definition.Triggers.Where((t, i) => t.Type == JourneyTriggerTypes.DateReached && JourneyWait.TriggerKey(i) == wait.ActivityId).Any())
            await runner.StartAsync(work, journey, leadActionAt: null, cancellationToken);
        await ScheduleAsync(work, cancellationToken);
    }

    /// <summary>
    /// After journeys load or publish: when the date triggers in force differ from those the leads were last
    /// scheduled for (a setting every node shares), every lead is scheduled again.
    /// </summary>
    public async Task RescheduleIfChangedAsync(CancellationToken cancellationToken)
    {
        var signature = string.Join(";", catalog.Published
            .Where(j => j.Definition.Triggers.Any(t => t.Type == JourneyTriggerTypes.DateReached))
            .OrderBy(j => j.Id, StringComparer.Ordinal).Select(j => $"{j.Id}@{j.Version}"));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var stored = await db.Settings.SingleOrDefaultAsync(s => s.Key == SignatureSetting, cancellationToken);
        if ((stored?.Value ?? "") == signature)
            return;
        var leads = await ScheduleAllAsync(cancellationToken);
        if (stored is null)
            db.Settings.Add(new Setting { Key = SignatureSetting, Value = signature });
        else
            stored.Value = signature;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Date triggers ({Signature}) scheduled for {Leads} leads", signature.Length == 0 ? "none" : signature, leads);
    }

    private const string SignatureSetting = "date-triggers:journeys";

    /// <summary>After journeys change: every lead's date waits brought to the triggers in force, a batch at a time.</summary>
    /// <returns>How many leads were looked at.</returns>
    public async Task<int> ScheduleAllAsync(CancellationToken cancellationToken)
    {
        var done = 0;
        var anyDates = Any;
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            if (!anyDates && !await db.JourneyWaits.AnyAsync(w => w.Kind == WaitKind.Date, cancellationToken))
                return done; // nothing starts on a date, and nothing is left scheduled
            // In id order (ids grow: leads created meanwhile come after, and schedule themselves anyway).
            var leads = await db.Leads.OrderBy(l => l.Id).Skip(done).Take(BatchSize).ToListAsync(cancellationToken);
            if (leads.Count == 0)
                return done;
            foreach (var lead in leads)
                await ScheduleAsync(new LeadWork(db, lead), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            done += leads.Count;
            logger.LogDebug("Date triggers scheduled for {Count} leads", done);
        }
    }

    private static DateOnly? DateOf(Lead lead, string? field, TimeZoneInfo zone) => field switch
    {
        null => null,
        CreatedAt => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(lead.CreatedAt, zone).DateTime),
        _ => lead.Fields.TryGetValue(field, out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null,
    };

    private static DateTimeOffset At(DateOnly day, TimeOnly at, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(at);
        // A time skipped by a clock change (02:30 on a spring-forward night) moves on by an hour.
        if (zone.IsInvalidTime(local))
            local = local.AddHours(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
