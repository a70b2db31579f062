using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nurture.Core.Data;
using Nurture.Core.Leads;

namespace Nurture.Core.Handoff.Routing;

/// <summary>Where a handoff goes, and why.</summary>
public sealed record Assignment(string RepEmail, string? Team, string? Rule, int SlaMinutes, string Why);

/// <summary>Applies the routing rules in order; the first that yields a rep wins, else the default rep.</summary>
public sealed class Router(RoutingProvider routing, IOptions<SalesOptions> options)
{
    public async Task<Assignment> AssignAsync(NurtureDbContext db, Lead lead, DateTimeOffset now, CancellationToken cancellationToken, string? excluding = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(lead);
        var model = routing.Current;
        foreach (var rule in model.Rules.Where(r => r.When?.Evaluate(lead) ?? true))
        {
            var sla = rule.SlaMinutes ?? model.SlaMinutes;
            if (rule.Target.Rep is { } rep && !Same(rep, excluding))
                return new Assignment(rep, null, rule.Name, sla, $"rule '{rule.Name}': rep {rep}");
            if (rule.Target.AccountOwner && OwnerOf(model, lead.Email) is { } owner && !Same(owner.Owner, excluding))
                return new Assignment(owner.Owner, null, rule.Name, sla, $"rule '{rule.Name}': owner of account {owner.Domain}");
            if (model.Team(rule.Target.Team) is { } team
                && await PickAsync(db, model, team, now, excluding, cancellationToken) is { } picked)
                return new Assignment(picked.Email, team.Name, rule.Name, sla, $"rule '{rule.Name}': team {team.Name} ({picked.Why})");
        }
        var fallback = options.Value.DefaultRepEmail;
        return new Assignment(fallback, null, null, model.SlaMinutes, "no routing rule matched: the default rep");
    }

    /// <summary>Account domains match the lead's domain and its parents (eu.acme.com → acme.com).</summary>
    private static AccountOwner? OwnerOf(RoutingModel model, string email)
    {
        var domain = email[(email.LastIndexOf('@') + 1)..].ToLowerInvariant();
        return model.Accounts.FirstOrDefault(a => domain == a.Domain.ToLowerInvariant() || domain.EndsWith("." + a.Domain.ToLowerInvariant(), StringComparison.Ordinal));
    }

    private static async Task<(string Email, string Why)?> PickAsync(NurtureDbContext db, RoutingModel model, SalesTeam team, DateTimeOffset now, string? excluding, CancellationToken cancellationToken)
    {
        var open = await db.Handoffs.Where(h => h.Status == HandoffStatus.Assigned && team.Members.Contains(h.RepEmail))
            .GroupBy(h => h.RepEmail).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key.ToLowerInvariant(), g => g.Count, cancellationToken);
        // Count the handoffs assigned in this unit of work too (several MQLs in one batch).
        foreach (var pending in db.Handoffs.Local.Where(h => db.Entry(h).State == EntityState.Added && h.Status == HandoffStatus.Assigned))
            open[pending.RepEmail.ToLowerInvariant()] = open.GetValueOrDefault(pending.RepEmail.ToLowerInvariant()) + 1;

        var members = team.Members.Select(m => model.Rep(m)!).Where(r => !Same(r.Email, excluding)).ToList();
        var available = members.Where(r => r.Capacity is not { } cap || open.GetValueOrDefault(r.Email.ToLowerInvariant()) < cap).ToList();
        if (available.Count == 0)
            return null;
        var working = available.Where(r => r.IsWorking(now)).ToList();
        var pool = working.Count > 0 ? working : available;
        var note = working.Count > 0 ? "in working hours" : "nobody in working hours";

        if (team.Strategy == TeamStrategy.LeastLoaded)
        {
            var least = pool.OrderBy(r => open.GetValueOrDefault(r.Email.ToLowerInvariant())).First();
            return (least.Email, $"least loaded, {open.GetValueOrDefault(least.Email.ToLowerInvariant())} open, {note}");
        }
        var last = db.Handoffs.Local.Where(h => h.Team == team.Name).OrderByDescending(h => h.CreatedAt).Select(h => h.RepEmail).FirstOrDefault()
            ?? await db.Handoffs.Where(h => h.Team == team.Name).OrderByDescending(h => h.CreatedAt).ThenByDescending(h => h.Id).Select(h => h.RepEmail).FirstOrDefaultAsync(cancellationToken);
        var order = team.Members.ToList();
        var start = last is null ? 0 : order.FindIndex(m => Same(m, last)) + 1;
        for (var i = 0; i < order.Count; i++)
        {
            var candidate = order[(start + i) % order.Count];
            if (pool.FirstOrDefault(r => Same(r.Email, candidate)) is { } next)
                return (next.Email, $"round-robin, {note}");
        }
        return null;
    }

    private static bool Same(string a, string? b) => b is not null && a.Equals(b, StringComparison.OrdinalIgnoreCase);
}
