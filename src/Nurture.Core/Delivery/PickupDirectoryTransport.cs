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
        var id = (message.MessageId ?? Guid.NewGuid().ToString("N")).Split('@')[0];
        var name = $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss}-{string.Concat(id.Where(char.IsLetterOrDigit))}.eml";
        var temporary = Path.Combine(Directory, name + ".tmp");
        await using (var stream = File.Create(temporary))
            await message.WriteToAsync(stream, cancellationToken);
        File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
