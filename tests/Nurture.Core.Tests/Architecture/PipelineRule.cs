using System.Reflection;
using NetArchTest.Rules;

namespace Nurture.Core.Tests.Architecture;

/// <summary>
/// Top-level folders (namespaces under a root) in a declared order, bottom first: each may use only the
/// folders listed before it. An order rules out two-way dependencies and longer circles alike.
/// </summary>
public static class PipelineRule
{
    /// <summary>Every use of a folder from one listed before it, as "Type (Folder) uses Folder".</summary>
    public static IReadOnlyList<string> Violations(Assembly assembly, string root, IReadOnlyList<string> layers)
    {
        var violations = new List<string>();
        for (var lower = 0; lower < layers.Count; lower++)
        {
            for (var upper = lower + 1; upper < layers.Count; upper++)
            {
                var result = Types.InAssembly(assembly)
                    .That().ResideInNamespace($"{root}.{layers[lower]}")
                    .ShouldNot().HaveDependencyOn($"{root}.{layers[upper]}")
                    .GetResult();
                if (!result.IsSuccessful)
                    violations.AddRange(result.FailingTypeNames.Select(type => $"{type} ({layers[lower]}) uses {layers[upper]}, which comes after it"));
            }
        }
        return violations;
    }

    /// <summary>The top-level folders of the assembly's types under the root.</summary>
    public static IReadOnlySet<string> Folders(Assembly assembly, string root) =>
        assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(root + ".", StringComparison.Ordinal))
            .Select(ns => ns![(root.Length + 1)..].Split('.')[0])
            .ToHashSet(StringComparer.Ordinal);
}
