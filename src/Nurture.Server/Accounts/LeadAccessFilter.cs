using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;
using Nurture.Core.Handoff;

namespace Nurture.Server.Accounts;

/// <summary>
/// Marketers and admins see every lead; a sales user sees only the leads handed to them (their email is
/// the rep's address in the routing) or to a team they manage. Added to routes that take the lead's <c>{id}</c>.
/// </summary>
public sealed class LeadAccessFilter(IDbContextFactory<NurtureDbContext> databases, Core.Handoff.Routing.RoutingProvider routing) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = context.HttpContext.User;
        if (!IsSalesOnly(user)
            || context.HttpContext.Request.RouteValues["id"] is not string raw || !Guid.TryParse(raw, out var leadId))
            return await next(context);
        var rep = Actors.RepEmail(user);
        var teams = HandoffVisibility.ManagedTeams(user, routing.Current);
        await using var db = await databases.CreateDbContextAsync(context.HttpContext.RequestAborted);
        if (await db.Handoffs.AnyAsync(h => h.LeadId == leadId && (h.RepEmail.ToLower() == rep || (h.Team != null && teams.Contains(h.Team))), context.HttpContext.RequestAborted))
            return await next(context);
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This lead was not handed to you.");
    }

    /// <summary>A user whose only way in is the sales role (admins and marketers see every lead).</summary>
    public static bool IsSalesOnly(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Sales) && !user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Marketer);
}
