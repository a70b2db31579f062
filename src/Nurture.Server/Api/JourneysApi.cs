using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Accounts;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Activities;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Import;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Journeys.Versions;
using Nurture.Server.Accounts;

namespace Nurture.Server.Api;

/// <summary>
/// Journeys: what is in force and what was refused, drafts, publishing immutable versions, diffs,
/// migrating waiting leads, live counts, instance journals, Elsa import, and the activity catalog.
/// </summary>
public static class JourneysApi
{
    public static IEndpointRouteBuilder MapJourneysApi(this IEndpointRouteBuilder api)
    {
        var journeys = api.MapGroup("journeys").WithTags("Journeys").RequireScope(ApiScopes.ContentWrite);
        journeys.MapGet("", ListJourneys);
        // Bodies read as text, so their errors name a line, described for the OpenAPI document.
        journeys.MapPost("validate", ValidateAsync).DescribesBody<JourneyDefinition>();
        journeys.MapPost("import/elsa", ImportElsaAsync).DescribesBody<JsonElement>();
        journeys.MapGet("instances/{instanceId:guid}/journal", JournalAsync).RequireScope(ApiScopes.ContentWrite, ApiScopes.LeadsRead);
        journeys.MapGet("{id}", GetAsync);
        journeys.MapPut("{id}/draft", SaveDraftAsync).DescribesBody<JourneyDefinition>();
        journeys.MapPost("{id}/publish", PublishAsync);
        journeys.MapGet("{id}/versions", VersionsAsync);
        journeys.MapGet("{id}/versions/{version:int}", VersionAsync);
        journeys.MapGet("{id}/diff", DiffAsync);
        journeys.MapGet("{id}/migration", MigrationPlanAsync);
        journeys.MapPost("{id}/migrate", MigrateAsync);
        journeys.MapGet("{id}/stats", StatsAsync).RequireScope(ApiScopes.ContentWrite, ApiScopes.ReportsRead);
        journeys.MapPost("{id}/export", ExportAsync);

        api.MapGet("activities", (ActivityRegistry registry) => TypedResults.Ok(registry.All.Select(a =>
            new ActivityType(a.Type, a.Description, a.Outcomes, a.Properties, a.Waits)))).WithTags("Journeys").RequireScope(ApiScopes.ContentWrite);
        return api;
    }

    /// <summary>An activity the designer's toolbox offers: its ports, its properties, whether it waits.</summary>
    public sealed record ActivityType(string Type, string Description, IReadOnlyList<string> Outcomes, IReadOnlyList<ActivityProperty> Properties, bool Waits);

    public sealed record ErrorBody(string? File, int? Line, int? Column, string? ActivityId, string? Property, string Message, string Text)
    {
        public static ErrorBody From(JourneyError e) => new(e.File, e.Line, e.Column, e.ActivityId, e.Property, e.Message, e.ToString());
    }

    public sealed record MigrationRequest(int FromVersion, int ToVersion, Dictionary<string, string> Mapping);

    public sealed record JourneySummary(string Id, string Name, string Status, int? Version, bool HasDraft, IEnumerable<string> Triggers, int Activities);

    /// <summary>The journeys, the files refused at load, and the journeys whose file and app versions disagree.</summary>
    public sealed record JourneyList(IReadOnlyList<JourneySummary> Journeys, IReadOnlyList<ErrorBody> Errors, IReadOnlyList<JourneyConflict> Conflicts);

    public sealed record JourneyExported(string Id, int Version, string File);

    /// <summary>A journey: the version in force (if any), the draft being edited (if any), and a file/app conflict.</summary>
    public sealed record JourneyBody(
        string Id, string Status, int? Version, JourneyDefinition? Definition, JsonElement? Draft, DateTimeOffset? DraftUpdatedAt, string? Conflict);

    public sealed record CheckResult(bool Valid, IReadOnlyList<ErrorBody> Errors);

    public sealed record DraftSaved(string Id, bool Saved, bool Publishable, IReadOnlyList<ErrorBody> Errors);

    public sealed record JourneyPublished(string Id, int Version);

    public sealed record VersionSummary(int Version, DateTimeOffset PublishedAt, string Source, string Checksum);

