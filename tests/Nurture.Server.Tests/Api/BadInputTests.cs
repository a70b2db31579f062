using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Leads;
using Nurture.Core.Messaging;
using Nurture.Core.Signals;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Api;

/// <summary>Each bad request gets a clear problem saying what and where, and writes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestStack _stack = null!;
    private NurtureTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _stack = await TestStack.StartAsync(smtp: false);
        _host = _stack.Host;
    }

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    public static TheoryData<string, string, string> InvalidLeads => new()
    {
        { """{"firstName":"No Email"}""", "email", "required" },
        { """{"email":"not-an-address"}""", "email", "not a valid email address" },
        { """{"email":"two@@example.com"}""", "email", "not a valid email address" },
        { """{"email":"a@example.com","firstName":"{{LONG}}"}""", "firstName", "at most 100 characters" },
        { """{"email":"a@example.com","timeZone":"Mars/Olympus"}""", "timeZone", "not a known IANA time zone" },
    };

    [Theory]
    [MemberData(nameof(InvalidLeads))]
    public async Task Invalid_lead_is_refused_with_the_field_and_nothing_is_written(string body, string field, string message)
    {
        var response = await PostJsonAsync("/api/leads", body.Replace("{{LONG}}", new string('x', 101)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors").GetProperty(field);
        Assert.Contains(message, errors[0].GetString(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_line_and_position()
    {
        var response = await PostJsonAsync("/api/leads", "{\n  \"email\": \"a@example.com\",\n  \"firstName\": \n}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Malformed JSON", problem.GetProperty("title").GetString());
        Assert.StartsWith("Line 4, position 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Unknown_field_is_refused_by_name_instead_of_dropped()
    {
        var response = await PostJsonAsync("/api/leads", """{"email":"a@example.com","fistName":"Ada"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fistName", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task Signal_for_an_unknown_lead_is_refused()
    {
        var response = await _host.Client.PostAsJsonAsync("/api/signals", new { type = "click", email = "nobody@example.com" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("nobody@example.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("""{"email":"a@example.com"}""", "type")]
    [InlineData("""{"type":"Click Me","email":"a@example.com"}""", "type")]
    [InlineData("""{"type":"click"}""", "leadId")]
    public async Task Invalid_signal_is_refused_with_the_field(string body, string field)
    {
        var response = await PostJsonAsync("/api/signals", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789")]
    public async Task Api_without_a_valid_key_answers_401(string? key)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/journeys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/leads", new { email = "a@example.com" })).StatusCode);
        await AssertNothingWrittenAsync();
    }

    [Theory]
    [InlineData("Acepted")]
    [InlineData("1")]
    public async Task An_unknown_handoff_status_filter_is_refused_instead_of_listing_everything(string status)
    {
        var refused = await _host.Client.GetAsync($"/api/handoffs?status={status}");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"'{status}' is not a handoff status; one of Assigned, Accepted, Rejected", problem.RootElement.GetProperty("errors").GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync("/api/handoffs?status=accepted")).StatusCode);
    }

    [Fact]
    public async Task Health_answers_200_when_the_database_is_reachable()
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _host.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task AssertNothingWrittenAsync()
    {
        await using var db = _host.CreateDbContext();
        Assert.Equal(0, await db.Leads.CountAsync());
        Assert.Equal(0, await db.Signals.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
    }
}
