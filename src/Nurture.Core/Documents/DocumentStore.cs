using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Nurture.Core.Data;

namespace Nurture.Core.Documents;

/// <summary>The latest version of one document; <see cref="Content"/> is null when not asked for, or removed.</summary>
public sealed record DocumentVersion(string Kind, string Name, int Version, string Checksum, byte[]? Content, string Source, DateTimeOffset SavedAt)
{
    public bool Removed => Checksum.Length == 0;
}

public enum SeedOutcome
{
    /// <summary>The file did not change since it was last loaded.</summary>
    Unchanged,
    /// <summary>The file's content is the latest version now.</summary>
    Published,
    /// <summary>The file changed, and so did the document in the app meanwhile: the app's version stays.</summary>
    Conflict,
}

/// <summary>A save that expected another latest version: someone saved meanwhile.</summary>
public sealed class DocumentConflictException(string message) : Exception(message);

/// <summary>
/// Versions of the documents every node shares, in the database. A save adds a version (none when the
/// content is unchanged); a seed file publishes only when the file itself changed since it was last
/// loaded, so an edit made in the app is never undone by a restart or by a node whose file is older.
/// </summary>
public sealed class DocumentStore(IDbContextFactory<NurtureDbContext> databases, TimeProvider time)
{
    public sealed record Change(string Name, byte[]? Content);

    /// <summary>Stores a version of each changed document, all in one commit.</summary>
    /// <param name="expectedVersions">When given, a name whose latest version is another (0: none) fails the whole save.</param>
    /// <returns>The names that got a new version.</returns>
    /// <exception cref="DocumentConflictException">A document's latest version is not the one expected.</exception>
    public Task<IReadOnlyList<string>> SaveAsync(string kind, IReadOnlyList<Change> changes, string source,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, int>? expectedVersions = null) =>
        // Another node saved the same document at once: the unique version index refuses one, which runs again.
        ConflictRetry.RunAsync<IReadOnlyList<string>>(databases, async db =>
        {
            var names = changes.Select(c => c.Name).ToList();
            var latest = (await db.Documents.AsNoTracking().Where(d => d.Kind == kind && names.Contains(d.Name))
                    .Select(d => new { d.Name, d.Version, d.Checksum }).ToListAsync(cancellationToken))
                .GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Version)!, StringComparer.Ordinal);
            var saved = new List<string>();
            foreach (var change in changes)
            {
                var current = latest.GetValueOrDefault(change.Name);
                if (expectedVersions?.TryGetValue(change.Name, out var expected) == true && (current?.Version ?? 0) != expected)
                    throw new DocumentConflictException($"{kind} '{change.Name}' was saved meanwhile (version {current?.Version ?? 0}, expected {expected}).");
                var checksum = Checksum(change.Content);
                if (checksum == (current?.Checksum ?? "") && (current is not null || change.Content is null))
                    continue;
                db.Documents.Add(new StoredDocument
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    Kind = kind,
                    Name = change.Name,
                    Version = (current?.Version ?? 0) + 1,
                    Content = change.Content,
                    Checksum = checksum,
                    Source = source.Length <= 300 ? source : source[..300],
                    SavedAt = time.GetUtcNow(),
                });
                saved.Add(change.Name);
            }
            return saved;
        }, cancellationToken);

    /// <summary>
    /// Publishes a seed file's content when the file, and only the file, changed since it was last loaded
    /// (the journeys' rule): unchanged files, and files older than an edit made in the app, publish nothing.
    /// When both the file and the app changed, the app's version stays and the conflict is returned.
    /// </summary>
    public async Task<SeedOutcome> SeedAsync(string kind, string name, byte[] content, string file, CancellationToken cancellationToken)
    {
        var checksum = Checksum(content);
        var key = SeedSettingKey(kind, name);
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var lastLoaded = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken);
            if (lastLoaded == checksum)
                return SeedOutcome.Unchanged; // a newer version made in the app, if any, stays
            var latest = await db.Documents.AsNoTracking().Where(d => d.Kind == kind && d.Name == name).OrderByDescending(d => d.Version)
                .Select(d => new { d.Version, d.Checksum, d.Source }).FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.Checksum != checksum && latest.Checksum != lastLoaded && latest.Source != file && lastLoaded is not null)
                return SeedOutcome.Conflict;
        }
        await SaveAsync(kind, [new Change(name, content)], file, cancellationToken);
        await databases.UpsertSettingAsync(key, checksum, cancellationToken);
        return SeedOutcome.Published;
    }

    // Settings keys hold 100 characters.
    private static string SeedSettingKey(string kind, string name)
    {
        var key = $"seed:{kind}:{name}";
        return key.Length <= 100 ? key : $"seed:{kind}:#{Checksum(System.Text.Encoding.UTF8.GetBytes(name))[..40]}";
    }

    /// <summary>The latest version of every document of a kind (removed ones included), with or without content.</summary>
    public async Task<IReadOnlyList<DocumentVersion>> LatestAsync(string kind, bool withContent, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var versions = db.Documents.AsNoTracking().Where(d => d.Kind == kind);
        var latest = versions.Where(d => d.Version == versions.Where(o => o.Name == d.Name).Max(o => o.Version));
        return withContent
            ? await latest.Select(d => new DocumentVersion(d.Kind, d.Name, d.Version, d.Checksum, d.Content, d.Source, d.SavedAt)).ToListAsync(cancellationToken)
            : await latest.Select(d => new DocumentVersion(d.Kind, d.Name, d.Version, d.Checksum, null, d.Source, d.SavedAt)).ToListAsync(cancellationToken);
    }

    /// <summary>The latest version of one document, with its content, or null.</summary>
    public async Task<DocumentVersion?> FindAsync(string kind, string name, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().Where(d => d.Kind == kind && d.Name == name).OrderByDescending(d => d.Version)
            .Select(d => new DocumentVersion(d.Kind, d.Name, d.Version, d.Checksum, d.Content, d.Source, d.SavedAt))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>One version of a document, without its content: what a history lists.</summary>
    public sealed record VersionInfo(int Version, long Size, string Source, DateTimeOffset SavedAt, bool Removed);

    /// <summary>Every version of one document, newest first.</summary>
    public async Task<IReadOnlyList<VersionInfo>> VersionsAsync(string kind, string name, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().Where(d => d.Kind == kind && d.Name == name).OrderByDescending(d => d.Version)
            .Select(d => new VersionInfo(d.Version, d.Content == null ? 0 : d.Content.Length, d.Source, d.SavedAt, d.Checksum == ""))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The content of one version (an asset's bytes, fetched only by a node that lacks them).</summary>
    public async Task<byte[]?> ContentAsync(string kind, string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Documents.AsNoTracking().Where(d => d.Kind == kind && d.Name == name && d.Version == version)
            .Select(d => d.Content).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// A number that changes with every committed save: versions are never deleted, so their count. Not the
    /// newest id: ids are assigned before commit, so a later id can commit first and hide an earlier one.
    /// </summary>
    public async Task<int> StampAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Documents.CountAsync(cancellationToken);
    }

    public static string Checksum(byte[]? content) => content is null ? "" : Convert.ToHexStringLower(SHA256.HashData(content));
}
