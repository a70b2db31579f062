namespace Nurture.Core.Configuration;

/// <summary>Replaces a file whole or not at all: written beside it, then renamed over it.</summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    public static async Task WriteAllTextAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }
}
