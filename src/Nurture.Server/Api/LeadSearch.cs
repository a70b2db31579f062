using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Leads;

namespace Nurture.Server.Api;

/// <summary>The leads list: free text over name, email and company, and filters on stage, score, tag, journey and a custom field's value.</summary>
public static class LeadSearch
{
    public const int PageSize = 200;

    public sealed record LeadSearchRow(Guid Id, string Email, string Name, string? Company, string Stage, int QualityScore, int EngagementScore, IReadOnlyList<string> Tags);

    public sealed record LeadSearchPage(int Total, IReadOnlyList<LeadSearchRow> Leads);

    public static async Task<Results<Ok<LeadSearchPage>, ValidationProblem>> SearchAsync(
        string? q, string? stage, int? minScore, string? tag, string? journey, string? field, string? value,
        IDbContextFactory<NurtureDbContext> databases, Core.Leads.Fields.CustomFieldsProvider customFields, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var leads = db.Leads.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim().ToLowerInvariant();
            leads = leads.Where(l => l.Email.ToLower().Contains(text)
                || (l.FirstName != null && l.FirstName.ToLower().Contains(text))
                || (l.LastName != null && l.LastName.ToLower().Contains(text))
                || (l.Company != null && l.Company.ToLower().Contains(text)));
        }
        if (!string.IsNullOrWhiteSpace(stage))
        {
            if (!LeadStages.TryParse(stage, out var wanted))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stage"] = [LeadStages.NotAStage(stage)] });
            leads = leads.Where(l => l.Stage == wanted);
        }
        if (minScore is { } min)
            leads = leads.Where(l => l.QualityScore >= min);
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var wantedTag = tag.Trim();
            leads = leads.Where(l => l.Tags.Contains(wantedTag));
        }
        if (!string.IsNullOrWhiteSpace(field))
        {
            // Matched as the stored JSON spells the pair, in the canonical form the value takes when saved.
            if (customFields.Current.Find(field) is not { } definition)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["field"] = [$"'{field}' is not a custom field."] });
            if (!definition.TryNormalize(value ?? "", out var normalized, out var problem) || normalized is null)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["value"] = [problem ?? $"Give the value of {field} to look for."] });
            var pattern = "%" + Lead.FieldPairJson(field, normalized).Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            leads = leads.Where(l => l.FieldsJson != null && EF.Functions.Like(l.FieldsJson, pattern, "\\"));
        }
        if (!string.IsNullOrWhiteSpace(journey))
            leads = leads.Where(l => db.Set<JourneyInstance>().Any(i => i.LeadId == l.Id && i.JourneyId == journey));

        var total = await leads.CountAsync(cancellationToken);
        var rows = await leads.OrderByDescending(l => l.QualityScore).ThenBy(l => l.Email).Take(PageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new LeadSearchPage(total, rows.Select(l => new LeadSearchRow(
            l.Id, l.Email, l.DisplayName, l.Company, l.Stage.ToString(), l.QualityScore, l.EngagementScore, l.Tags)).ToList()));
    }
}
