using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Nurture.Server;

namespace Nurture.Benchmarks;

/// <summary>
/// Made-up leads through a journey for a year, simulated through the API of a server with the shipped samples
/// and defaults (weekly cap, quiet hours): the time from the request to the answer. The journey is the shipped
/// welcome-nurture, or <see cref="Journey"/> (a year of monthly content) with NURTURE_JOURNEY=year-of-nurture.
/// </summary>
public static class SimulationRun
{
    private const string ApiKey = "benchmark-key-0123456789";

    /// <summary>A welcome, a follow-up or a nudge after two weeks, then the next best content every month: about 14 emails a lead a year.</summary>
    public const string Journey = """
        { "id": "year-of-nurture", "name": "A year of nurture", "triggers": [ { "type": "LeadCreated" } ],
          "activities": [
            { "id": "welcome", "type": "SendEmail", "properties": { "template": "welcome" } },
            { "id": "engaged", "type": "WaitForSignal", "properties": { "signalTypes": ["click", "download"], "timeout": "P14D" } },
            { "id": "follow-up", "type": "SendEmail", "properties": { "template": "follow-up" } },
            { "id": "nudge", "type": "SendEmail", "properties": { "template": "nudge" } },
            { "id": "month", "type": "Delay", "properties": { "duration": "P30D" } },
            { "id": "content", "type": "SendBestContent", "properties": { "template": "best-content" } },
            { "id": "done", "type": "Exit" }
          ],
          "connections": [
            { "from": "welcome", "to": "engaged" },
            { "from": "engaged", "outcome": "Received", "to": "follow-up" },
            { "from": "engaged", "outcome": "Timeout", "to": "nudge" },
            { "from": "follow-up", "to": "month" },
            { "from": "nudge", "to": "month" },
            { "from": "month", "to": "content" },
            { "from": "content", "outcome": "Done", "to": "month" },
            { "from": "content", "outcome": "NothingLeft", "to": "done" }
          ] }
        """;

    public static async Task<(double Seconds, JsonElement Answer)> RunAsync(int leads, string horizon, string journey, string directory)
    {
        var data = Directory.CreateDirectory(Path.Combine(directory, "simulate")).FullName;
        await using var app = NurtureServer.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Nurture:Home"] = Repository.Root,
                ["Nurture:DataDirectory"] = data,
                ["Api:Keys:0"] = ApiKey,
                ["Tracking:SigningKey"] = "benchmark-signing-key-0123456789-abcdefghij",
            });
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        if (journey == "year-of-nurture")
            (await client.PutAsync("/api/journeys/year-of-nurture/draft", new StringContent(Journey, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var watch = Stopwatch.StartNew();
        var response = await client.PostAsJsonAsync($"/api/journeys/{journey}/simulate",
            new { population = new { synthetic = new { count = leads } }, horizon, seed = 1, runs = 1 });
        var seconds = watch.Elapsed.TotalSeconds;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"The simulation answered {(int)response.StatusCode}: {body}");
        await app.StopAsync();
        return (seconds, JsonDocument.Parse(body).RootElement.Clone());
    }
}
