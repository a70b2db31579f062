using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Compliance;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;
using Nurture.Core.Leads.Fields;
using Nurture.Core.Leads.Geography;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Core.Scoring.Reliability;
using Nurture.Core.Work;

namespace Nurture.Core.Processing;

/// <summary>Creates or updates leads by email; a new lead enters the journeys triggered by LeadCreated.</summary>
public sealed class LeadService(
    IDbContextFactory<NurtureDbContext> databases,
    LeadEvents events,
    ConsentService consent,
    ScoringModelProvider models,
    ScoringService scoring,
    ReliabilityChecker reliability,
    ProfileRescored rescored,
    IOptions<EmailOptions> emailOptions,
    CustomFieldsProvider customFields,
    DateTriggers dates,
    TimeProvider time)
{
    /// <param name="newId">The id a new lead gets (a simulation's leads take theirs from its seed); a new version-7 id otherwise.</param>
    /// <exception cref="LeadValidationException">The input is invalid; nothing was written.</exception>
    public async Task<(Lead Lead, bool Created)> UpsertAsync(LeadInput input, string source, CancellationToken cancellationToken, Guid? newId = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fields = customFields.Current;
        var errors = LeadValidator.Validate(input, fields);
        if (errors.Count > 0)
            throw new LeadValidationException(errors);

        var email = LeadValidator.NormalizeEmail(input.Email!);
        // Two requests creating the same email race on the unique index; the loser updates instead.
        return await ConflictRetry.RunAsync(databases, async db =>
        {
            var now = time.GetUtcNow();
            var lead = await db.Leads.SingleOrDefaultAsync(l => l.Email == email, cancellationToken);
            var created = lead is null;
            if (lead is null)
            {
                lead = new Lead { Id = newId ?? Guid.CreateVersion7(now), Email = email, CreatedAt = now };
                db.Leads.Add(lead);
                db.StageTransitions.Add(new StageTransition
                {
                    Id = Guid.CreateVersion7(now),
                    LeadId = lead.Id,
                    From = null,
                    To = LeadStage.Lead,
                    At = now,
                    By = source,
                    Reason = "lead created",
                });
            }
            var reliabilityBefore = ReliabilityInputs(lead);
            Apply(input, lead, emailOptions.Value.DefaultTimeZone);
            ApplyFields(input, lead, fields);
            lead.MarkChanged(now);
            if (created)
                await consent.OnCreatedAsync(db, lead, input.Consent, source, now, cancellationToken);
            else if (input.Consent is { } given)
                ConsentService.OnGivenAgain(db, lead, given, source, now);
            var work = new LeadWork(db, lead);
            await ScoreProfileAsync(work, created || ReliabilityInputs(lead) != reliabilityBefore, now, cancellationToken);
            // A changed date (or a new lead's sign-up date) moves the lead's date timers.
            if (dates.Any)
                await dates.ScheduleAsync(work, cancellationToken);
            // A lead waiting to confirm its address enters journeys when it confirms, not before.
            if (created && lead.OptIn != OptInStatus.Pending)
                work.Raise(LeadEvent.Created());
            await events.DispatchAsync(work, cancellationToken);
            return (lead, created);
        }, cancellationToken);
    }

    /// <summary>Fit from the profile; reliability when what it checks changed (a DNS lookup, cached); an MQL is handed off.</summary>
    private async Task ScoreProfileAsync(LeadWork work, bool checkReliability, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lead = work.Lead;
        var model = models.Current;
        var checks = checkReliability && model.Reliability is { } weights ? await reliability.CheckAsync(lead, weights, cancellationToken) : null;
        var before = LeadScores.Of(lead);
        await scoring.RefreshProfileAsync(work.Db, lead, checks, now, cancellationToken);
        await rescored.HandleAsync(work, before, "the profile", cancellationToken);
    }

    private static string ReliabilityInputs(Lead lead) =>
        string.Join('|', lead.Email, lead.FirstName, lead.LastName, lead.Company, lead.JobTitle, lead.Phone, lead.Country);

    private static void Apply(LeadInput input, Lead lead, string defaultTimeZone)
    {
        var (countryBefore, phoneBefore) = (lead.Country, lead.Phone);
        // An upsert only overwrites the fields it was given.
        lead.FirstName = Clean(input.FirstName) ?? lead.FirstName;
        lead.LastName = Clean(input.LastName) ?? lead.LastName;
        lead.Company = Clean(input.Company) ?? lead.Company;
        lead.JobTitle = Clean(input.JobTitle) ?? lead.JobTitle;
        lead.Phone = Clean(input.Phone) ?? lead.Phone;
        lead.Country = Countries.NormalizeOrKeep(Clean(input.Country)) ?? lead.Country;
        lead.Industry = Clean(input.Industry) ?? lead.Industry;
        lead.CompanySize = input.CompanySize ?? lead.CompanySize;
        lead.AnnualRevenue = input.AnnualRevenue ?? lead.AnnualRevenue;

        if (Clean(input.TimeZone) is { } zone)
            (lead.TimeZone, lead.TimeZoneSource) = (zone, TimeZoneSource.Explicit);
        else if (lead.TimeZoneSource != TimeZoneSource.Explicit
                 && (lead.TimeZoneSource is null || lead.Country != countryBefore || lead.Phone != phoneBefore))
            (lead.TimeZone, lead.TimeZoneSource) = TimeZoneInference.Infer(lead.Country, lead.Phone, defaultTimeZone);
    }

    private static void ApplyFields(LeadInput input, Lead lead, CustomFieldSet fields)
    {
        foreach (var (name, value) in input.Fields ?? [])
        {
            fields.Find(name)!.TryNormalize(value, out var normalized, out _); // validated above
            lead.SetField(name, normalized);
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public sealed class LeadValidationException(Dictionary<string, string[]> errors)
    : Exception("The lead is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    public Dictionary<string, string[]> Errors { get; } = errors;
}
