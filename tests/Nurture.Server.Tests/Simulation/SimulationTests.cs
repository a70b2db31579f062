using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Simulation;

/// <summary>
/// POST /api/journeys/{id}/simulate: the real engine on a scratch copy in simulated time. The same seed gives
/// the same answer; the real tables and the SMTP server see nothing.
/// </summary>
public sealed class SimulationTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task The_same_seed_gives_the_same_answer_and_nothing_real_is_touched(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: true);
        var host = stack.Host;
        var request = new { population = new { synthetic = new { count = 200 } }, horizon = "P60D", seed = 7, runs = 2, start = Start };

        var first = await SimulateAsync(host, "welcome-nurture", request);
        var again = await SimulateAsync(host, "welcome-nurture", request);
        var other = await SimulateAsync(host, "welcome-nurture", request with { seed = 8 });

        Assert.Equal(Comparable(first), Comparable(again));
        Assert.NotEqual(Comparable(first), Comparable(other));
        var result = first["result"]!;
        Assert.Equal(200, result["leads"]!.GetValue<int>());
        var welcome = Step(result, "welcome");
        Assert.Equal(200, welcome["entered"]!.GetValue<int>());
        Assert.True(result["emails"]!["sent"]!.GetValue<int>() >= 400, "every lead gets the welcome and a follow-up or a nudge");
        Assert.Equal([7, 8], first["seeds"]!.AsArray().Select(s => s!.GetValue<int>()));

        var refused = await host.Client.PostAsJsonAsync("/api/journeys/welcome-nurture/simulate", new { population = new { synthetic = new { count = 0 } }, horizon = "P2Y" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problems = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(problems.TryGetProperty("population.synthetic.count", out _) && problems.TryGetProperty("horizon", out _), problems.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync("/api/journeys/nobody/simulate", request)).StatusCode);

        await using var db = host.CreateDbContext();
        Assert.Equal(0, await db.Leads.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Empty(stack.Smtp!.Received);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task A_template_with_enough_history_answers_at_its_own_human_rates(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var lead = Guid.CreateVersion7();
        var sentAt = host.Clock.GetUtcNow().AddDays(-10);
        await using (var db = host.CreateDbContext())
        {
            // Written directly: a lead made through the API would get (and open the count with) its own welcome.
            db.Leads.Add(new Lead { Id = lead, Email = "history@example.com", CreatedAt = sentAt, UpdatedAt = sentAt });
            // 200 welcomes: 50 opened by people after 2 h (ten of them twice), 10 clicked after 3 h, 40 opened only by machines.
            for (var i = 0; i < 200; i++)
            {
                var mime = new MimeKit.MimeMessage { Subject = "Welcome", MessageId = $"history{i}@nurture.test", Body = new MimeKit.TextPart("plain") { Text = "Hi" } };
                var message = new OutboxMessage(Guid.CreateVersion7(), $"history:{i}", MessageKind.Marketing, "history@example.com", mime, sentAt)
                    { LeadId = lead, TemplateName = "welcome" };
                message.BeginAttempt();
                message.MarkSent(sentAt);
                db.Outbox.Add(message);
                if (i < 50)
                    db.Signals.Add(Hit(lead, message.Id, SignalTypes.Open, SignalLabel.Human, sentAt.AddHours(2)));
                if (i < 10)
                {
                    db.Signals.Add(Hit(lead, message.Id, SignalTypes.Open, SignalLabel.Human, sentAt.AddHours(5)));
                    db.Signals.Add(Hit(lead, message.Id, SignalTypes.Click, SignalLabel.Human, sentAt.AddHours(3)));
                }
                else if (i >= 150)
                    db.Signals.Add(Hit(lead, message.Id, SignalTypes.Open, SignalLabel.MachineOpen, sentAt.AddMinutes(1)));
            }
            await db.SaveChangesAsync();
        }

        var answer = await SimulateAsync(host, "welcome-nurture", new { population = new { synthetic = new { count = 1 } }, horizon = "P1D", runs = 1 });

        var welcome = answer["responses"]!["welcome"]!;
        Assert.Equal(0.25, welcome["open"]!.GetValue<double>());
        Assert.Equal(0.05, welcome["click"]!.GetValue<double>());
        Assert.Equal(0, welcome["download"]!.GetValue<double>());
        Assert.Equal("02:00:00", welcome["openDelay"]!.GetValue<string>());
        Assert.Equal("03:00:00", welcome["clickDelay"]!.GetValue<string>());
        Assert.StartsWith("history: 200 emails since ", welcome["source"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("prior", answer["responses"]!["nudge"]!["source"]!.GetValue<string>()); // no history: the stated priors
    }

    private static Signal Hit(Guid lead, Guid message, string type, SignalLabel label, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        LeadId = lead,
        Type = type,
        Source = "tracking",
        MessageId = message,
        Label = label,
        OccurredAt = at,
        ReceivedAt = at,
        ProcessedAt = at,
    };

    private static JsonNode Step(JsonNode result, string id) => result["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!;

    /// <summary>Everything but the wall-clock time.</summary>
    private static string Comparable(JsonNode answer)
    {
        var copy = answer.DeepClone().AsObject();
        copy.Remove("elapsedSeconds");
        return copy.ToJsonString();
    }

    private static async Task<JsonNode> SimulateAsync(NurtureTestHost host, string journey, object request)
    {
        var response = await host.Client.PostAsJsonAsync($"/api/journeys/{journey}/simulate", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }
}
