using System.Text.RegularExpressions;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Leads;

namespace Nurture.Core.Journeys.Definitions;

/// <summary>Semantic checks beyond the JSON shape: types, ports, reachability, loops without a wait.</summary>
public sealed partial class JourneyValidator(ActivityRegistry activities)
{
    /// <summary>Parses and validates journey JSON; returns every error found (syntax errors carry line and column).</summary>
    public IReadOnlyList<JourneyError> Check(string json, JourneyValidationContext context, out JourneyDefinition? definition)
    {
        definition = null;
        try
        {
            definition = JourneyParser.Parse(json, context.File);
        }
        catch (JourneyDefinitionException e)
        {
            return e.Errors;
        }
        return Validate(definition, context);
    }

    public IReadOnlyList<JourneyError> Validate(JourneyDefinition journey, JourneyValidationContext context)
    {
        var file = context.File;
        var errors = new List<JourneyError>();

        if (!IdPattern().IsMatch(journey.Id))
            errors.Add(new JourneyError(file, $"id '{journey.Id}' must be lower-case letters, digits and dashes.") { Property = "id" });
        if (string.IsNullOrWhiteSpace(journey.Name))
            errors.Add(new JourneyError(file, "a name is required.") { Property = "name" });
        for (var i = 0; i < journey.Triggers.Count; i++)
        {
            if ((TriggerProblem(journey.Triggers[i]) ?? DateTriggerProblem(journey.Triggers[i], journey.Settings, context)) is { } problem)
                errors.Add(new JourneyError(file, problem.Message) { Property = $"triggers[{i}].{problem.Property}" });
        }
        errors.AddRange(SettingsProblems(journey.Settings, file));
        if (journey.Activities.Count == 0)
        {
            errors.Add(new JourneyError(file, "a journey needs at least one activity.") { Property = "activities" });
            return errors;
        }

        foreach (var duplicate in journey.Activities.GroupBy(a => a.Id).Where(g => g.Count() > 1))
            errors.Add(new JourneyError(file, "two activities share this id.") { ActivityId = duplicate.Key, Property = "id" });

        foreach (var node in journey.Activities)
        {
            if (activities.Find(node.Type) is { } activity)
                errors.AddRange(activity.Validate(node, context));
            else
                errors.Add(new JourneyError(file, $"unknown activity type '{node.Type}'; known: {string.Join(", ", activities.All.Select(a => a.Type))}.") { ActivityId = node.Id, Property = "type" });
        }

        errors.AddRange(CheckConnections(journey, file));
        if (errors.Count == 0)
            errors.AddRange(CheckGraph(journey, file));
        return errors;
    }

    private IEnumerable<JourneyError> CheckConnections(JourneyDefinition journey, string file)
    {
        for (var i = 0; i < journey.Connections.Count; i++)
        {
            var connection = journey.Connections[i];
            var from = journey.FindActivity(connection.From);
            if (from is null)
            {
                yield return new JourneyError(file, $"connection starts at unknown activity '{connection.From}'.") { Property = $"connections[{i}].from" };
                continue;
            }
            if (journey.FindActivity(connection.To) is null)
                yield return new JourneyError(file, $"connection points to unknown activity '{connection.To}'.") { ActivityId = from.Id, Property = $"connections[{i}].to" };
            if (activities.Find(from.Type) is { } activity && !activity.OutcomesOf(from).Contains(connection.Outcome))
                yield return new JourneyError(file, $"'{from.Type}' has no outcome port '{connection.Outcome}'; ports: {string.Join(", ", activity.OutcomesOf(from).DefaultIfEmpty("(none)"))}.") { ActivityId = from.Id, Property = $"connections[{i}].outcome" };
        }
        foreach (var fanOut in journey.Connections.GroupBy(c => (c.From, c.Outcome)).Where(g => g.Count() > 1))
            yield return new JourneyError(file, $"port '{fanOut.Key.Outcome}' is connected more than once.") { ActivityId = fanOut.Key.From, Property = "connections" };
    }

    private IEnumerable<JourneyError> CheckGraph(JourneyDefinition journey, string file)
    {
        var starts = journey.Activities.Where(a => journey.Connections.All(c => c.To != a.Id)).ToList();
        if (starts.Count == 0)
        {
            yield return new JourneyError(file, "no start activity: every activity has an incoming connection.") { Property = "connections" };
            yield break;
        }
        // The first activity nothing leads to is the start; any other is a step left unconnected, and the
        // error belongs on it (the designer shows it there).
        foreach (var loose in starts.Skip(1))
        {
            yield return new JourneyError(file, $"not connected: nothing leads here, and '{starts[0].Id}' is the journey's start. Connect a port to it or delete it.")
                { ActivityId = loose.Id, Property = "connections" };
        }

        var reachable = new HashSet<string>();
        var pending = new Stack<string>([starts[0].Id]);
        while (pending.TryPop(out var id))
        {
            if (!reachable.Add(id))
                continue;
            foreach (var next in journey.Connections.Where(c => c.From == id))
                pending.Push(next.To);
        }
        foreach (var unreachable in journey.Activities.Where(a => !reachable.Contains(a.Id) && !starts.Contains(a)))
            yield return new JourneyError(file, "unreachable from the start activity.") { ActivityId = unreachable.Id };

        if (FindLoopWithoutWait(journey) is { } loopNode)
            yield return new JourneyError(file, "this activity is on a loop with no Delay or WaitForSignal; the lead would spin forever.") { ActivityId = loopNode };
    }

