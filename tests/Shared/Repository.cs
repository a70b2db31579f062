namespace Nurture.Testing;

/// <summary>The checkout the tests and benchmarks run from: they read its journeys, templates and web app.</summary>
internal static class Repository
{
    /// <summary>The checkout's root (where Nurture.sln is), found upward from the running binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nurture.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Nurture.sln above {AppContext.BaseDirectory}: run from a checkout of the repository.");
    }
}
