using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;

namespace Nurture.Server.Api;

/// <summary>What is loaded, and what was refused with its position; the activity catalog for designers.</summary>
public static class JourneysApi
{
    public static IEndpointRouteBuilder MapJourneysApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("journeys", (JourneyCatalog catalog) => TypedResults.Ok(new
        {
            journeys = catalog.Published.OrderBy(j => j.Id).Select(j => new
            {
                j.Id,
                j.Definition.Name,
                j.Version,
                triggers = j.Definition.Triggers.Select(t => t.Type),
                activities = j.Definition.Activities.Count,
            }),
            errors = catalog.LoadErrors.Select(e => new { e.File, e.Line, e.Column, e.ActivityId, e.Property, e.Message, text = e.ToString() }),
        })).WithTags("Journeys");

        api.MapGet("activities", (ActivityRegistry registry) => TypedResults.Ok(registry.All.Select(a => new
        {
            a.Type,
            a.Description,
            a.Outcomes,
            a.Properties,
            a.Waits,
        }))).WithTags("Journeys");

        api.MapGet("templates", (TemplateStore templates) => TypedResults.Ok(new
        {
            templates = templates.All.OrderBy(t => t.Name).Select(t => new { t.Name, t.File, hasText = t.Text is not null }),
            errors = templates.Errors.Select(e => new { e.File, e.Line, e.Column, e.Message, text = e.ToString() }),
        })).WithTags("Templates");
        return api;
    }
}
