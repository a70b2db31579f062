using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>A real SMTP server (the SmtpServer package) on a loopback port; what it accepts is parsed with MimeKit.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReceivedEmail> _arrivals = Channel.CreateUnbounded<ReceivedEmail>();
    private readonly List<ReceivedEmail> _received = [];
    private readonly Task _running;

    public TestSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CollectingStore(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<ReceivedEmail> Received
    {
        get
        {
            lock (_received)
                return _received.ToList();
        }
    }

    /// <summary>Waits for the first email (already received or arriving) that matches.</summary>
    public async Task<ReceivedEmail> WaitForAsync(Func<ReceivedEmail, bool> match, TimeSpan? timeout = null)
    {
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        lock (_received)
        {
            if (_received.FirstOrDefault(match) is { } already)
                return already;
        }
        try
        {
            await foreach (var email in _arrivals.Reader.ReadAllAsync(limit.Token))
            {
                if (match(email))
                    return email;
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new TimeoutException($"No matching email arrived; received: {string.Join(" | ", Received.Select(e => $"{e.To}: {e.Message.Subject}"))}");
    }

    public Task<ReceivedEmail> WaitForAsync(string to, string subjectContains) =>
        WaitForAsync(e => e.To.Equals(to, StringComparison.OrdinalIgnoreCase) && (e.Message.Subject ?? "").Contains(subjectContains, StringComparison.Ordinal));

    private void Add(ReceivedEmail email)
    {
        lock (_received)
            _received.Add(email);
        _arrivals.Writer.TryWrite(email);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private sealed class CollectingStore(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            foreach (var recipient in transaction.To)
                owner.Add(new ReceivedEmail($"{recipient.User}@{recipient.Host}", message, raw));
            return SmtpResponse.Ok;
        }
    }
}

public sealed record ReceivedEmail(string To, MimeMessage Message, byte[] Raw)
{
    public string Html => Message.HtmlBody ?? "";
    public string Text => Message.TextBody ?? "";
}
