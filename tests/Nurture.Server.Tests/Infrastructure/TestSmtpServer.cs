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
    private readonly List<(Func<string, bool> Recipient, Queue<SmtpResponse> Replies)> _scripts = [];

    /// <summary>
    /// The next messages to a matching recipient get these replies (one per attempt, in order) instead of
    /// 250; e.g. <c>Reply(r => r == "x@y", "451 4.3.0 Try later")</c>, or a 550 5.1.1 for a hard bounce.
    /// </summary>
    public void Reply(Func<string, bool> recipient, params string[] replies)
    {
        lock (_scripts)
            _scripts.Add((recipient, new Queue<SmtpResponse>(replies.Select(Parse))));
    }

    private static SmtpResponse Parse(string reply) =>
        new((SmtpReplyCode)int.Parse(reply[..3], System.Globalization.CultureInfo.InvariantCulture), reply[4..]);

    /// <summary>While set (e.g. "421 4.3.2 Try again later"), every message gets this reply: an outage that still answers.</summary>
    public string? ReplyToAll { get; set; }

    /// <summary>Every attempt seen, accepted or not (recipient, reply code).</summary>
    public List<(string To, int Code)> Attempts { get; } = [];

    private SmtpResponse? Scripted(string recipient)
    {
        lock (_scripts)
        {
            var reply = ReplyToAll is { } all ? Parse(all) : _scripts.FirstOrDefault(s => s.Recipient(recipient) && s.Replies.Count > 0).Replies?.Dequeue();
            lock (Attempts)
                Attempts.Add((recipient, (int?)reply?.ReplyCode ?? 250));
            return reply;
        }
    }
    private readonly Task _running;

    /// <param name="login">When given, the server requires this user and password (AUTH on a plain connection, loopback only).</param>
    public TestSmtpServer((string User, string Password)? login = null)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                .AuthenticationRequired(login is not null).AllowUnsecureAuthentication(login is not null))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CollectingStore(this));
        if (login is { } required)
            services.Add(new SmtpServer.Authentication.DelegatingUserAuthenticator((user, password) =>
            {
                Interlocked.Increment(ref _logins);
                return user == required.User && password == required.Password;
            }));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    private int _logins;

    /// <summary>Logins tried, right or wrong.</summary>
    public int Logins => Volatile.Read(ref _logins);

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

    public IReadOnlyList<ReceivedEmail> To(string address) => Received.Where(e => e.To.Equals(address, StringComparison.OrdinalIgnoreCase)).ToList();

    public Task<ReceivedEmail> WaitForAsync(string to, string subjectContains) =>
        WaitForAsync(e => e.To.Equals(to, StringComparison.OrdinalIgnoreCase) && (e.Message.Subject ?? "").Contains(subjectContains, StringComparison.Ordinal));

    /// <summary>Raised for each email received, on the server's thread: for a caller that waits for many at once.</summary>
    public event Action<ReceivedEmail>? Arrived;

    private void Add(ReceivedEmail email)
    {
        lock (_received)
            _received.Add(email);
        _arrivals.Writer.TryWrite(email);
        Arrived?.Invoke(email);
    }

    internal static int FreePort()
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
            try
            {
                return await StoreAsync(transaction, buffer, cancellationToken);
            }
            catch (Exception e)
            {
                // The library would answer a bare 554 (a hard bounce to the sender): a fault of ours is a 451, which the sender retries.
                return new SmtpResponse((SmtpReplyCode)451, $"4.3.0 test server: {e.GetType().Name}: {e.Message}");
            }
        }

        private async Task<SmtpResponse> StoreAsync(IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var recipients = transaction.To.Select(r => $"{r.User}@{r.Host}").ToList();
            if (recipients.Select(owner.Scripted).FirstOrDefault(r => r is not null) is { } rejection)
                return rejection;
            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var sender = transaction.From is { } from ? $"{from.User}@{from.Host}" : "";
            foreach (var recipient in recipients)
                owner.Add(new ReceivedEmail(recipient, message, raw) { EnvelopeFrom = sender });
            return SmtpResponse.Ok;
        }
    }
}

public sealed record ReceivedEmail(string To, MimeMessage Message, byte[] Raw)
{
    /// <summary>MAIL FROM: where bounces go.</summary>
    public string EnvelopeFrom { get; init; } = "";

    public string Html => Message.HtmlBody ?? "";
    public string Text => Message.TextBody ?? "";
}
