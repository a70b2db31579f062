using System.Globalization;

namespace Nurture.Chaos;

/// <summary>
/// The home the nodes share: the repository's templates and assets, and one journey whose waits last seconds,
/// so that a run sees each lead from sign-up to its last email.
/// </summary>
public static class ChaosHome
{
    public static string Create(string home, TimeSpan clickWait)
    {
        Copy(Path.Combine(Repository.Root, "templates"), Path.Combine(home, "templates"));
        Copy(Path.Combine(Repository.Root, "assets"), Path.Combine(home, "assets"));
        var workflows = Directory.CreateDirectory(Path.Combine(home, "workflows")).FullName;
        Directory.CreateDirectory(Path.Combine(workflows, "scoring"));
        Directory.CreateDirectory(Path.Combine(workflows, "sales"));
        File.WriteAllText(Path.Combine(workflows, "chaos.json"), $$"""
            {
              "id": "chaos",
              "name": "Chaos",
              "triggers": [{ "type": "LeadCreated" }],
              "activities": [
                { "id": "welcome", "type": "SendEmail", "properties": { "template": "welcome" } },
                { "id": "wait-for-click", "type": "WaitForSignal", "properties": { "signalTypes": ["click"], "timeout": "PT{{clickWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)}}S" } },
                { "id": "follow-up", "type": "SendEmail", "properties": { "template": "follow-up" } },
                { "id": "done", "type": "Exit" }
              ],
              "connections": [
                { "from": "welcome", "outcome": "Done", "to": "wait-for-click" },
                { "from": "wait-for-click", "outcome": "Received", "to": "follow-up" },
                { "from": "wait-for-click", "outcome": "Timeout", "to": "follow-up" },
                { "from": "follow-up", "outcome": "Done", "to": "done" }
              ]
            }
            """);
        // Engagement alone: a click (5) and a download (10) make an MQL (15).
        File.WriteAllText(Path.Combine(workflows, "scoring", "model.json"), """
            { "version": 1, "mqlThreshold": 15,
              "engagement": [ { "signal": "download", "points": 10 }, { "signal": "click", "points": 5 }, { "signal": "open", "points": 0, "firstTimeOnly": true } ] }
            """);
        File.WriteAllText(Path.Combine(workflows, "sales", "routing.json"), """{ "slaMinutes": 15 }""");
        return home;
    }

    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        foreach (var directory in Directory.EnumerateDirectories(from))
            Copy(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
