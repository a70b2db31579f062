using Microsoft.Extensions.DependencyInjection;
using Nurture.Core.Content;
using Nurture.Core.Hosting;
using Nurture.Core.Journeys.Definitions;
using Nurture.Core.Journeys.Import;
using Nurture.Core.Journeys.Runtime;
using Nurture.Core.Messaging;

namespace Nurture.Cli;

/// <summary>The CLI's commands, writing to a given writer so tests can read what a user would see.</summary>
internal sealed class Commands(TextWriter output)
{
    /// <returns>0 when every file is valid, 1 otherwise.</returns>
    public int Validate(string home, IReadOnlyList<string> files)
    {
        using var services = Engine();
        var library = LoadLibrary(services, home, out var sidecarErrors);
        var templates = services.GetRequiredService<TemplateStore>();
        templates.Load(Path.Combine(home, "templates"), new TemplateChecks { AssetExists = name => library.Find(name) is not null });
        foreach (var error in templates.Errors)
            output.WriteLine(error);

        var journeyFiles = files.Count > 0 ? files : Directory.Exists(Path.Combine(home, "workflows"))
            ? Directory.EnumerateFiles(Path.Combine(home, "workflows"), "*.json")
                .Where(f => !JourneyCatalog.NotJourneys.Contains(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList()
            : [];
        var validator = services.GetRequiredService<JourneyValidator>();
        var errors = templates.Errors.Count + sidecarErrors;
        foreach (var path in journeyFiles)
        {
            var file = Path.GetRelativePath(home, Path.GetFullPath(path));
            var problems = validator.Check(File.ReadAllText(path), new JourneyValidationContext(file, templates.Exists), out _);
            foreach (var problem in problems)
                output.WriteLine(problem);
            errors += problems.Count;
        }
        var fieldsFile = Path.Combine(home, "workflows", "fields.json");
        if (files.Count == 0 && File.Exists(fieldsFile))
        {
            try
            {
                Nurture.Core.Leads.Fields.CustomFieldSet.Parse(File.ReadAllText(fieldsFile), Path.GetRelativePath(home, fieldsFile));
            }
            catch (FormatException e)
            {
                output.WriteLine(e.Message);
                errors += e.Message.Split(Environment.NewLine).Length;
            }
        }
        output.WriteLine($"{journeyFiles.Count} journeys and {templates.All.Count + templates.Errors.Select(e => e.File).Distinct().Count()} templates checked: {errors} errors.");
        return errors == 0 ? 0 : 1;
    }

    /// <returns>0 when the file was imported (possibly with opaque nodes), 1 when it is not an Elsa 3 workflow.</returns>
    public int ImportElsa(string file, string? outPath, string home)
    {
        using var services = Engine();
        var templates = services.GetRequiredService<TemplateStore>();
        templates.Load(Path.Combine(home, "templates"));
        JourneyDefinition journey;
        ElsaImportReport report;
        try
        {
            (journey, report) = ElsaImporter.Import(File.ReadAllText(file), file);
        }
        catch (JourneyDefinitionException e)
        {
            foreach (var error in e.Errors)
                output.WriteLine(error);
            return 1;
        }
        foreach (var mapped in report.Mapped)
            output.WriteLine($"mapped    {mapped.ElsaId} ({mapped.ElsaType}) → {mapped.Type}{(mapped.Note is null ? "" : $": {mapped.Note}")}");
        foreach (var unmapped in report.Unmapped)
            output.WriteLine($"unmapped  {unmapped.ElsaId} ({unmapped.ElsaType}) → kept as an opaque node");
        foreach (var note in report.Notes)
            output.WriteLine($"note      {note}");
        var problems = services.GetRequiredService<JourneyValidator>().Validate(journey, new JourneyValidationContext(outPath ?? journey.Id, templates.Exists));
        foreach (var problem in problems)
            output.WriteLine($"to fix    {problem}");

        var json = JourneyParser.Serialize(journey);
        if (outPath is null)
            output.WriteLine(json);
        else
            File.WriteAllText(outPath, json);
        return 0;
    }

    /// <summary>The engine's services, for validation only: nothing here opens a database.</summary>
    /// <summary>The assets and their sidecars, each sidecar's problems written out with its file.</summary>
    private ContentLibrary LoadLibrary(IServiceProvider services, string home, out int errors)
    {
        var folder = Path.Combine(home, "assets");
        var assets = services.GetRequiredService<AssetStore>();
        assets.Load(folder);
        var metadata = new Dictionary<string, AssetMetadata>(StringComparer.Ordinal);
        errors = 0;
        foreach (var (asset, file) in AssetStore.Sidecars(folder))
        {
            try
            {
                var parsed = AssetMetadata.Parse(File.ReadAllText(file), Path.GetRelativePath(home, file));
                if (!assets.Exists(asset) && parsed.ProblemWithoutFile() is { } problem)
                    throw new FormatException($"{Path.GetRelativePath(home, file)}: {problem}");
                metadata[asset] = parsed;
            }
            catch (FormatException e)
            {
                output.WriteLine(e.Message);
                errors += e.Message.Split(Environment.NewLine).Length;
            }
        }
        var library = services.GetRequiredService<ContentLibrary>();
        library.Use(assets.Names, metadata);
        return library;
    }

    private static ServiceProvider Engine() =>
        new ServiceCollection().AddLogging().AddOptions().AddNurtureEngine().BuildServiceProvider();
}
