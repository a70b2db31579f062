using Nurture.Core.Accounts;

namespace Nurture.Server.Accounts;

/// <summary>
/// <c>Api:Keys:N</c>: either <c>Api:Keys:0:Key</c> with <c>Api:Keys:0:Scopes</c> ("signals:write leads:write"),
/// or, as before scopes existed, the bare key, which is an admin key.
/// </summary>
public static class ConfiguredApiKeys
{
    public sealed record ConfiguredKey(string Name, string Key, IReadOnlyList<string> Scopes);

    /// <exception cref="InvalidOperationException">An entry without a key, with a short key or an unknown scope; the message names it.</exception>
    public static IReadOnlyList<ConfiguredKey> Read(IConfiguration configuration)
    {
        var keys = new List<ConfiguredKey>();
        foreach (var entry in configuration.GetSection("Api:Keys").GetChildren())
        {
            var where = $"Api:Keys:{entry.Key}";
            if (entry.Value is "")
                continue; // an emptied entry (Api__Keys__0=) turns the key off
            var (key, scopes) = entry.Value is { } bare
                ? (bare, (IReadOnlyList<string>)[ApiScopes.Admin])
                : (entry["Key"] ?? "", ScopesOf(entry.GetSection("Scopes")));
            if (key.Length == 0)
                throw new InvalidOperationException($"{where}:Key is missing: give the key, and its scopes in {where}:Scopes.");
            if (key.Length < 16)
                throw new InvalidOperationException($"{where} must be at least 16 characters long (got {key.Length}).");
            if (scopes.Count == 0)
                throw new InvalidOperationException($"{where}:Scopes is empty: name what the key may do ({string.Join(", ", ApiScopes.Descriptions.Keys)}).");
            if (scopes.FirstOrDefault(s => !ApiScopes.IsKnown(s)) is { } unknown)
                throw new InvalidOperationException($"{where}:Scopes has '{unknown}', which is not a scope ({string.Join(", ", ApiScopes.Descriptions.Keys)}).");
            keys.Add(new ConfiguredKey($"configured {entry.Key}", key, scopes));
        }
        return keys;
    }

    /// <summary>A list (<c>Scopes:0</c>, <c>Scopes:1</c>) or one string ("signals:write leads:write"), easier in an environment variable.</summary>
    private static IReadOnlyList<string> ScopesOf(IConfigurationSection section) =>
        section.Value is { } joined ? ApiScopes.Parse(joined) : section.GetChildren().SelectMany(s => ApiScopes.Parse(s.Value)).Distinct().ToList();
}
