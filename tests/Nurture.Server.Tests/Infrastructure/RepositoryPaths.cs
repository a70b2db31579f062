namespace Nurture.Server.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>A temporary home holding copies of the repository's templates/, assets/ and workflows/, to alter freely.</summary>
    public static string CopyHome(string into)
    {
        foreach (var folder in new[] { "templates", "assets", "workflows", "forms" })
            CopyDirectory(Path.Combine(Repository.Root, folder), Path.Combine(into, folder));
        return into;
    }

    /// <summary>A home with the repository's templates, assets and scoring model, and only the given journeys.</summary>
    public static string HomeWithJourneys(string into, IReadOnlyList<string> journeys)
    {
        CopyHome(into);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(into, "workflows"), "*.json")
                     .Where(f => !Core.Journeys.Runtime.JourneyCatalog.NotJourneys.Contains(Path.GetFileName(f))))
            File.Delete(file);
        for (var i = 0; i < journeys.Count; i++)
            File.WriteAllText(Path.Combine(into, "workflows", $"journey-{i}.json"), journeys[i]);
        return into;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(from))
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
