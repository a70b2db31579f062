using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Nurture.Core.Configuration;
using Nurture.Core.Content;
using Nurture.Core.Documents;
using Nurture.Core.Forms;
using Nurture.Core.Handoff.Routing;
using Nurture.Core.Leads.Fields;
using Nurture.Core.Messaging;
using Nurture.Core.Scoring;
using Nurture.Server.Accounts;
using Nurture.Server.Startup;

namespace Nurture.Server.Documents;

/// <summary>
/// Templates, assets, the scoring model, the custom fields and the routing, the same on every node: files
/// seed the database at start (publishing only what changed in the file), every node loads what the
/// database holds, and an edit in the app is stored there, to reach the other nodes at their next refresh.
/// </summary>
public sealed class SharedDocuments(
    DocumentStore store,
    NurturePaths paths,
    TemplateStore templates,
    AssetStore assets,
    ContentLibrary library,
    ScoringModelProvider scoring,
    CustomFieldsProvider fields,
    RoutingProvider routing,
    FormCatalog forms,
    IOptions<EmailOptions> email,
    ILogger<SharedDocuments> logger)
{
    public const string RoutingName = "routing.json";
    public const string FieldsName = "fields.json";
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>How an edit made in the app is recorded as its source.</summary>
    public static string SourceOf(ClaimsPrincipal user) => $"app ({Actors.Who(user, null)})";

    /// <summary>
    /// Publishes the seed files that changed. A broken scoring model, fields or routing file stops the start
    /// (as it always did); a broken template is stored and reported when loaded, like any other.
    /// </summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var file in AssetStore.Files(paths.Assets))
            await SeedAsync(DocumentKinds.Asset, Path.GetFileName(file), await File.ReadAllBytesAsync(file, cancellationToken), file, cancellationToken);
        foreach (var (asset, file) in AssetStore.Sidecars(paths.Assets))
            await SeedJsonAsync(DocumentKinds.AssetMetadata, asset, file, AssetMetadata.Parse, cancellationToken);
        foreach (var (name, text) in TemplateStore.ReadFolder(paths.Templates))
            await SeedAsync(DocumentKinds.Template, name, Encoding.UTF8.GetBytes(text), Path.Combine(paths.Templates, name), cancellationToken);
        if (Directory.Exists(paths.Forms))
        {
            foreach (var file in Directory.EnumerateFiles(paths.Forms, "*.json").Order(StringComparer.Ordinal))
                await SeedJsonAsync(DocumentKinds.Form, Path.GetFileName(file), file, FormDefinition.Parse, cancellationToken);
        }
        await SeedJsonAsync(DocumentKinds.ScoringModel, ScoringModelService.DocumentName, paths.ScoringModel, ScoringModel.Parse, cancellationToken);
        await SeedJsonAsync(DocumentKinds.Fields, FieldsName, paths.Fields, CustomFieldSet.Parse, cancellationToken);
        await SeedJsonAsync(DocumentKinds.Routing, RoutingName, paths.Routing, RoutingModel.Parse, cancellationToken);
    }

    private async Task SeedJsonAsync<T>(string kind, string name, string file, Func<string, string, T> parse, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
            return;
        var json = await File.ReadAllTextAsync(file, cancellationToken);
        parse(json, file); // throws, naming the file and the field, before anything is stored
        await SeedAsync(kind, name, Encoding.UTF8.GetBytes(json), file, cancellationToken);
    }

    private async Task SeedAsync(string kind, string name, byte[] content, string file, CancellationToken cancellationToken)
    {
        var shown = Path.GetRelativePath(paths.Home, file);
        if (await store.SeedAsync(kind, name, content, shown, cancellationToken) == SeedOutcome.Conflict)
            logger.LogWarning("{File} changed since it was last loaded, and {Kind} '{Name}' was edited in the app meanwhile: the app's version stays in force.",
                shown, kind, name);
    }

    /// <summary>Puts in force what the database holds; a document that no longer parses is reported and the one in force stays.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await LoadAssetsAsync(cancellationToken);
            await LoadLibraryAsync(cancellationToken);
            var files = (await store.LatestAsync(DocumentKinds.Template, withContent: true, cancellationToken))
                .Where(d => !d.Removed).ToDictionary(d => d.Name, d => Encoding.UTF8.GetString(d.Content!), StringComparer.Ordinal);
            templates.Load(files, new TemplateChecks { AssetExists = name => library.Find(name) is not null, TopicExists = email.Value.Topics.ContainsKey });
            await LoadJsonAsync(DocumentKinds.ScoringModel, ScoringModelService.DocumentName, ScoringModel.Parse, scoring.Use, cancellationToken);
            await LoadFormsAsync(cancellationToken);
            await LoadJsonAsync(DocumentKinds.Fields, FieldsName, CustomFieldSet.Parse, fields.Use, cancellationToken);
            await LoadJsonAsync(DocumentKinds.Routing, RoutingName, RoutingModel.Parse, routing.Use, cancellationToken);
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task LoadJsonAsync<T>(string kind, string name, Func<string, string, T> parse, Action<T> use, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(kind, name, cancellationToken) is not { Content: { } content } stored)
            return;
        try
        {
            use(parse(Encoding.UTF8.GetString(content), $"{kind} v{stored.Version} ({stored.Source})"));
        }
        catch (FormatException e)
        {
            logger.LogError("{Kind} version {Version} is not valid here, the one in force stays: {Error}", kind, stored.Version, e.Message);
        }
    }

    /// <summary>The forms by name (file name without .json); a form that no longer parses is reported and its version in force stays.</summary>
    private async Task LoadFormsAsync(CancellationToken cancellationToken)
    {
        var loaded = new Dictionary<string, FormDefinition>(StringComparer.Ordinal);
        foreach (var stored in await store.LatestAsync(DocumentKinds.Form, withContent: true, cancellationToken))
        {
            var name = Path.GetFileNameWithoutExtension(stored.Name);
            if (stored.Removed)
                continue;
            try
            {
                loaded[name] = FormDefinition.Parse(Encoding.UTF8.GetString(stored.Content!), $"form {stored.Name} v{stored.Version} ({stored.Source})");
            }
            catch (FormatException e)
            {
                logger.LogError("Form {Name} version {Version} is not valid here, the one in force stays: {Error}", name, stored.Version, e.Message);
                if (forms.Find(name) is { } inForce)
                    loaded[name] = inForce;
            }
        }
        forms.Use(loaded);
    }

    /// <summary>
    /// Each asset's bytes are kept on this node's disk, named by their checksum (fetched once from the
    /// database, written to a temporary file then renamed), so downloads are served as files.
    /// </summary>
    private async Task LoadAssetsAsync(CancellationToken cancellationToken)
    {
        var cache = Path.Combine(paths.DataDirectory, "assets");
        Directory.CreateDirectory(cache);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var asset in await store.LatestAsync(DocumentKinds.Asset, withContent: false, cancellationToken))
        {
            if (asset.Removed)
                continue;
            var path = Path.Combine(cache, asset.Checksum);
            if (!File.Exists(path))
            {
                var bytes = await store.ContentAsync(DocumentKinds.Asset, asset.Name, asset.Version, cancellationToken);
                await AtomicFile.WriteAllBytesAsync(path, bytes ?? [], cancellationToken);
            }
            files[asset.Name] = path;
        }
        assets.Use(files);
    }

    /// <summary>The assets with their sidecars; a sidecar that no longer parses is reported and the asset keeps its metadata in force.</summary>
    private async Task LoadLibraryAsync(CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, AssetMetadata>(StringComparer.Ordinal);
        foreach (var stored in await store.LatestAsync(DocumentKinds.AssetMetadata, withContent: true, cancellationToken))
        {
            if (stored.Removed)
                continue;
            try
            {
                var parsed = AssetMetadata.Parse(Encoding.UTF8.GetString(stored.Content!), $"asset metadata {stored.Name} v{stored.Version} ({stored.Source})");
                if (!assets.Exists(stored.Name) && parsed.ProblemWithoutFile() is { } problem)
                    throw new FormatException($"asset metadata {stored.Name}: {problem}");
                metadata[stored.Name] = parsed;
            }
            catch (FormatException e)
            {
                logger.LogError("The metadata of asset {Name} version {Version} is not valid here, the one in force stays: {Error}", stored.Name, stored.Version, e.Message);
                if (library.Find(stored.Name) is { } inForce)
                    metadata[stored.Name] = inForce.Metadata;
            }
        }
        library.Use(assets.Names, metadata);
    }

    /// <summary>Stores an asset's bytes as its next version (the earlier ones are kept) and puts it in force here.</summary>
    public async Task SaveAssetAsync(string name, byte[] content, string source, CancellationToken cancellationToken)
    {
        await store.SaveAsync(DocumentKinds.Asset, [new DocumentStore.Change(name, content)], source, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    /// <summary>Stores an asset's metadata as its next version and puts it in force here.</summary>
    public async Task SaveAssetMetadataAsync(string name, AssetMetadata metadata, string source, CancellationToken cancellationToken)
    {
        await store.SaveAsync(DocumentKinds.AssetMetadata, [new DocumentStore.Change(name, Encoding.UTF8.GetBytes(metadata.ToJson()))], source, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    /// <summary>Stores a form edited in the app as its next version, unless someone saved it meanwhile, and puts it in force here.</summary>
    /// <exception cref="DocumentConflictException">The form's latest version is not <paramref name="expectedVersion"/>.</exception>
    public async Task SaveFormAsync(string name, string json, int? expectedVersion, string source, CancellationToken cancellationToken)
    {
        var file = name + ".json";
        await store.SaveAsync(DocumentKinds.Form, [new DocumentStore.Change(file, Encoding.UTF8.GetBytes(json))], source, cancellationToken,
            expectedVersion is { } expected ? new Dictionary<string, int> { [file] = expected } : null);
        await LoadAsync(cancellationToken);
    }

    /// <summary>Stores a template edited in the app, when it parses, and puts it in force here.</summary>
    /// <returns>The errors; nothing is stored when there are any.</returns>
    public async Task<IReadOnlyList<TemplateError>> SaveTemplateAsync(string name, string html, string? text, string source, CancellationToken cancellationToken)
    {
        if (templates.Check(name, html, text, out var errors) is null)
            return errors;
        var changes = TemplateStore.FilesOf(name, html, text)
            .Select(f => new DocumentStore.Change(f.File, f.Content is null ? null : Encoding.UTF8.GetBytes(f.Content))).ToList();
        await store.SaveAsync(DocumentKinds.Template, changes, source, cancellationToken);
        await LoadAsync(cancellationToken);
        return [];
    }

    public Task SaveRoutingAsync(RoutingModel model, string source, CancellationToken cancellationToken) =>
        SaveJsonAsync(DocumentKinds.Routing, RoutingName, model.ToJson(), source, () => routing.Use(model), cancellationToken);

    public Task SaveFieldsAsync(CustomFieldSet set, string source, CancellationToken cancellationToken) =>
        SaveJsonAsync(DocumentKinds.Fields, FieldsName, set.ToJson(), source, () => fields.Use(set), cancellationToken);

    /// <summary>Stores a validated document as its next version, then puts it in force here.</summary>
    private async Task SaveJsonAsync(string kind, string name, string json, string source, Action use, CancellationToken cancellationToken)
    {
        await store.SaveAsync(kind, [new DocumentStore.Change(name, Encoding.UTF8.GetBytes(json))], source, cancellationToken);
        use();
    }
}