    public sealed record MigrationPlan(string Id, int From, int To, IReadOnlyList<WaitingNode> Waiting, IReadOnlyList<TargetNode> Targets);

    /// <summary>Leads waiting at a node of the old version, and the node of the new one suggested for them.</summary>
    public sealed record WaitingNode(string ActivityId, string? Type, int Count, string? Suggested);

    public sealed record TargetNode(string Id, string Type);

    public sealed record MigrationDone(string Id, int FromVersion, int ToVersion, int Moved);

    public sealed record JournalBody(Guid Id, string JourneyId, int Version, string Status, string? EndReason, IReadOnlyList<JournalLine> Entries);

    public sealed record JournalLine(int Step, DateTimeOffset At, string ActivityId, string ActivityType, string Event, string? Outcome);

    public sealed record ElsaImported(JourneyDefinition Journey, ElsaImportReport Report, bool Publishable, IReadOnlyList<ErrorBody> Errors);

    /// <summary>Published journeys and drafts never published, with what was refused at load.</summary>
    private static async Task<Ok<JourneyList>> ListJourneys(JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var drafts = await db.JourneyDrafts.AsNoTracking().ToDictionaryAsync(d => d.JourneyId, cancellationToken);
        var published = catalog.Published.Select(j => new JourneySummary(j.Id, j.Definition.Name, "published", j.Version, drafts.ContainsKey(j.Id),
            j.Definition.Triggers.Select(t => t.Type), j.Definition.Activities.Count));
        var unpublished = drafts.Values.Where(d => catalog.Find(d.JourneyId) is null).Select(d => DraftSummary(d.JourneyId, d.DefinitionJson));
        return TypedResults.Ok(new JourneyList(
            [.. published.Concat(unpublished).OrderBy(j => j.Id, StringComparer.Ordinal)], [.. catalog.LoadErrors.Select(ErrorBody.From)], catalog.Conflicts));
    }

    /// <summary>Writes the version in force back to its file in workflows/, for git; ends a file/app conflict.</summary>
    private static async Task<Results<Ok<JourneyExported>, ProblemHttpResult>> ExportAsync(
        string id, JourneyCatalog catalog, Startup.NurturePaths paths, CancellationToken cancellationToken)
    {
        var file = await catalog.ExportAsync(id, paths.Workflows, cancellationToken);
        return file is null
            ? NotFound(id)
            : TypedResults.Ok(new JourneyExported(id, catalog.Find(id)!.Version, Path.GetRelativePath(paths.Home, file)));
    }

    private static JourneySummary DraftSummary(string id, string json)
    {
        var definition = JourneyParser.Parse(json, "draft");
        return new JourneySummary(id, definition.Name, "draft", null, true, definition.Triggers.Select(t => t.Type), definition.Activities.Count);
    }

