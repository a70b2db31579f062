namespace Nurture.Core.Configuration;

/// <summary>
/// Replaces a file whole or not at all: written beside it under a name of its own (two writers never share
/// one), then renamed over it.
/// </summary>
public static class AtomicFile
{
    public static Task WriteAllTextAsync(string path, string content, CancellationToken cancellationToken) =>
        WriteAsync(path, temporary => File.WriteAllTextAsync(temporary, content, cancellationToken));

    public static Task WriteAllBytesAsync(string path, byte[] content, CancellationToken cancellationToken) =>
        WriteAsync(path, temporary => File.WriteAllBytesAsync(temporary, content, cancellationToken));

    private static async Task WriteAsync(string path, Func<string, Task> write)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // nothing left behind when the write failed
        }
    }
}
