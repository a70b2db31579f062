using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Nurture.Core.Leads;
using Nurture.Core.Leads.Conditions;
using Nurture.Core.Leads.Fields;

namespace Nurture.Core.Processing.Import;

/// <summary>
/// Imports leads from a CSV with a column mapping, row by row through <see cref="LeadService"/> (so each
/// lead is validated, deduplicated by email and starts its journeys like any other), in the background.
/// Progress is kept in memory, for <see cref="KeptFor"/> after the import ends; an import cut short by a restart
/// can be run again: rows upsert by email.
/// </summary>
public sealed class LeadImports(LeadService leads, CustomFieldsProvider customFields, TimeProvider time, ILogger<LeadImports> logger)
{
    /// <summary>How long a finished import's progress and errors stay readable (they may quote what a row held).</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<Guid, ImportProgress> _imports = new();

    public ImportProgress? Find(Guid id)
    {
        DropOld();
        return _imports.GetValueOrDefault(id);
    }

    /// <summary>The imports this node ran, finished ones for <see cref="KeptFor"/>.</summary>
    public IEnumerable<ImportProgress> All
    {
        get
        {
            DropOld();
            return _imports.Values;
        }
    }

    private void DropOld()
    {
        var now = time.GetUtcNow();
        foreach (var (id, progress) in _imports)
        {
            if (progress.FinishedAt + KeptFor < now)
                _imports.TryRemove(id, out _);
        }
    }

    /// <exception cref="ArgumentException">The mapping names an unknown column or field, or maps no column to email.</exception>
    public ImportProgress Start(CsvLeadFile file, IReadOnlyDictionary<string, string> mapping)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Start(file.Columns, file.Rows.Count, file.Rows, mapping, finished: null);
    }

    /// <summary>Imports a CSV saved to <paramref name="path"/>, reading its rows one at a time; the file is deleted when the import ends.</summary>
    /// <exception cref="ArgumentException">As <see cref="Start(CsvLeadFile, IReadOnlyDictionary{string, string})"/>; the file is deleted then too.</exception>
    public ImportProgress StartFromFile(string path, IReadOnlyList<string> columns, int rows, IReadOnlyDictionary<string, string> mapping)
    {
        try
        {
            return Start(columns, rows, CsvLeadFile.StreamRows(path), mapping, finished: () => File.Delete(path));
        }
        catch (ArgumentException)
        {
            File.Delete(path);
            throw;
        }
    }

    private ImportProgress Start(IReadOnlyList<string> fileColumns, int total, IEnumerable<CsvLeadRow> rows, IReadOnlyDictionary<string, string> mapping, Action? finished)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var columns = mapping.Where(m => !string.IsNullOrEmpty(m.Value)).ToDictionary(m => m.Key, m => m.Value);
        var targets = Targets(customFields.Current);
        foreach (var (column, field) in columns)
        {
            if (!fileColumns.Contains(column))
                throw new ArgumentException($"mapping: the file has no column '{column}'.");
            if (!targets.Contains(field))
                throw new ArgumentException($"mapping.{column}: '{field}' is not a lead field; one of {string.Join(", ", targets)}.");
        }
        if (!columns.ContainsValue("email"))
            throw new ArgumentException("mapping: map one column to email (leads are matched by it).");
        if (columns.Values.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"mapping: two columns map to {twice.Key}.");

        var progress = new ImportProgress { Id = Guid.CreateVersion7(), Total = total };
        _imports[progress.Id] = progress;
        var index = columns.ToDictionary(c => c.Value, c => fileColumns.ToList().IndexOf(c.Key));
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(rows, index, progress);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Import {Id} stopped", progress.Id);
                progress.Fail(new ImportError(progress.Processed + 1, "", $"the import stopped: {e.Message}"), null);
                progress.FinishedAt = time.GetUtcNow();
            }
            finally
            {
                finished?.Invoke();
            }
        });
        return progress;
    }

    private async Task RunAsync(IEnumerable<CsvLeadRow> rows, Dictionary<string, int> index, ImportProgress progress)
    {
        foreach (var row in rows)
        {
            var rowEmail = index.TryGetValue("email", out var emailColumn) ? row.Values[emailColumn] : null;
            try
            {
                var input = ToInput(row, index);
                var (_, created) = await leads.UpsertAsync(input, "import", CancellationToken.None);
                if (created)
                    progress.Created++;
                else
                    progress.Updated++;
            }
            catch (LeadValidationException e)
            {
                foreach (var (field, problems) in e.Errors)
                    progress.Fail(new ImportError(row.Line, field, string.Join(" ", problems)), rowEmail);
            }
            catch (FormatException e)
            {
                progress.Fail(new ImportError(row.Line, e.Data["field"] as string ?? "", e.Message), rowEmail);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Importing line {Line} failed", row.Line);
                progress.Fail(new ImportError(row.Line, "", $"not imported: {e.Message}"), rowEmail);
            }
            progress.Processed++;
        }
        progress.FinishedAt = time.GetUtcNow();
        logger.LogInformation("Import {Id}: {Created} created, {Updated} updated, {Failed} failed", progress.Id, progress.Created, progress.Updated, progress.Failed);
    }

    /// <summary>What a column can be mapped to: the built-in fields, then the custom ones as <c>fields.NAME</c>.</summary>
    public static IReadOnlyList<string> Targets(CustomFieldSet customFields) =>
        [.. CsvLeadFile.Fields, .. customFields.Fields.Select(f => LeadCondition.CustomPrefix + f.Name)];

    private static LeadInput ToInput(CsvLeadRow row, Dictionary<string, int> index)
    {
        string? Text(string field) => index.TryGetValue(field, out var i) && row.Values[i] is { Length: > 0 } v ? v : null;
        // Custom columns go in as text; the lead's validation checks them against their type, by line and field.
        var custom = index.Keys.Where(k => k.StartsWith(LeadCondition.CustomPrefix, StringComparison.Ordinal))
            .Where(k => Text(k) is not null)
            .ToDictionary(k => k[LeadCondition.CustomPrefix.Length..], k => System.Text.Json.JsonSerializer.SerializeToElement(Text(k)));
        return LeadInput.FromText(Text) with
        {
            Fields = custom.Count == 0 ? null : custom,
            CompanySize = Number<int>(Text("companySize"), "companySize"),
            AnnualRevenue = Number<decimal>(Text("annualRevenue"), "annualRevenue"),
        };
    }

    private static T? Number<T>(string? text, string field) where T : struct, IParsable<T>
    {
        if (text is null)
            return null;
        if (T.TryParse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture, out var value))
            return value;
        var error = new FormatException($"'{text}' is not a number.");
        error.Data["field"] = field;
        throw error;
    }
}