    /// <summary>Depth-first search over the activities that never wait; a back edge there is a busy loop.</summary>
    private string? FindLoopWithoutWait(JourneyDefinition journey)
    {
        var instant = journey.Activities.Where(a => activities.Find(a.Type) is { Waits: false }).Select(a => a.Id).ToHashSet();
        var state = new Dictionary<string, int>(); // 1 = on the current path, 2 = done

        string? Visit(string id)
        {
            state[id] = 1;
            foreach (var next in journey.Connections.Where(c => c.From == id && instant.Contains(c.To)).Select(c => c.To))
            {
                if (state.GetValueOrDefault(next) == 1)
                    return next;
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                    return found;
            }
            state[id] = 2;
            return null;
        }

        return instant.Where(id => state.GetValueOrDefault(id) == 0).Select(Visit).FirstOrDefault(found => found is not null);
    }

    private static (string Property, string Message)? DateTriggerProblem(JourneyTrigger trigger, JourneySettings settings, JourneyValidationContext context)
    {
        if (trigger.Type != JourneyTriggerTypes.DateReached)
            return null;
        if (string.IsNullOrWhiteSpace(trigger.Field))
            return ("field", "DateReached needs the date field: a custom date field, or createdAt.");
        if (trigger.Field != JourneyTrigger.CreatedAtField && context.DateFieldExists?.Invoke(trigger.Field) == false)
            return ("field", $"'{trigger.Field}' is not a custom date field (define it in workflows/fields.json), nor createdAt.");
        if (trigger.Offset is not null && !CalendarPeriod.TryParse(trigger.Offset, out _))
            return ("offset", $"'{trigger.Offset}' is not a date period such as -P30D, P1W or P1M.");
        if (trigger.Every is not null && !(CalendarPeriod.TryParse(trigger.Every, out var every) && every.IsPositive))
            return ("every", $"'{trigger.Every}' is not a positive date period such as P1Y.");
        if (trigger.At is not null && !TimeOnly.TryParseExact(trigger.At, "HH:mm", out _))
            return ("at", $"'{trigger.At}' is not a time of day as HH:mm.");
        if (trigger.Every is not null && settings.Reentry == Reentry.Never)
            return ("every", "a repeating date enters the lead again each time: set settings.reentry to afterExit or always.");
        return null;
    }

    private static (string Property, string Message)? TriggerProblem(JourneyTrigger trigger) => trigger.Type switch
    {
        JourneyTriggerTypes.SignalReceived when trigger.SignalType is null || !Signals.SignalTypes.IsValid(trigger.SignalType) =>
            ("signalType", $"SignalReceived needs a valid signalType (got '{trigger.SignalType}')."),
        JourneyTriggerTypes.ScoreCrossed when trigger.Value is null => ("value", "ScoreCrossed needs the score value to cross."),
        JourneyTriggerTypes.ScoreCrossed when trigger.Score is { } score && !LeadScores.Dimensions.Contains(score) =>
            ("score", $"'{score}' is not a score; use one of {string.Join(", ", LeadScores.Dimensions)} (engagement when absent)."),
        JourneyTriggerTypes.TagAdded when trigger.Tag is not null && !Activities.TagRules.IsValid(trigger.Tag) => ("tag", $"'{trigger.Tag}' is not a valid tag."),
        _ when !JourneyTriggerTypes.All.Contains(trigger.Type) =>
            ("type", $"unknown trigger type '{trigger.Type}'; known: {string.Join(", ", JourneyTriggerTypes.All)}."),
        _ => null,
    };

    private static IEnumerable<JourneyError> SettingsProblems(JourneySettings settings, string file)
    {
        if (settings.Goal is { } goal && goal.Stage is null && goal.SignalType is null && goal.Tag is null)
            yield return new JourneyError(file, "a goal needs a stage, a signalType or a tag.") { Property = "settings.goal" };
        if (settings.Goal?.SignalType is { } type && !Signals.SignalTypes.IsValid(type))
            yield return new JourneyError(file, $"'{type}' is not a valid signal type.") { Property = "settings.goal.signalType" };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    private static partial Regex IdPattern();
}
