using MimeKit;

namespace Nurture.Core.Delivery;

/// <summary>Writes each message as an .eml file, atomically (temporary name, then rename).</summary>
public sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, MailboxAddress? envelopeSender, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // What the last MTA would add; outside the DKIM signature, so adding it breaks nothing.
        if (envelopeSender is not null)
            message.Headers.Insert(0, HeaderId.ReturnPath, $"<{envelopeSender.Address}>");
        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{FileSuffix(message.MessageId ?? Guid.NewGuid().ToString("N"))}";
        var temporary = Path.Combine(Directory, name + ".tmp");
        await using (var stream = File.Create(temporary))
            await message.WriteToAsync(stream, cancellationToken);
        File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
    }

    /// <summary>How a message's file name ends, from its Message-ID: how an erasure finds a lead's files.</summary>
    public static string FileSuffix(string messageId) => $"{string.Concat(messageId.Split('@')[0].Where(char.IsLetterOrDigit))}.eml";

    /// <summary>The files of messages with these Message-IDs.</summary>
    public static IEnumerable<string> FilesOf(string directory, IEnumerable<string> messageIds) =>
        System.IO.Directory.Exists(directory)
            ? messageIds.Select(FileSuffix).Where(suffix => suffix.Length > 4).SelectMany(suffix => System.IO.Directory.EnumerateFiles(directory, "*-" + suffix))
            : [];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
