using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Security;

/// <summary>No route reads more than it needs: anonymous bodies are small, API bodies bounded, report periods too.</summary>
public sealed class BodyLimitTests
{
    [Fact]
    public async Task Oversized_bodies_end_in_413_with_a_problem_and_nothing_written()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var host = stack.Host;
        using var anonymous = new HttpClient { BaseAddress = host.BaseAddress };
        var padding = new string('x', 100 * 1024);

        var login = await anonymous.PostAsync("/api/account/login", new StringContent($$"""{ "email": "a@b.c", "password": "{{padding}}" }""", Encoding.UTF8, "application/json"));
        await AssertTooLargeAsync(login);
        var signed = new Uri(host.Service<Core.Links.TrackingUrls>().Unsubscribe(Guid.NewGuid(), Guid.NewGuid(), host.Clock.GetUtcNow())).AbsolutePath;
        var unsubscribe = await anonymous.PostAsync(signed, new FormUrlEncodedContent([new("List-Unsubscribe", padding)]));
        await AssertTooLargeAsync(unsubscribe);

        var lead = await host.Client.PostAsync("/api/leads", new StringContent($$"""{ "email": "big@example.com", "company": "{{new string('y', 2 * 1024 * 1024)}}" }""", Encoding.UTF8, "application/json"));
        await AssertTooLargeAsync(lead);
        await using (var db = host.CreateDbContext())
            Assert.False(await db.Leads.AnyAsync(l => l.Email == "big@example.com"));

        // A CSV of leads may be large: 3 MB is accepted.
        var csv = new StringBuilder("email,company\n");
        for (var i = 0; csv.Length < 3 * 1024 * 1024; i++)
            csv.Append($"row{i}@example.com,{new string('z', 80)}\n");
        var preview = await host.Client.PostAsJsonAsync("/api/leads/import/preview", new { csv = csv.ToString() });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
    }

    [Fact]
    public async Task A_report_period_longer_than_400_days_is_refused_and_says_so()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);
        var response = await stack.Host.Client.GetAsync("/api/reports/emails?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("longer than 400 days", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await stack.Host.Client.GetAsync("/api/reports/emails?from=2025-06-01T00:00:00Z&to=2026-01-01T00:00:00Z")).StatusCode);
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
    }
}
