using System.Security.Claims;
using Nurture.Core.Handoff.Routing;

namespace Nurture.Server.Accounts;

/// <summary>
/// Which handoffs a user may see. Admins, marketers (read-only) and integrations see all; a sales user sees
/// those assigned to them and, as a team's manager in the routing, every handoff of that team.
/// </summary>
public static class HandoffVisibility
{
    /// <summary>The teams whose manager is this user (empty for everyone else).</summary>
    public static IReadOnlyList<string> ManagedTeams(ClaimsPrincipal user, RoutingModel routing)
    {
        var email = Actors.RepEmail(user);
        return routing.Teams.Where(t => t.Manager is { } manager && manager.Equals(email, StringComparison.OrdinalIgnoreCase)).Select(t => t.Name).ToList();
    }

    public static bool MaySee(ClaimsPrincipal user, RoutingModel routing, string repEmail, string? team) =>
        !LeadAccessFilter.IsSalesOnly(user)
        || repEmail.Equals(Actors.RepEmail(user), StringComparison.OrdinalIgnoreCase)
        || (team is not null && ManagedTeams(user, routing).Contains(team, StringComparer.Ordinal));

    public static bool MayAnswer(ClaimsPrincipal user) =>
        user.IsInRole(Core.Accounts.Roles.Admin) || user.IsInRole(Core.Accounts.Roles.Sales);
}