    private static async Task<Results<Ok<JourneyBody>, ProblemHttpResult>> GetAsync(string id, JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var draft = await db.JourneyDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.JourneyId == id, cancellationToken);
        var published = catalog.Find(id);
        if (published is null && draft is null)
            return NotFound(id);
        return TypedResults.Ok(new JourneyBody(
            id,
            published is null ? "draft" : "published",
            published?.Version,
            published?.Definition,
            draft is null ? null : JsonDocument.Parse(draft.DefinitionJson).RootElement,
            draft?.UpdatedAt,
            catalog.Conflicts.FirstOrDefault(c => c.JourneyId == id)?.Message));
    }

    /// <summary>Checks a definition without saving it (designers call this as the marketer edits).</summary>
    private static async Task<Ok<CheckResult>> ValidateAsync(HttpRequest request, JourneyCatalog catalog)
    {
        var json = await ReadBodyAsync(request);
        var errors = catalog.Check(json, "request", out _);
        return TypedResults.Ok(new CheckResult(errors.Count == 0, [.. errors.Select(ErrorBody.From)]));
    }

    /// <summary>Saves the working copy. Malformed JSON or another id is refused; semantic errors are returned, not fatal.</summary>
    private static async Task<Results<Ok<DraftSaved>, ProblemHttpResult>> SaveDraftAsync(
        string id, HttpRequest request, JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, TimeProvider time, CancellationToken cancellationToken)
    {
        var json = await ReadBodyAsync(request);
        JourneyDefinition definition;
        try
        {
            definition = JourneyParser.Parse(json, "draft");
        }
        catch (JourneyDefinitionException e)
        {
            return Invalid("The draft is not a well-formed journey", e.Errors);
        }
        if (definition.Id != id)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Id mismatch", detail: $"The body's id '{definition.Id}' is not '{id}'.");
        await StoreDraftAsync(databases, definition, time.GetUtcNow(), cancellationToken);
        var errors = catalog.Validate(definition, "draft");
        return TypedResults.Ok(new DraftSaved(id, true, errors.Count == 0, [.. errors.Select(ErrorBody.From)]));
    }

    private static async Task<Results<Ok<JourneyPublished>, ProblemHttpResult>> PublishAsync(
        string id, JourneyCatalog catalog, DateTriggers dates, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var draft = await db.JourneyDrafts.SingleOrDefaultAsync(d => d.JourneyId == id, cancellationToken);
        if (draft is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No draft", detail: $"Journey '{id}' has no draft to publish; PUT /api/journeys/{id}/draft first.");
        LoadedJourney published;
        try
        {
            published = await catalog.PublishAsync(JourneyParser.Parse(draft.DefinitionJson, "draft"), $"api:draft", cancellationToken);
        }
        catch (JourneyDefinitionException e)
        {
            return Invalid("The draft cannot be published", e.Errors, StatusCodes.Status422UnprocessableEntity);
        }
        db.JourneyDrafts.Remove(draft);
        await db.SaveChangesAsync(cancellationToken);
        await dates.RescheduleIfChangedAsync(cancellationToken); // a journey that starts on a date: every lead's timer
        return TypedResults.Ok(new JourneyPublished(id, published.Version));
    }

    private static async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> VersionsAsync(string id, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var versions = await db.JourneyVersions.AsNoTracking().Where(v => v.JourneyId == id).OrderBy(v => v.Version)
            .Select(v => new VersionSummary(v.Version, v.PublishedAt, v.Source, v.Checksum)).ToListAsync(cancellationToken);
        return versions.Count == 0 ? NotFound(id) : TypedResults.Ok(versions);
    }

    private static async Task<Results<Ok<JourneyDefinition>, ProblemHttpResult>> VersionAsync(
        string id, int version, JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await MissingVersionAsync(db, id, [version], cancellationToken) is { } missing)
            return missing;
        return TypedResults.Ok((await catalog.GetVersionAsync(db, id, version, cancellationToken)).Definition);
    }

    private static async Task<Results<Ok<JourneyDiff>, ProblemHttpResult>> DiffAsync(
        string id, int from, int to, JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await MissingVersionAsync(db, id, [from, to], cancellationToken) is { } missing)
            return missing;
        var before = await catalog.GetVersionAsync(db, id, from, cancellationToken);
        var after = await catalog.GetVersionAsync(db, id, to, cancellationToken);
        return TypedResults.Ok(JourneyDiff.Between(before.Definition, after.Definition));
    }

    /// <summary>
    /// What a migration screen needs: the nodes of <paramref name="from"/> where leads wait now, with their
    /// counts and the target node suggested for each (the same id when the target version still has it),
    /// and the target version's nodes to choose from.
    /// </summary>
    private static async Task<Results<Ok<MigrationPlan>, ProblemHttpResult>> MigrationPlanAsync(
        string id, int from, int to, JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await MissingVersionAsync(db, id, [from, to], cancellationToken) is { } missing)
            return missing;
        var source = (await catalog.GetVersionAsync(db, id, from, cancellationToken)).Definition;
        var target = (await catalog.GetVersionAsync(db, id, to, cancellationToken)).Definition;
        var waiting = await db.JourneyInstances.AsNoTracking()
            .Where(i => i.JourneyId == id && i.Version == from && i.Status == JourneyInstanceStatus.Waiting)
            .GroupBy(i => i.CurrentActivityId!).Select(g => new { ActivityId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new MigrationPlan(
            id, from, to,
            [.. waiting.OrderBy(w => w.ActivityId, StringComparer.Ordinal).Select(w => new WaitingNode(
                w.ActivityId,
                source.FindActivity(w.ActivityId)?.Type,
                w.Count,
                target.FindActivity(w.ActivityId) is { } same && same.Type == source.FindActivity(w.ActivityId)?.Type ? same.Id : null))],
            [.. target.Activities.Select(a => new TargetNode(a.Id, a.Type))]));
    }

    private static async Task<Results<Ok<MigrationDone>, ValidationProblem>> MigrateAsync(
        string id, MigrationRequest request, JourneyMigrator migrator, CancellationToken cancellationToken)
    {
        try
        {
            var moved = await migrator.MigrateAsync(id, request.FromVersion, request.ToVersion, request.Mapping ?? [], cancellationToken);
            return TypedResults.Ok(new MigrationDone(id, request.FromVersion, request.ToVersion, moved));
        }
        catch (JourneyMigrationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Problem] }, title: "The migration was refused; nothing moved");
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<ActivityStats>>, ProblemHttpResult>> StatsAsync(
        string id, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!await db.JourneyVersions.AnyAsync(v => v.JourneyId == id, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Journey not found", detail: $"No journey has id '{id}'.");
        return TypedResults.Ok(await JourneyStatistics.ForJourneyAsync(db, id, cancellationToken));
    }

    private static async Task<Results<Ok<JournalBody>, ProblemHttpResult>> JournalAsync(Guid instanceId, IDbContextFactory<NurtureDbContext> databases, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var instance = await db.JourneyInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Instance not found", detail: $"No journey instance has id {instanceId}.");
        var entries = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Step)
            .Select(j => new JournalLine(j.Step, j.At, j.ActivityId, j.ActivityType, j.Event.ToString(), j.Outcome)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new JournalBody(instance.Id, instance.JourneyId, instance.Version, instance.Status.ToString(), instance.EndReason, entries));
    }

    /// <summary>Maps an Elsa 3 export and saves it as a draft; the report says what was and was not mapped.</summary>
    private static async Task<Results<Ok<ElsaImported>, ProblemHttpResult>> ImportElsaAsync(
        HttpRequest request, JourneyCatalog catalog, IDbContextFactory<NurtureDbContext> databases, TimeProvider time, CancellationToken cancellationToken)
    {
        var json = await ReadBodyAsync(request);
        JourneyDefinition journey;
        ElsaImportReport report;
        try
        {
            (journey, report) = ElsaImporter.Import(json, "elsa");
        }
        catch (JourneyDefinitionException e)
        {
            return Invalid("Not an Elsa 3 workflow", e.Errors);
        }
        await StoreDraftAsync(databases, journey, time.GetUtcNow(), cancellationToken);
        var errors = catalog.Validate(journey, "elsa");
        return TypedResults.Ok(new ElsaImported(journey, report, errors.Count == 0, [.. errors.Select(ErrorBody.From)]));
    }

    private static async Task StoreDraftAsync(IDbContextFactory<NurtureDbContext> databases, JourneyDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var draft = await db.JourneyDrafts.SingleOrDefaultAsync(d => d.JourneyId == definition.Id, cancellationToken);
        if (draft is null)
            db.JourneyDrafts.Add(draft = new JourneyDraft { JourneyId = definition.Id, DefinitionJson = "" });
        draft.DefinitionJson = JourneyParser.Serialize(definition);
        draft.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync();
    }

    /// <summary>A 404 naming the first of the versions that the journey does not have, or null when it has them all.</summary>
    private static async Task<ProblemHttpResult?> MissingVersionAsync(NurtureDbContext db, string id, int[] versions, CancellationToken cancellationToken)
    {
        foreach (var version in versions)
        {
            if (!await db.JourneyVersions.AnyAsync(v => v.JourneyId == id && v.Version == version, cancellationToken))
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Version not found", detail: $"Journey '{id}' has no version {version}.");
        }
        return null;
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Journey not found", detail: $"No journey has id '{id}'.");

    private static ProblemHttpResult Invalid(string title, IReadOnlyList<JourneyError> errors, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(statusCode: status, title: title, detail: string.Join(Environment.NewLine, errors),
            extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(ErrorBody.From).ToList() });
}
