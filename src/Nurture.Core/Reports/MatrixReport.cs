using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Scoring;

namespace Nurture.Core.Reports;

/// <summary>One cell of the fit × engagement grid: its leads now, how many are with sales, how many bought.</summary>
/// <param name="WithSales">Leads in MQL, SAL, SQL or Opportunity.</param>
public sealed record MatrixCell(string Cell, int Leads, int Nurturing, int WithSales, int Customers, int Lost);

/// <summary>The funnel by cell: which profiles nurturing turns into sales conversations, and which it does not.</summary>
public sealed record MatrixFunnel(IReadOnlyList<int> FitBounds, IReadOnlyList<int> EngagementBounds, IReadOnlyList<MatrixCell> Cells);

public sealed class MatrixReport(IDbContextFactory<NurtureDbContext> databases, ScoringModelProvider models)
{
    private static readonly LeadStage[] Sales = [LeadStage.Mql, LeadStage.Sal, LeadStage.Sql, LeadStage.Opportunity];

    public async Task<MatrixFunnel> BuildAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        // Grouped by the scores themselves in SQL (few distinct pairs), placed in cells here.
        var groups = await db.Leads.AsNoTracking()
            .GroupBy(l => new { l.FitScore, l.EngagementScore, l.Stage })
            .Select(g => new { g.Key.FitScore, g.Key.EngagementScore, g.Key.Stage, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var matrix = models.Current.Matrix;
        var byCell = groups.ToLookup(g => matrix.CellOf(g.FitScore, g.EngagementScore));
        var cells = matrix.Cells().Select(cell =>
        {
            var rows = byCell[cell].ToList();
            int Count(Func<LeadStage, bool> stage) => rows.Where(r => stage(r.Stage)).Sum(r => r.Count);
            return new MatrixCell(cell, rows.Sum(r => r.Count), Count(LeadStages.Nurturing.Contains), Count(Sales.Contains),
                Count(s => s == LeadStage.Customer), Count(s => s is LeadStage.Lost or LeadStage.Disqualified));
        }).ToList();
        return new MatrixFunnel(matrix.Fit, matrix.Engagement, cells);
    }
}
