using Microsoft.EntityFrameworkCore;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Handoff;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Signals;
using Nurture.Core.Webhooks;
using Nurture.Core.Website;
using PhoneNumbers;

namespace Nurture.Core.Processing;

public sealed record DuplicateGroup(string Reason, IReadOnlyList<DuplicateLead> Leads);

public sealed record DuplicateLead(Guid Id, string Email, string Name, string? Company, string? Phone, string Stage, DateTimeOffset CreatedAt);

/// <summary>A page of duplicate groups (first page 1) and how many groups there are in all.</summary>
public sealed record DuplicatePage(IReadOnlyList<DuplicateGroup> Groups, int Total, int Page, int PageSize);

public sealed record MergeResult(Guid SurvivorId, Guid MergedId, int RowsMoved);

/// <summary>
/// One address is one lead (the email is unique); people with two addresses are found by name and company
/// or by phone number, listed, and merged on request: the survivor keeps both histories, its own profile
/// values first, the other's where it had none, and the stricter of the two consent states.
/// </summary>
public sealed class Duplicates(IDbContextFactory<NurtureDbContext> databases, ScoringModelProvider models, TimeProvider time)
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// One page of the groups, and how many there are. The leads are streamed, only the columns compared are
    /// read, and only those that could pair (a full name and company, or a phone) are kept while grouping.
    /// </summary>
    public async Task<DuplicatePage> FindAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var byName = new Dictionary<string, List<DuplicateLead>>(StringComparer.Ordinal);
        var byPhone = new Dictionary<string, List<DuplicateLead>>(StringComparer.Ordinal);
        var candidates = db.Leads.AsNoTracking()
            .Where(l => (l.FirstName != null && l.LastName != null && l.Company != null) || l.Phone != null)
            .Select(l => new Candidate(l.Id, l.Email, l.FirstName, l.LastName, l.Company, l.Phone, l.Country, l.Stage, l.CreatedAt))
            .AsAsyncEnumerable();
        await foreach (var lead in candidates.WithCancellation(cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(lead.FirstName) && !string.IsNullOrWhiteSpace(lead.LastName) && !string.IsNullOrWhiteSpace(lead.Company))
                Add(byName, $"{Key(lead.FirstName)}|{Key(lead.LastName)}|{Key(lead.Company)}", lead);
            if (PhoneKey(lead.Phone, lead.Country) is { } phone)
                Add(byPhone, phone, lead);
        }
        var groups = byName.Values.Where(g => g.Count > 1).Select(g => new DuplicateGroup("same name and company", Ordered(g)))
            .Concat(byPhone.Where(g => g.Value.Count > 1).Select(g => new DuplicateGroup($"same phone ({g.Key})", Ordered(g.Value))))
            .ToList();
        return new DuplicatePage([.. groups.Skip((page - 1) * pageSize).Take(pageSize)], groups.Count, page, pageSize);

        static void Add(Dictionary<string, List<DuplicateLead>> groups, string key, Candidate lead)
        {
            if (!groups.TryGetValue(key, out var list))
                groups[key] = list = [];
            list.Add(new DuplicateLead(lead.Id, lead.Email, Lead.NameOf(lead.FirstName, lead.LastName, lead.Email), lead.Company, lead.Phone, lead.Stage.ToString(), lead.CreatedAt));
        }

        static List<DuplicateLead> Ordered(List<DuplicateLead> leads) => [.. leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Email, StringComparer.Ordinal)];
    }

    /// <returns>Null when either lead does not exist.</returns>
    public async Task<MergeResult?> MergeAsync(Guid survivorId, Guid duplicateId, string by, CancellationToken cancellationToken)
    {
        if (survivorId == duplicateId)
            throw new ArgumentException("A lead cannot be merged into itself.", nameof(duplicateId));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var survivor = await db.Leads.SingleOrDefaultAsync(l => l.Id == survivorId, cancellationToken);
        var duplicate = await db.Leads.SingleOrDefaultAsync(l => l.Id == duplicateId, cancellationToken);
        if (survivor is null || duplicate is null)
            return null;
        var now = time.GetUtcNow();

        // The duplicate's journeys end (its waits go); their history moves with everything else.
        await db.JourneyWaits.Where(w => w.LeadId == duplicateId).ExecuteDeleteAsync(cancellationToken);
        var ended = await db.JourneyInstances.Where(i => i.LeadId == duplicateId && i.ActiveKey != null).ToListAsync(cancellationToken);
        foreach (var instance in ended)
            instance.Complete(now, $"merged into {survivor.Email}");
        await db.SaveChangesAsync(cancellationToken);

        var moved = 0;
        moved += await db.JourneyInstances.Where(i => i.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(i => i.LeadId, survivorId), cancellationToken);
        moved += await db.Signals.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        moved += await db.ScoreEntries.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        moved += await db.StageTransitions.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        moved += await db.ConsentRecords.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        moved += await db.Handoffs.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        moved += await db.Outbox.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        moved += await db.Webhooks.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);
        // The duplicate's browsers on the company's site: their next visits are the survivor's (not lost with the duplicate).
        moved += await db.Visitors.Where(x => x.LeadId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LeadId, survivorId), cancellationToken);

        Absorb(survivor, duplicate);
        // The ledgers are now one: each dimension is again the sum of its rows.
        var sums = await db.ScoreEntries.Where(e => e.LeadId == survivorId).GroupBy(e => e.Dimension)
            .Select(g => new { g.Key, Sum = g.Sum(e => e.Delta) }).ToDictionaryAsync(g => g.Key, g => g.Sum, cancellationToken);
        survivor.EngagementScore = sums.GetValueOrDefault(ScoringService.Engagement);
        survivor.FitScore = sums.GetValueOrDefault(ScoringService.Fit);
        survivor.ReliabilityScore = sums.GetValueOrDefault(ScoringService.Reliability);
        survivor.QualityScore = models.Current.QualityOf(survivor);
        db.Signals.Add(new Signal
        {
            Id = Guid.CreateVersion7(now),
            LeadId = survivorId,
            Type = "merge",
            Source = "merge",
            PropertiesJson = System.Text.Json.JsonSerializer.Serialize(new { mergedLeadId = duplicateId, mergedEmail = duplicate.Email, by }),
            LabelReason = $"{duplicate.Email} merged into this lead by {by}",
            OccurredAt = now,
            ReceivedAt = now,
            ProcessedAt = now,
        });
        survivor.MarkChanged(now);
        db.Leads.Remove(duplicate);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new MergeResult(survivorId, duplicateId, moved);
    }

    /// <summary>The survivor's values first; the duplicate's fill what it lacks. Opting out anywhere wins.</summary>
    private static void Absorb(Lead survivor, Lead duplicate)
    {
        survivor.FirstName ??= duplicate.FirstName;
        survivor.LastName ??= duplicate.LastName;
        survivor.Company ??= duplicate.Company;
        survivor.JobTitle ??= duplicate.JobTitle;
        survivor.Phone ??= duplicate.Phone;
        survivor.Country ??= duplicate.Country;
        survivor.TimeZone ??= duplicate.TimeZone;
        survivor.Industry ??= duplicate.Industry;
        survivor.CompanySize ??= duplicate.CompanySize;
        survivor.AnnualRevenue ??= duplicate.AnnualRevenue;
        survivor.Tags = [.. survivor.Tags.Union(duplicate.Tags, StringComparer.Ordinal)];
        survivor.OptedOutTopics = [.. survivor.OptedOutTopics.Union(duplicate.OptedOutTopics, StringComparer.Ordinal)];
        survivor.KeepOptOutsOf(duplicate);
        survivor.OpenTrackingOff |= duplicate.OpenTrackingOff;
        if (duplicate.LastEngagedAt > (survivor.LastEngagedAt ?? DateTimeOffset.MinValue))
            survivor.LastEngagedAt = duplicate.LastEngagedAt;
    }

    private static string Key(string? value) => string.Join(' ', (value ?? "").Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The columns duplicates are found by, read without the rest of the lead.</summary>
    private sealed record Candidate(Guid Id, string Email, string? FirstName, string? LastName, string? Company, string? Phone, string? Country, LeadStage Stage, DateTimeOffset CreatedAt);

    private static string? PhoneKey(string? phone, string? country)
    {
        if (string.IsNullOrWhiteSpace(phone))
            return null;
        try
        {
            var number = Phones.Parse(phone, country is { Length: 2 } c ? c.ToUpperInvariant() : null);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

}
