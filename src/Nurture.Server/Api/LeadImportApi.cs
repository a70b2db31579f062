using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Processing.Import;
using Nurture.Server.Accounts;
using Nurture.Server.Limits;
using Nurture.Server.Startup;

namespace Nurture.Server.Api;

/// <summary>CSV import: preview the columns (with a suggested mapping), start an import, follow its progress.</summary>
public static class LeadImportApi
{
    public static IEndpointRouteBuilder MapLeadImportApi(this IEndpointRouteBuilder api)
    {
        var imports = api.MapGroup("leads/import").WithTags("Leads").RequireScope(ApiScopes.LeadsWrite).LimitBody(BodyLimits.Import);
        imports.MapPost("preview", Preview);
        imports.MapPost("", Start);
        // The same for a file sent as it is (Content-Type: text/csv), streamed to disk rather than held in memory.
        imports.MapPost("csv/preview", PreviewFileAsync).Accepts<string>("text/csv");
        imports.MapPost("csv", StartFileAsync).Accepts<string>("text/csv");
        imports.MapGet("{id:guid}", Progress);
        return api;
    }

    public sealed record CsvPreviewRequest(string? Csv);

    public sealed record ImportRequest(string? Csv, Dictionary<string, string>? Mapping);

    /// <summary>A CSV's columns and size, its first rows, the mapping suggested and the fields it may map to.</summary>
    public sealed record ImportPreview(
        IReadOnlyList<string> Columns, int Rows, IReadOnlyList<IReadOnlyList<string>> Sample, IReadOnlyDictionary<string, string> Suggested, IReadOnlyList<string> Fields);

    private static Results<Ok<ImportPreview>, ValidationProblem> Preview(CsvPreviewRequest body, Core.Leads.Fields.CustomFieldsProvider customFields)
    {
        var (file, problem) = Parse(body.Csv);
        if (file is null)
            return problem!;
        return TypedResults.Ok(PreviewOf(file, file.Rows.Count, customFields));
    }

    /// <summary>The preview of a file read whole, or of the first rows of one streamed (<paramref name="rows"/> counts them all).</summary>
    private static ImportPreview PreviewOf(CsvLeadFile file, int rows, Core.Leads.Fields.CustomFieldsProvider customFields) =>
        new(file.Columns, rows, [.. file.Rows.Take(3).Select(r => r.Values)], file.SuggestMapping(), LeadImports.Targets(customFields.Current));

    private static Results<Accepted<ImportProgress>, ValidationProblem> Start(ImportRequest body, LeadImports jobs)
    {
        var (file, problem) = Parse(body.Csv);
        if (file is null)
            return problem!;
        try
        {
            var progress = jobs.Start(file, body.Mapping ?? []);
            return TypedResults.Accepted($"/api/leads/import/{progress.Id}", progress);
        }
        catch (ArgumentException e)
        {
            return Invalid("mapping", e.Message);
        }
    }

    private static async Task<Results<Ok<ImportPreview>, ValidationProblem>> PreviewFileAsync(
        HttpRequest request, Core.Leads.Fields.CustomFieldsProvider customFields, NurturePaths paths, CancellationToken cancellationToken)
    {
        var path = await SaveAsync(request, paths, cancellationToken);
        try
        {
            using var text = new StreamReader(path);
            var (columns, sample, rows) = CsvLeadFile.Scan(text, keep: 3);
            return TypedResults.Ok(PreviewOf(new CsvLeadFile(columns, sample), rows, customFields));
        }
        catch (FormatException e)
        {
            return Invalid("csv", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <param name="mapping">The column mapping as JSON: <c>{"Work email":"email"}</c>.</param>
    private static async Task<Results<Accepted<ImportProgress>, ValidationProblem>> StartFileAsync(
        HttpRequest request, string? mapping, LeadImports jobs, NurturePaths paths, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? columns;
        try
        {
            columns = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(mapping ?? "{}");
        }
        catch (System.Text.Json.JsonException e)
        {
            return Invalid("mapping", $"the mapping is not a JSON object of column to field: {e.Message}");
        }
        var path = await SaveAsync(request, paths, cancellationToken);
        int rows;
        IReadOnlyList<string> header;
        try
        {
            using (var text = new StreamReader(path))
                (header, _, rows) = CsvLeadFile.Scan(text, keep: 0); // every row checked before any is imported
        }
        catch (FormatException e)
        {
            File.Delete(path);
            return Invalid("csv", e.Message);
        }
        try
        {
            var progress = jobs.StartFromFile(path, header, rows, columns ?? []);
            return TypedResults.Accepted($"/api/leads/import/{progress.Id}", progress);
        }
        catch (ArgumentException e)
        {
            return Invalid("mapping", e.Message);
        }
    }

    /// <summary>Copies the body to a file of its own under data/imports, a buffer at a time.</summary>
    private static async Task<string> SaveAsync(HttpRequest request, NurturePaths paths, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(paths.DataDirectory, "imports");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Guid.NewGuid():N}.csv");
        try
        {
            await using var file = File.Create(path);
            await request.Body.CopyToAsync(file, cancellationToken);
            return path;
        }
        catch
        {
            File.Delete(path); // a body cut short or past the limit leaves nothing behind
            throw;
        }
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The parsed file, or the problem that names the line.</summary>
    private static (CsvLeadFile? File, ValidationProblem? Problem) Parse(string? csv)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(csv))
                throw new FormatException("The CSV is empty.");
            return (CsvLeadFile.Parse(csv), null);
        }
        catch (FormatException e)
        {
            return (null, Invalid("csv", e.Message));
        }
    }

    private static Results<Ok<ImportProgress>, NotFound> Progress(Guid id, LeadImports jobs) =>
        jobs.Find(id) is { } progress ? TypedResults.Ok(progress) : TypedResults.NotFound();
}
