using System.Text.Json;
using Nurture.Core.Journeys.Definitions;

namespace Nurture.Core.Journeys.Versions;

/// <summary>What changed between two versions: activities and connections added, removed or changed.</summary>
public sealed record JourneyDiff(
    IReadOnlyList<string> ActivitiesAdded,
    IReadOnlyList<string> ActivitiesRemoved,
    IReadOnlyList<ActivityChange> ActivitiesChanged,
    IReadOnlyList<string> ConnectionsAdded,
    IReadOnlyList<string> ConnectionsRemoved,
    bool TriggersChanged,
    bool SettingsChanged)
{
    public static JourneyDiff Between(JourneyDefinition from, JourneyDefinition to)
    {
        var before = from.Activities.ToDictionary(a => a.Id);
        var after = to.Activities.ToDictionary(a => a.Id);
        static string Edge(JourneyConnection c) => $"{c.From} --{c.Outcome}--> {c.To}";
        var edgesBefore = from.Connections.Select(Edge).ToHashSet();
        var edgesAfter = to.Connections.Select(Edge).ToHashSet();

        return new JourneyDiff(
            after.Keys.Except(before.Keys).Order().ToList(),
            before.Keys.Except(after.Keys).Order().ToList(),
            after.Keys.Intersect(before.Keys).Order()
                .Where(id => Json(before[id] with { Position = null }) != Json(after[id] with { Position = null }))
                .Select(id => new ActivityChange(id, before[id], after[id]))
                .ToList(),
            edgesAfter.Except(edgesBefore).Order().ToList(),
            edgesBefore.Except(edgesAfter).Order().ToList(),
            Json(from.Triggers) != Json(to.Triggers),
            Json(from.Settings) != Json(to.Settings));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JourneyParser.SerializerOptions);
}

public sealed record ActivityChange(string Id, ActivityNode Before, ActivityNode After);
