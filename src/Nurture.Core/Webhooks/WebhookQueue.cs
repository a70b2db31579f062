using System.Text.Json;
using Nurture.Core.Data;
using Nurture.Core.Leads;
using Nurture.Core.Telemetry;

namespace Nurture.Core.Webhooks;

/// <summary>Queues a signed webhook about a lead in the caller's transaction.</summary>
public static class WebhookQueue
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Enqueue(NurtureDbContext db, WebhookSource source, string idempotencyKey, string url, string eventName, Lead lead, object details, DateTimeOffset now)
    {
        var body = JsonSerializer.Serialize(new
        {
            @event = eventName,
            at = now,
            lead = new
            {
                lead.Id,
                lead.Email,
                lead.FirstName,
                lead.LastName,
                lead.Company,
                lead.JobTitle,
                lead.Country,
                stage = lead.Stage.ToString(),
                score = lead.EngagementScore,
                lead.Tags,
            },
            details,
        }, Json);
        db.Webhooks.Add(new WebhookMessage
        {
            Id = Guid.CreateVersion7(now),
            IdempotencyKey = idempotencyKey,
            LeadId = lead.Id,
            Url = url,
            Source = source,
            Body = body,
            CreatedAt = now,
            NextAttemptAt = now,
            TraceParent = NurtureTracing.Carried(),
        });
    }
}
