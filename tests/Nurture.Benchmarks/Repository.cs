namespace Nurture.Benchmarks;

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Nurture.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Run the benchmarks from the repository (Nurture.sln not found).");
    }
}
