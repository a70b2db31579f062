using System.Net.Http.Json;
using System.Text.Json;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Leads;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Api;

/// <summary>The web app's lists of stages, triggers and scores come from the server, in its order.</summary>
public sealed class CatalogTests
{
    [Fact]
    public async Task The_catalog_is_the_server_s_own_stages_triggers_with_their_fields_and_scores()
    {
        await using var stack = await TestStack.StartAsync(smtp: false);

        var catalog = await stack.Host.Client.GetFromJsonAsync<JsonElement>("/api/catalog");

        Assert.Equal(Enum.GetNames<LeadStage>(), catalog.GetProperty("stages").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(LeadScores.Dimensions, catalog.GetProperty("scores").EnumerateArray().Select(s => s.GetString()));
        var triggers = catalog.GetProperty("triggers").EnumerateArray().ToList();
        Assert.Equal(JourneyTriggerTypes.All, triggers.Select(t => t.GetProperty("type").GetString()));
        // Every field named is one a trigger has, as the journey file writes it.
        var properties = typeof(JourneyTrigger).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet();
        Assert.All(triggers.SelectMany(t => t.GetProperty("fields").EnumerateArray()), f => Assert.Contains(f.GetString()!, properties));
        Assert.Equal(["signalType", "filters"], triggers.Single(t => t.GetProperty("type").GetString() == "SignalReceived").GetProperty("fields").EnumerateArray().Select(f => f.GetString()));

        // The pages the server routes, each with the roles its policy admits: the app's menu and 403s follow them.
        var pages = catalog.GetProperty("pages").EnumerateArray()
            .ToDictionary(p => p.GetProperty("path").GetString()!, p => p.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ToList());
        Assert.Equal(Server.WebApp.AppPages.Pages.Select(p => p.Pattern), pages.Keys);
        Assert.Equal(["admin"], pages["/admin"]);
        Assert.Equal(["admin", "marketer"], pages["/journeys/{id}"]);
        Assert.Equal(["admin", "marketer", "sales"], pages["/inbox"]);
    }
}
