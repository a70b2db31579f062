using Nurture.Core.Configuration;
using Nurture.Core.Leads.Conditions;

namespace Nurture.Core.Handoff.Routing;

/// <summary>
/// Who gets an MQL, from <c>workflows/sales/routing.json</c>: ordered rules (first match wins) whose target is a
/// rep, a team (round-robin or least-loaded, within each rep's capacity and preferring reps in their
/// working hours) or the owner of the account matching the lead's email domain; and the SLA in minutes.
/// </summary>
public sealed record RoutingModel
{
    public int SlaMinutes { get; init; } = 15;

    /// <summary>Days a rejected lead waits before scoring may hand it off again; <c>Sales:RecycleCooldown</c> when absent.</summary>
    public int? RecycleCooldownDays { get; init; }
    public IReadOnlyList<SalesRep> Reps { get; init; } = [];
    public IReadOnlyList<SalesTeam> Teams { get; init; } = [];
    public IReadOnlyList<AccountOwner> Accounts { get; init; } = [];
    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];

    /// <summary>Who is told when a handoff climbs the whole ladder without a team manager.</summary>
    public string? EscalationEmail { get; init; }

    public static RoutingModel Empty { get; } = new();

    public SalesRep? Rep(string email) => Reps.FirstOrDefault(r => r.Email.Equals(email, StringComparison.OrdinalIgnoreCase));

    public SalesTeam? Team(string? name) => name is null ? null : Teams.FirstOrDefault(t => t.Name == name);

    /// <summary>Parses and checks a routing; every problem names where it is (<c>file: rules[1].target.team: …</c>).</summary>
    public static RoutingModel Parse(string json, string source) => JsonModel.Parse<RoutingModel>(json, source, m => m.Problems());

    public string ToJson() => JsonModel.Serialize(this);

    private IEnumerable<string> Problems()
    {
        if (SlaMinutes <= 0)
            yield return $"slaMinutes must be positive (got {SlaMinutes}).";
        if (RecycleCooldownDays is < 0 or > 3650)
            yield return $"recycleCooldownDays must be between 0 and 3650 (got {RecycleCooldownDays}).";
        for (var i = 0; i < Reps.Count; i++)
        {
            if (Reps[i].Email is not { } email || !Leads.EmailAddresses.IsPlainAddress(email))
                yield return $"reps[{i}].email: '{Reps[i].Email}' is not an email address.";
            if (Reps[i].TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                yield return $"reps[{i}].timeZone: '{zone}' is not a known time zone.";
            if (Reps[i].Hours?.Problem() is { } hours)
                yield return $"reps[{i}].hours: {hours}";
            if (Reps[i].Capacity is <= 0)
                yield return $"reps[{i}].capacity must be positive when given.";
        }
        for (var i = 0; i < Teams.Count; i++)
        {
            if (Teams[i].Members.Count == 0)
                yield return $"teams[{i}].members: a team needs at least one rep.";
            foreach (var member in Teams[i].Members.Where(m => Rep(m) is null))
                yield return $"teams[{i}].members: '{member}' is not in reps.";
        }
        for (var i = 0; i < Accounts.Count; i++)
        {
            if (Rep(Accounts[i].Owner) is null)
                yield return $"accounts[{i}].owner: '{Accounts[i].Owner}' is not in reps.";
        }
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var target = rule.Target;
            var kinds = new[] { target.Rep is not null, target.Team is not null, target.AccountOwner }.Count(k => k);
            if (kinds != 1)
                yield return $"rules[{i}].target: give exactly one of rep, team or accountOwner.";
            if (target.Rep is { } rep && Rep(rep) is null)
                yield return $"rules[{i}].target.rep: '{rep}' is not in reps.";
            if (target.Team is { } team && Team(team) is null)
                yield return $"rules[{i}].target.team: '{team}' is not in teams.";
            if (rule.When is not null)
            {
                foreach (var problem in rule.When.Problems($"rules[{i}].when"))
                    yield return problem;
            }
            if (rule.SlaMinutes is <= 0)
                yield return $"rules[{i}].slaMinutes must be positive when given.";
        }
    }
}

public sealed record SalesRep
{
    public string Email { get; init; } = "";
    public string? Name { get; init; }
    public string? TimeZone { get; init; }

    /// <summary>Working hours in the rep's time zone; always working when absent.</summary>
    public BusinessHours? Hours { get; init; }

    /// <summary>Open (not yet accepted) handoffs the rep may hold; unlimited when absent.</summary>
    public int? Capacity { get; init; }

    public bool IsWorking(DateTimeOffset now) => Hours is null || Hours.NextOpening(now, TimeZone) == now;
}

public enum TeamStrategy
{
    RoundRobin,
    LeastLoaded,
}

public sealed record SalesTeam
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Members { get; init; } = [];
    public TeamStrategy Strategy { get; init; } = TeamStrategy.RoundRobin;
    public string? Manager { get; init; }
}

public sealed record AccountOwner
{
    public string Domain { get; init; } = "";
    public string Owner { get; init; } = "";
}

public sealed record RoutingRule
{
    public string Name { get; init; } = "";

    /// <summary>Null matches every lead.</summary>
    public LeadCondition? When { get; init; }

    public RoutingTarget Target { get; init; } = new();
    public int? SlaMinutes { get; init; }
}

public sealed record RoutingTarget
{
    public string? Rep { get; init; }
    public string? Team { get; init; }
    public bool AccountOwner { get; init; }
}
