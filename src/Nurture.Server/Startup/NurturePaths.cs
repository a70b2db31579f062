namespace Nurture.Server.Startup;

/// <summary>
/// Where journeys, templates, assets and local data live. <c>Nurture:Home</c> wins; otherwise the first
/// folder holding both workflows/ and templates/, searched upward from the working directory, then
/// from the binaries (so `dotnet run --project src/Nurture.Server` works from the repository root).
/// </summary>
public sealed record NurturePaths(string Home, string DataDirectory)
{
    private string? _scoringModel;
    private string? _routing;

    public string Workflows => Path.Combine(Home, "workflows");
    public string Templates => Path.Combine(Home, "templates");
    public string Assets => Path.Combine(Home, "assets");
    public string Forms => Path.Combine(Home, "forms");

    /// <summary>The custom lead fields: workflows/fields.json.</summary>
    public string Fields => Path.Combine(Workflows, "fields.json");
    /// <summary><c>Scoring:ModelFile</c> when set, else workflows/scoring/model.json.</summary>
    public string ScoringModel
    {
        get => _scoringModel ?? Path.Combine(Workflows, "scoring", "model.json");
        init => _scoringModel = value;
    }

    /// <summary><c>Sales:RoutingFile</c> when set, else workflows/sales/routing.json.</summary>
    public string Routing
    {
        get => _routing ?? Path.Combine(Workflows, "sales", "routing.json");
        init => _routing = value;
    }

    public static NurturePaths Resolve(IConfiguration configuration)
    {
        var home = configuration["Nurture:Home"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : FindHome(Directory.GetCurrentDirectory()) ?? FindHome(AppContext.BaseDirectory)
              ?? throw new InvalidOperationException(
                  "Cannot find the folder holding workflows/ and templates/; set Nurture:Home (env Nurture__Home).");
        var data = configuration["Nurture:DataDirectory"] is { Length: > 0 } dataDirectory
            ? Path.GetFullPath(dataDirectory, home)
            : Path.Combine(home, "data");
        var paths = new NurturePaths(home, data);
        if (configuration["Scoring:ModelFile"] is { Length: > 0 } model)
            paths = paths with { ScoringModel = Path.GetFullPath(model, home) };
        if (configuration["Sales:RoutingFile"] is { Length: > 0 } routing)
            paths = paths with { Routing = Path.GetFullPath(routing, home) };
        return paths;
    }

    private static string? FindHome(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "workflows")) && Directory.Exists(Path.Combine(directory.FullName, "templates")))
                return directory.FullName;
        }
        return null;
    }
}
