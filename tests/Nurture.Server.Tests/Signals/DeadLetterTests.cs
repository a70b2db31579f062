using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Processing;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Signals;

/// <summary>
/// A signal whose processing always fails is retried a few times, then set aside as a dead letter: the replay
/// sweep stops sending it round (where it would fail forever and hold up those behind it), an operator sees
/// it in the API, and sends it round again once its cause is fixed.
/// </summary>
public sealed class DeadLetterTests
{
    // A form trigger reads the form's id from the signal's properties: broken JSON there fails every attempt.
    private const string Journey = """
        { "id": "contact", "name": "Contact", "triggers": [ { "type": "FormSubmitted", "form": "contact" } ],
          "activities": [ { "id": "tag", "type": "AddTag", "properties": { "tag": "contacted" } } ] }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_signal_that_keeps_failing_is_dead_lettered_listed_and_retried_once_fixed(string provider)
    {
        await using var stack = await TestStack.WithJourneysAsync(provider, [Journey], configure: o => o.WithSetting("Signals:MaxAttempts", "3"));
        var host = stack.Host;
        var leadId = await host.CreateLeadAsync(new { email = "poison@example.com" });
        var signalId = Guid.CreateVersion7();
        await using (var db = host.CreateDbContext())
        {
            db.Signals.Add(new Signal
            {
                Id = signalId, LeadId = leadId, Type = SignalTypes.Form, Source = "api", PropertiesJson = "{\"form\": \"contact\"",
                OccurredAt = host.Clock.GetUtcNow(), ReceivedAt = host.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var processor = host.Service<SignalProcessor>();
        var sweeper = host.Service<SignalReplaySweeper>();

        for (var attempt = 1; attempt <= 3; attempt++)
            await processor.ProcessBatchAsync([signalId], CancellationToken.None);

        var dead = await SignalAsync(host, signalId);
        Assert.Equal((3, true), (dead.Attempts, dead.IsDeadLettered));
        Assert.StartsWith("Json", dead.LastError); // the parser's own words: what an operator needs to fix it
        Assert.Null(dead.ProcessedAt);
        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None)); // no longer sent round
        var listed = await host.Client.GetFromJsonAsync<JsonElement>("/api/signals/dead-letters");
        var entry = Assert.Single(listed.EnumerateArray());
        Assert.Equal((signalId, 3), (entry.GetProperty("id").GetGuid(), entry.GetProperty("attempts").GetInt32()));

        // The cause fixed (here: the properties repaired), an operator sends it round again.
        await using (var db = host.CreateDbContext())
            await db.Signals.Where(s => s.Id == signalId).ExecuteUpdateAsync(u => u.SetProperty(s => s.PropertiesJson, "{\"form\": \"contact\"}"));
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync($"/api/signals/{signalId}/retry", null)).StatusCode);
        await host.WaitUntilProcessedAsync(signalId);

        var revived = await SignalAsync(host, signalId);
        Assert.False(revived.IsDeadLettered);
        Assert.Contains("contacted", (await host.LeadAsync(leadId)).Tags);
        Assert.Empty((await host.Client.GetFromJsonAsync<JsonElement>("/api/signals/dead-letters")).EnumerateArray());
        Assert.Equal(HttpStatusCode.Conflict, (await host.Client.PostAsync($"/api/signals/{signalId}/retry", null)).StatusCode);
    }

    private static async Task<Signal> SignalAsync(NurtureTestHost host, Guid id)
    {
        await using var db = host.CreateDbContext();
        return await db.Signals.AsNoTracking().SingleAsync(s => s.Id == id);
    }
}
