using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Messaging;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>A journey changed both in its file and in the app since the file was last loaded: the app's version stays.</summary>
public sealed record JourneyConflict(string JourneyId, string File, int VersionInForce, string Message);

/// <summary>
/// The journeys in force. Files from <c>workflows/</c> are validated one by one: a broken file is reported
/// with its position and skipped, the others load. Each distinct content becomes an immutable stored
/// version; instances look up the version they started on, even after the file has changed.
/// The database is the source of truth; a file is a seed. It publishes only when its own content changed
/// since it was last loaded, so a version made in the app (the designer) is never undone by a restart.
/// When both changed, the app's version stays and the conflict is reported until the file is brought in
/// line (exported from the app, or edited back).
/// </summary>
public sealed class JourneyCatalog(
    JourneyValidator validator,
    TemplateStore templates,
    Leads.Fields.CustomFieldsProvider customFields,
    IDbContextFactory<NurtureDbContext> databases,
    TimeProvider time,
    ILogger<JourneyCatalog> logger)
{
    private readonly ConcurrentDictionary<(string Id, int Version), LoadedJourney> _versions = new();
    private Dictionary<string, LoadedJourney> _published = new(StringComparer.Ordinal);
    private List<JourneyError> _errors = [];
    private List<JourneyConflict> _conflicts = [];

    /// <summary>Files beside the journeys that are not journeys: the custom lead fields.</summary>
    public static readonly IReadOnlySet<string> NotJourneys = new HashSet<string>(StringComparer.Ordinal) { "fields.json" };

    public IReadOnlyCollection<LoadedJourney> Published => _published.Values;
    public IReadOnlyList<JourneyError> LoadErrors => _errors;
    public IReadOnlyList<JourneyConflict> Conflicts => _conflicts;

    public LoadedJourney? Find(string id) => _published.GetValueOrDefault(id);

    /// <summary>
    /// Publishes each valid file whose content changed, then loads the latest version of every journey
    /// from the database (so journeys published through the API survive restarts). A broken file is
    /// reported and skipped; an earlier valid version of it, if any, stays in force.
    /// </summary>
    public async Task LoadDirectoryAsync(string directory, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<JourneyError>();
        var conflicts = new List<JourneyConflict>();
        IEnumerable<string> files = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.json").Where(f => !NotJourneys.Contains(Path.GetFileName(f))).Order(StringComparer.Ordinal)
            : [];
        foreach (var path in files)
        {
            var file = Path.Combine(Path.GetFileName(directory.TrimEnd('/')), Path.GetFileName(path));
            var fileErrors = Check(File.ReadAllText(path), file, out var definition);
            if (fileErrors.Count == 0 && !seen.Add(definition!.Id))
                fileErrors = [new JourneyError(file, $"journey id '{definition.Id}' is already used by another file.") { Property = "id" }];

            if (fileErrors.Count > 0)
            {
                errors.AddRange(fileErrors);
                foreach (var error in fileErrors)
                    logger.LogError("Journey not loaded: {Error}", error);
                continue;
            }
            if (await LoadFileAsync(definition!, file, cancellationToken) is { } conflict)
            {
                conflicts.Add(conflict);
                logger.LogWarning("Journey {JourneyId}: {Conflict}", conflict.JourneyId, conflict.Message);
            }
        }
        _errors = errors;
        _conflicts = conflicts;
        await RefreshAsync(cancellationToken);
    }

    /// <summary>Publishes the file's content when the file, and only the file, changed since it was last loaded.</summary>
    private async Task<JourneyConflict?> LoadFileAsync(JourneyDefinition definition, string file, CancellationToken cancellationToken)
    {
        var checksum = Checksum(JourneyParser.Serialize(definition));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var versions = db.JourneyVersions.AsNoTracking().Where(v => v.JourneyId == definition.Id);
        var latest = await versions.OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Checksum, v.Source }).FirstOrDefaultAsync(cancellationToken);
        var key = FileSettingKey(definition.Id);
        var lastLoaded = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        // Databases from before the setting: the file as last loaded is the newest version it published.
        var lastLoadedChecksum = lastLoaded?.Value
            ?? await versions.Where(v => v.Source == file).OrderByDescending(v => v.Version).Select(v => v.Checksum).FirstOrDefaultAsync(cancellationToken);

        if (latest is not null && latest.Checksum != checksum)
        {
            if (lastLoadedChecksum == checksum)
                return null; // the file did not change since it was loaded; the app's newer version stays in force
            if (latest.Checksum != lastLoadedChecksum && latest.Source != file)
            {
                return new JourneyConflict(definition.Id, file, latest.Version,
                    $"{file} changed since it was last loaded, and version {latest.Version} was published in the app ({latest.Source}) meanwhile: " +
                    $"version {latest.Version} stays in force. Export it to the file to keep the app's version, or publish the file's content in the app to take it.");
            }
        }
        await StoreAsync(definition, file, cancellationToken);
        await databases.UpsertSettingAsync(key, checksum, cancellationToken);
        return null;
    }

    // Settings keys hold 100 characters; a journey id may have 100 of its own.
    private static string FileSettingKey(string journeyId) =>
        journeyId.Length <= 80 ? $"journey-file:{journeyId}" : $"journey-file:#{Checksum(journeyId)[..40]}";

    /// <summary>
    /// Writes the version in force to its file in <paramref name="directory"/> (the file it was loaded from,
    /// else ID.json), so git holds what the app runs; the next load finds them equal.
    /// </summary>
    /// <returns>The file written, or null when the journey has no published version.</returns>
    public async Task<string?> ExportAsync(string journeyId, string directory, CancellationToken cancellationToken)
    {
        if (Find(journeyId) is not { } journey)
            return null;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var sources = await db.JourneyVersions.AsNoTracking().Where(v => v.JourneyId == journeyId).OrderByDescending(v => v.Version)
            .Select(v => v.Source).ToListAsync(cancellationToken);
        // Only the file name of the file it was loaded from, never a path taken from stored text.
        var loadedFrom = sources.FirstOrDefault(source => source.EndsWith(".json", StringComparison.Ordinal));
        var name = loadedFrom is null ? $"{journeyId}.json" : Path.GetFileName(loadedFrom);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await Configuration.AtomicFile.WriteAllTextAsync(path, JourneyParser.SerializeForFile(journey.Definition), cancellationToken);
        await databases.UpsertSettingAsync(FileSettingKey(journeyId), Checksum(JourneyParser.Serialize(journey.Definition)), cancellationToken);
        _conflicts = _conflicts.Where(c => c.JourneyId != journeyId).ToList();
        logger.LogInformation("Exported journey {JourneyId} version {Version} to {File}", journeyId, journey.Version, path);
        return path;
    }

    private static string Checksum(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Makes the latest stored version of every journey the one that new leads enter.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var latest = await db.JourneyVersions.AsNoTracking()
            .GroupBy(v => v.JourneyId)
            .Select(g => new { JourneyId = g.Key, Version = g.Max(v => v.Version) })
            .ToListAsync(cancellationToken);
        var published = new Dictionary<string, LoadedJourney>(StringComparer.Ordinal);
        foreach (var entry in latest)
            published[entry.JourneyId] = await GetVersionAsync(db, entry.JourneyId, entry.Version, cancellationToken);
        _published = published;
    }

    /// <summary>Validates and stores a new immutable version (none when the content is unchanged).</summary>
    /// <exception cref="JourneyDefinitionException">The definition is not valid; nothing was stored.</exception>
    public async Task<LoadedJourney> PublishAsync(JourneyDefinition definition, string source, CancellationToken cancellationToken)
    {
        var errors = Validate(definition, source);
        if (errors.Count > 0)
            throw new JourneyDefinitionException(errors);
        var loaded = await StoreAsync(definition, source, cancellationToken);
        await RefreshAsync(cancellationToken);
        return loaded;
    }

    public IReadOnlyList<JourneyError> Validate(JourneyDefinition definition, string file) =>
        validator.Validate(definition, Context(file));

    /// <summary>Parses and validates journey JSON against the templates loaded here; returns every error found.</summary>
    public IReadOnlyList<JourneyError> Check(string json, string file, out JourneyDefinition? definition) =>
        validator.Check(json, Context(file), out definition);

    private JourneyValidationContext Context(string file) => new(file, templates.Exists)
    {
        DateFieldExists = name => customFields.Current.Find(name)?.Type == Leads.Fields.CustomFieldType.Date,
    };

    public async Task<LoadedJourney> GetVersionAsync(NurtureDbContext db, string journeyId, int version, CancellationToken cancellationToken)
    {
        if (_versions.TryGetValue((journeyId, version), out var cached))
            return cached;
        var stored = await db.JourneyVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.JourneyId == journeyId && v.Version == version, cancellationToken)
            ?? throw new InvalidOperationException($"Journey '{journeyId}' has no stored version {version}.");
        var loaded = new LoadedJourney(JourneyParser.Parse(stored.DefinitionJson, stored.Source), version);
        return _versions.GetOrAdd((journeyId, version), loaded);
    }

    private async Task<LoadedJourney> StoreAsync(JourneyDefinition definition, string source, CancellationToken cancellationToken)
    {
        var json = JourneyParser.Serialize(definition);
        var checksum = Checksum(json);
        // Nodes starting together publish the same file at once: the second insert hits the unique
        // (journey, version) index, and its retry reads the first's version, the same content, and adds none.
        var (version, added) = await ConflictRetry.RunAsync(databases, async db =>
        {
            var latest = await db.JourneyVersions.AsNoTracking()
                .Where(v => v.JourneyId == definition.Id)
                .OrderByDescending(v => v.Version)
                .FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.Checksum == checksum)
                return (latest.Version, false);
            var next = (latest?.Version ?? 0) + 1;
            db.JourneyVersions.Add(new JourneyVersion
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                JourneyId = definition.Id,
                Version = next,
                DefinitionJson = json,
                Checksum = checksum,
                Source = source,
                PublishedAt = time.GetUtcNow(),
            });
            return (next, true);
        }, cancellationToken);
        if (added)
            logger.LogInformation("Published journey {JourneyId} version {Version} from {Source}", definition.Id, version, source);
        return _versions.GetOrAdd((definition.Id, version), new LoadedJourney(definition, version));
    }
}
