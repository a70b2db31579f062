using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Lifecycle;

/// <summary>Stage moves by people (backward ones too), every transition recorded, and the funnel replayed from them.</summary>
public sealed class FunnelTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Funnel_counts_stages_conversions_and_time_in_stage_from_the_recorded_transitions(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var host = stack.Host;
        var won = await host.CreateLeadAsync(new { email = "won@example.com" });
        await host.CreateLeadAsync(new { email = "waiting@example.com" });

        host.Clock.Advance(TimeSpan.FromHours(1));
        await host.WaitUntilProcessedAsync(await host.SignalAsync(new { type = "form", leadId = won, properties = new { form = "contact" } })); // +50: MQL
        host.Clock.Advance(TimeSpan.FromHours(1));
        await Move(host, won, "Sal", "accepted by the rep");
        host.Clock.Advance(TimeSpan.FromHours(24));
        await Move(host, won, "Sql", "budget confirmed");
        host.Clock.Advance(TimeSpan.FromHours(4));
        await Move(host, won, "Mql", "budget withdrawn: back to marketing");

        var funnel = await host.Client.GetFromJsonAsync<JsonElement>(
            $"/api/funnel?from={Uri.EscapeDataString(NurtureTestHost.Epoch.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(host.Clock.GetUtcNow().ToString("O"))}");

        var stages = funnel.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal((1, 2), (stages["Lead"].GetProperty("now").GetInt32(), stages["Lead"].GetProperty("entered").GetInt32()));
        Assert.Equal(1, stages["Mql"].GetProperty("now").GetInt32());
        Assert.Equal(24, stages["Sal"].GetProperty("averageHours").GetDouble());
        Assert.Equal(4, stages["Sql"].GetProperty("medianHours").GetDouble());
        var steps = funnel.GetProperty("conversions").EnumerateArray().ToDictionary(s => s.GetProperty("from").GetString()!);
        Assert.Equal((2, 1, 0.5), (steps["Lead"].GetProperty("entered").GetInt32(), steps["Lead"].GetProperty("converted").GetInt32(), steps["Lead"].GetProperty("rate").GetDouble()));
        Assert.Equal((1, 1), (steps["Sal"].GetProperty("entered").GetInt32(), steps["Sal"].GetProperty("converted").GetInt32()));
        Assert.Equal(0, steps["Sql"].GetProperty("converted").GetInt32());

        await using var db = host.CreateDbContext();
        var history = await db.StageTransitions.Where(t => t.LeadId == won).OrderBy(t => t.At).ToListAsync();
        Assert.Equal([LeadStage.Lead, LeadStage.Mql, LeadStage.Sal, LeadStage.Sql, LeadStage.Mql], history.Select(t => t.To));
        var backward = history[^1];
        Assert.Equal((LeadStage.Sql, "rep@sales.test", "budget withdrawn: back to marketing"), (backward.From!.Value, backward.By, backward.Reason));
    }

    [Fact]
    public async Task Bad_stage_moves_say_what_is_wrong()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        var id = await host.CreateLeadAsync(new { email = "x@example.com" });

        var unknown = await host.Client.PostAsJsonAsync($"/api/leads/{id}/stage", new { stage = "Won", reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'Won' is not a stage", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var silent = await host.Client.PostAsJsonAsync($"/api/leads/{id}/stage", new { stage = "Sql" });
        Assert.Contains("reason", await silent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync($"/api/leads/{Guid.NewGuid()}/stage", new { stage = "Sql", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/api/funnel?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).StatusCode);
    }

    private static async Task Move(NurtureTestHost host, Guid id, string stage, string reason) =>
        (await host.Client.PostAsJsonAsync($"/api/leads/{id}/stage", new { stage, reason, by = "rep@sales.test" })).EnsureSuccessStatusCode();
}
