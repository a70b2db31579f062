using Microsoft.EntityFrameworkCore;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Runtime;
using Nurture.Server.Tests.Infrastructure;

namespace Nurture.Server.Tests.Cluster;

/// <summary>
/// Nodes that start together each publish the journey files they find, unless the database already holds the
/// same content: the two publishes race on the unique (journey, version) index, and the loser must find the
/// winner's version instead of failing its start.
/// </summary>
public sealed class StartupRaceTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_nodes_publishing_the_same_file_at_once_store_one_version_and_both_go_on(string provider)
    {
        await using var stack = await TestStack.StartAsync(provider, smtp: false);
        var nodeA = stack.Host.Service<JourneyCatalog>();
        var nodeB = (await stack.StartHostAsync()).Service<JourneyCatalog>();

        for (var round = 0; round < 10; round++)
        {
            var id = $"raced-{round}";
            var json = $$"""
                { "id": "{{id}}", "name": "Raced", "triggers": [ { "type": "LeadCreated" } ],
                  "activities": [ { "id": "send", "type": "SendEmail", "properties": { "template": "welcome" } } ] }
                """;
            var published = await Task.WhenAll(
                Task.Run(() => nodeA.PublishAsync(JourneyParser.Parse(json, $"{id}.json"), $"file:{id}.json", CancellationToken.None)),
                Task.Run(() => nodeB.PublishAsync(JourneyParser.Parse(json, $"{id}.json"), $"file:{id}.json", CancellationToken.None)));

            Assert.All(published, p => Assert.Equal(1, p.Version));
            await using var db = stack.Host.CreateDbContext();
            Assert.Equal(1, await db.JourneyVersions.CountAsync(v => v.JourneyId == id));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Two_nodes_starting_together_on_a_new_database_migrate_it_once_and_both_start(string provider)
    {
        using var temp = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync(provider, temp.Path);
        var options = new TestHostOptions(temp.Path);

        var nodes = await Task.WhenAll(
            Task.Run(() => NurtureTestHost.StartAsync(database, options)),
            Task.Run(() => NurtureTestHost.StartAsync(database, options)));

        try
        {
            foreach (var node in nodes)
                Assert.Equal(System.Net.HttpStatusCode.OK, (await node.Client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            foreach (var node in nodes)
                await node.DisposeAsync();
        }
    }
}
