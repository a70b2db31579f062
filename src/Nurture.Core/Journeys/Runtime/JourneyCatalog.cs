using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Nurture.Core.Data;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Messaging;

namespace Nurture.Core.Journeys.Runtime;

/// <summary>
/// The journeys in force. Files from <c>workflows/</c> are validated one by one: a broken file is reported
/// with its position and skipped, the others load. Each distinct content becomes an immutable stored
/// version; instances look up the version they started on, even after the file has changed.
/// </summary>
public sealed class JourneyCatalog(
    JourneyValidator validator,
    TemplateStore templates,
    IDbContextFactory<NurtureDbContext> databases,
    TimeProvider time,
    ILogger<JourneyCatalog> logger)
{
    private readonly ConcurrentDictionary<(string Id, int Version), LoadedJourney> _versions = new();
    private Dictionary<string, LoadedJourney> _published = new(StringComparer.Ordinal);
    private List<JourneyError> _errors = [];

    public IReadOnlyCollection<LoadedJourney> Published => _published.Values;
    public IReadOnlyList<JourneyError> LoadErrors => _errors;

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
        IEnumerable<string> files = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal) : [];
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
            await StoreAsync(definition!, file, cancellationToken);
        }
        _errors = errors;
        await RefreshAsync(cancellationToken);
    }

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
        validator.Validate(definition, new JourneyValidationContext(file, templates.Exists));

    /// <summary>Parses and validates journey JSON against the templates loaded here; returns every error found.</summary>
    public IReadOnlyList<JourneyError> Check(string json, string file, out JourneyDefinition? definition) =>
        validator.Check(json, new JourneyValidationContext(file, templates.Exists), out definition);

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
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var latest = await db.JourneyVersions.AsNoTracking()
            .Where(v => v.JourneyId == definition.Id)
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken);

        var version = latest?.Version ?? 0;
        if (latest?.Checksum != checksum)
        {
            version++;
            db.JourneyVersions.Add(new JourneyVersion
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                JourneyId = definition.Id,
                Version = version,
                DefinitionJson = json,
                Checksum = checksum,
                Source = source,
                PublishedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Published journey {JourneyId} version {Version} from {Source}", definition.Id, version, source);
        }
        return _versions.GetOrAdd((definition.Id, version), new LoadedJourney(definition, version));
    }
}
