using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Signals;

namespace Nurture.Core.Scoring;

/// <summary>Turns a human signal into ledger rows and keeps the lead's score equal to the ledger's sum.</summary>
public sealed class ScoringService(ScoringModelProvider models)
{
    public const string Engagement = "engagement";

    /// <returns>The points added (0 when no rule matched or the rule had already fired).</returns>
    public async Task<int> ApplyAsync(NurtureDbContext db, Lead lead, Signal signal, CancellationToken cancellationToken)
    {
        var model = models.Current;
        var rule = model.Engagement.FirstOrDefault(r => r.Signal == signal.Type);
        if (rule is null || rule.Points == 0)
            return 0;

        if (rule.FirstTimeOnly)
        {
            var alreadyScored = await db.ScoreEntries.AnyAsync(e => e.LeadId == lead.Id && e.Rule == rule.Name, cancellationToken);
            if (alreadyScored)
                return 0;
        }

        db.ScoreEntries.Add(new ScoreEntry
        {
            Id = Guid.CreateVersion7(signal.ReceivedAt),
            LeadId = lead.Id,
            Dimension = Engagement,
            Delta = rule.Points,
            Reason = Describe(signal),
            Rule = rule.Name,
            ModelVersion = model.Version,
            SignalId = signal.Id,
            At = signal.ReceivedAt,
        });
        lead.EngagementScore += rule.Points;
        return rule.Points;
    }

    private static string Describe(Signal signal) => signal.Type switch
    {
        SignalTypes.Click => "clicked a link in an email",
        SignalTypes.Download => "downloaded an asset",
        SignalTypes.Open => "opened an email",
        SignalTypes.Form => "submitted a form",
        _ => $"signal '{signal.Type}'",
    };
}
