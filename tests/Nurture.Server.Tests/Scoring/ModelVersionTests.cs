using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Handoff;
using Nurture.Core.Leads;
using Nurture.Core.Tests.Scoring;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Scoring;

/// <summary>A new model version is previewed against every lead before it is applied, and applied through the ledger.</summary>
public sealed class ModelVersionTests : IAsyncLifetime
{
    private LocalDnsServer _dns = null!;
    private TestStack _stack = null!;
    private NurtureTestHost _host = null!;
    private readonly string _modelFile = Path.Combine(Path.GetTempPath(), "nurture-tests", $"model-{Guid.NewGuid():N}.json");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_modelFile)!);
        File.Copy(Path.Combine(Repository.Root, "workflows", "scoring", "model.json"), _modelFile);
        _dns = new LocalDnsServer(new() { ["acme.example"] = new(Exchanges: ["mx.acme.example"]) });
        _stack = await StackAsync("Sqlite");
        _host = _stack.Host;
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _dns.DisposeAsync();
        File.Delete(_modelFile);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Preview_names_who_would_cross_then_apply_writes_ledger_rows_and_hands_the_new_MQL_to_sales(string provider)
    {
        if (provider != "Sqlite")
            await RestartOnAsync(provider);
        var vp = await Lead("vp@acme.example", "VP Sales", 500);
        var director = await Lead("director@acme.example", "Director of Marketing", 150);
        var analyst = await Lead("analyst@acme.example", "Analyst", 20);
        foreach (var lead in new[] { vp, director, analyst })
            await EngageAsync(lead);
        Assert.Equal(LeadStage.Mql, (await _host.LeadAsync(vp)).Stage);
        Assert.Equal(LeadStage.Mql, (await _host.LeadAsync(director)).Stage);
        Assert.Equal((LeadStage.Lead, 30), ((await _host.LeadAsync(analyst)).Stage, (await _host.LeadAsync(analyst)).FitScore));

        // Version 5: directors are worth more, and a fit of 30 is enough.
        var candidate = JsonNode.Parse(await File.ReadAllTextAsync(_modelFile))!;
        candidate["version"] = 5;
        candidate["mql"]!["all"]![0]!["value"] = 30;
        candidate["fit"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "director")!["points"] = 45;

        var preview = await _host.Client.PostAsJsonAsync("/api/scoring/model/preview", candidate);
        preview.EnsureSuccessStatusCode();
        var report = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 2, 3), (report.GetProperty("leads").GetInt32(), report.GetProperty("mqlNow").GetInt32(), report.GetProperty("mqlAfter").GetInt32()));
        var crossing = Assert.Single(report.GetProperty("wouldCross").EnumerateArray());
        Assert.Equal("analyst@acme.example", crossing.GetProperty("email").GetString());
        Assert.Equal(0, report.GetProperty("wouldFallBelowCount").GetInt32());
        // A preview changes nothing.
        Assert.Equal(4, JsonDocument.Parse(await _host.Client.GetStringAsync("/api/scoring/model")).RootElement.GetProperty("version").GetInt32());
        Assert.Equal(LeadStage.Lead, (await _host.LeadAsync(analyst)).Stage);

        var applied = await _host.Client.PutAsJsonAsync("/api/scoring/model", candidate);
        applied.EnsureSuccessStatusCode();
        var result = await applied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((5, 3), (result.GetProperty("version").GetInt32(), result.GetProperty("leadsRescored").GetInt32()));

        var explanation = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/leads/{director}/score");
        Assert.True(explanation.GetProperty("reconciles").GetBoolean());
        Assert.Contains(explanation.GetProperty("ledger").EnumerateArray(), r => r.GetProperty("rule").GetString() == "fit.director"
            && r.GetProperty("delta").GetInt32() == 20 && r.GetProperty("modelVersion").GetInt32() == 5);
        Assert.Equal(5, await VersionInForceAsync());
        Assert.Equal(30, (await _host.LeadAsync(analyst)).FitScore); // industry and country only: unchanged by v4

        // The analyst crossed because the model changed: handed off like any MQL, once.
        Assert.Equal(LeadStage.Mql, (await _host.LeadAsync(analyst)).Stage);
        await _stack.Smtp!.WaitForAsync(NurtureTestHost.RepEmail, "New MQL: Pat Analyst");
        await using var db = _host.CreateDbContext();
        var handoff = await db.Handoffs.SingleAsync(h => h.LeadId == analyst);
        Assert.Contains("score model v5", handoff.Reason, StringComparison.Ordinal);
        Assert.Equal(3, await db.Handoffs.CountAsync());
    }

    [Fact]
    public async Task A_model_that_is_invalid_or_not_newer_is_refused_with_every_problem()
    {
        var stale = JsonNode.Parse(await File.ReadAllTextAsync(_modelFile))!;
        var response = await _host.Client.PutAsJsonAsync("/api/scoring/model", stale);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("version must be greater than 4", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var broken = JsonNode.Parse("""{ "version": 9, "mql": { "field": "qualty", "operator": "gte", "value": 1 }, "engagement": [ { "signal": "x y", "points": 1 } ] }""");
        var errors = (await (await _host.Client.PostAsJsonAsync("/api/scoring/model/preview", broken)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(errors, e => e!.Contains("mql.field: unknown field 'qualty'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("engagement[0].signal", StringComparison.Ordinal));
        Assert.Equal(4, await VersionInForceAsync());
    }

    private async Task<int> VersionInForceAsync() =>
        (await _host.Client.GetFromJsonAsync<JsonElement>("/api/scoring/model")).GetProperty("version").GetInt32();

    /// <summary>The pricing sheet and a guide: engagement 30, the shipped rule's bar.</summary>
    private async Task EngageAsync(Guid lead)
    {
        foreach (var asset in new[] { "pricing-2026.pdf", "guide.pdf" })
            await _host.WaitUntilProcessedAsync(await _host.SignalAsync(new { type = "download", leadId = lead, properties = new { asset } }));
    }

    private async Task RestartOnAsync(string provider)
    {
        await _stack.DisposeAsync();
        _stack = await StackAsync(provider);
        _host = _stack.Host;
    }

    private Task<TestStack> StackAsync(string provider) => TestStack.StartAsync(provider, configure: o => o
        .WithSetting("Scoring:ModelFile", _modelFile)
        .WithSetting("Scoring:DnsServers:0", _dns.EndPoint.ToString())
        .WithSetting("Scoring:DnsTimeout", "00:00:02"));

    private Task<Guid> Lead(string email, string title, int employees) => _host.CreateLeadAsync(new
    {
        email, firstName = "Pat", lastName = title.Split(' ')[0], company = "Acme", jobTitle = title, phone = "+1 212 555 0123",
        country = "US", companySize = employees, industry = "software",
    });
}
