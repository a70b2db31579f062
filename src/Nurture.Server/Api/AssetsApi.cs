using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Content;
using Nurture.Core.Documents;
using Nurture.Server.Accounts;
using Nurture.Server.Documents;
using Nurture.Server.Errors;
using Nurture.Server.Limits;

namespace Nurture.Server.Api;

/// <summary>
/// The content library: list, read, upload or replace a file (every version kept), and describe it (title,
/// format, topics, stage, gated, landing page). Stored for every node; <c>assets/</c> stays the seed.
/// </summary>
public static class AssetsApi
{
    public static IEndpointRouteBuilder MapAssetsApi(this IEndpointRouteBuilder api)
    {
        var assets = api.MapGroup("assets").WithTags("Content").RequireScope(ApiScopes.ContentWrite);
        assets.MapGet("", List);
        assets.MapGet("{name}", GetAsync);
        assets.MapGet("{name}/file", FileAsync).Produces<byte[]>(StatusCodes.Status200OK, "application/octet-stream");
        assets.MapPut("{name}/file", UploadAsync).LimitBody(BodyLimits.Assets).DescribesFileBody();
        assets.MapPut("{name}/metadata", DescribeAsync).LimitBody(BodyLimits.Default).DescribesBody<AssetMetadata>();
        return api;
    }

    public sealed record AssetSummary(string Name, string Title, bool HasFile, AssetMetadata Metadata);

    public sealed record AssetDetail(string Name, string Title, bool HasFile, AssetMetadata Metadata,
        IReadOnlyList<DocumentStore.VersionInfo> FileVersions, IReadOnlyList<DocumentStore.VersionInfo> MetadataVersions);

    private static Ok<IReadOnlyList<AssetSummary>> List(ContentLibrary library) =>
        TypedResults.Ok<IReadOnlyList<AssetSummary>>([.. library.All.Select(a => new AssetSummary(a.Name, a.Title, a.HasFile, a.Metadata))]);

    private static async Task<Results<Ok<AssetDetail>, ProblemHttpResult>> GetAsync(
        string name, ContentLibrary library, DocumentStore store, CancellationToken cancellationToken)
    {
        return library.Find(name) is { } asset ? TypedResults.Ok(await DetailAsync(asset, store, cancellationToken)) : NotFound(name);
    }

    private static async Task<AssetDetail> DetailAsync(LibraryAsset asset, DocumentStore store, CancellationToken cancellationToken) =>
        new(asset.Name, asset.Title, asset.HasFile, asset.Metadata,
            await store.VersionsAsync(DocumentKinds.Asset, asset.Name, cancellationToken),
            await store.VersionsAsync(DocumentKinds.AssetMetadata, asset.Name, cancellationToken));

    /// <summary>The asset as saved: in the library now (a page whose metadata lost its URL would not be, hence the check before saving).</summary>
    private static async Task<Ok<AssetDetail>> SavedAsync(string name, ContentLibrary library, DocumentStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await DetailAsync(library.Find(name) ?? throw new InvalidOperationException($"Asset '{name}' was saved but did not load."), store, cancellationToken));

    /// <summary>The file as it is now, or an earlier version of it.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> FileAsync(
        string name, int? version, DocumentStore store, CancellationToken cancellationToken)
    {
        var stored = version is { } v
            ? await store.ContentAsync(DocumentKinds.Asset, name, v, cancellationToken)
            : (await store.FindAsync(DocumentKinds.Asset, name, cancellationToken))?.Content;
        return stored is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Asset file not found",
                detail: version is null ? $"No asset file is named '{name}'." : $"Asset '{name}' has no version {version}.")
            : TypedResults.File(stored, AssetStore.ContentTypeOf(name), name);
    }

    /// <summary>Stores the body as the asset's next version; the earlier versions stay, readable by number.</summary>
    private static async Task<Results<Ok<AssetDetail>, ValidationProblem>> UploadAsync(
        string name, HttpRequest request, SharedDocuments documents, ContentLibrary library, DocumentStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!AssetMetadata.IsValidFileName(name))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"'{name}' is not a file name: letters, digits, '.', '_' or '-', at most 150, with an extension (guide.pdf)."],
            });
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The file is empty: send its bytes as the body."] });
        await documents.SaveAssetAsync(name, buffer.ToArray(), SharedDocuments.SourceOf(user), cancellationToken);
        return await SavedAsync(name, library, store, cancellationToken);
    }

    private static async Task<Results<Ok<AssetDetail>, ValidationProblem, Unprocessable<object>>> DescribeAsync(
        string name, HttpRequest request, SharedDocuments documents, ContentLibrary library, AssetStore files, DocumentStore store,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!AssetMetadata.IsValidName(name))
            return InvalidName(name);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        AssetMetadata metadata;
        try
        {
            metadata = AssetMetadata.Parse(await reader.ReadToEndAsync(cancellationToken), $"asset {name}");
            if (!files.Exists(name) && metadata.ProblemWithoutFile() is { } problem)
                throw new FormatException($"asset {name}: {problem}");
        }
        catch (FormatException e)
        {
            return Unprocessable.Of<object>(new { title = $"The metadata of asset '{name}' is invalid and was not saved", errors = e.Message.Split(Environment.NewLine) });
        }
        await documents.SaveAssetMetadataAsync(name, metadata, SharedDocuments.SourceOf(user), cancellationToken);
        return await SavedAsync(name, library, store, cancellationToken);
    }

    private static ValidationProblem InvalidName(string name) => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["name"] = [$"'{name}' is not an asset name: letters, digits, '.', '_' or '-', at most 150, not ending in {AssetMetadata.SidecarSuffix}."],
    });

    private static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Asset not found", detail: $"No asset is named '{name}'.");
}
