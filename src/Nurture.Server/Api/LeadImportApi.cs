using Microsoft.AspNetCore.Http.HttpResults;
using Nurture.Core.Accounts;
using Nurture.Core.Processing.Import;
using Nurture.Server.Accounts;
using Nurture.Server.Limits;

namespace Nurture.Server.Api;

/// <summary>CSV import: preview the columns (with a suggested mapping), start an import, follow its progress.</summary>
public static class LeadImportApi
{
    public static IEndpointRouteBuilder MapLeadImportApi(this IEndpointRouteBuilder api)
    {
        var imports = api.MapGroup("leads/import").WithTags("Leads").RequireScope(ApiScopes.LeadsWrite).LimitBody(BodyLimits.Import);
        imports.MapPost("preview", Preview);
        imports.MapPost("", Start);
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
        return TypedResults.Ok(new ImportPreview(
            file.Columns, file.Rows.Count, [.. file.Rows.Take(3).Select(r => r.Values)], file.SuggestMapping(), LeadImports.Targets(customFields.Current)));
    }

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
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mapping"] = [e.Message] });
        }
    }

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
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["csv"] = [e.Message] }));
        }
    }

    private static Results<Ok<ImportProgress>, NotFound> Progress(Guid id, LeadImports jobs) =>
        jobs.Find(id) is { } progress ? TypedResults.Ok(progress) : TypedResults.NotFound();
}
