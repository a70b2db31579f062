using System.Buffers;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Nurture.Benchmarks;

/// <summary>A local SMTP server that accepts and counts messages: the same receiver for both sides of a comparison.</summary>
public sealed class SinkSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly CountingStore _store;

    /// <param name="commitDelay">
    /// How long each message takes to accept: zero for a server that only counts, a few milliseconds for
    /// an MTA that writes the message to its queue on disk before it answers (Postfix fsyncs), without the
    /// disk's own variance.
    /// </param>
    public SinkSmtpServer(TimeSpan commitDelay = default)
    {
        _store = new CountingStore(commitDelay);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.local")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        services.Add(new NoDelayListenerFactory());
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public int Received => Volatile.Read(ref _store.Count);

    /// <summary>Called for each accepted message with its recipients and raw bytes, as it arrives.</summary>
    public Action<IReadOnlyList<string>, ReadOnlySequence<byte>>? OnMessage
    {
        get => _store.OnMessage;
        set => _store.OnMessage = value;
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
            // stopped
        }
        _stop.Dispose();
    }

    private sealed class CountingStore(TimeSpan commitDelay) : MessageStore
    {
        public int Count;
        public Action<IReadOnlyList<string>, ReadOnlySequence<byte>>? OnMessage;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            OnMessage?.Invoke(transaction.To.Select(t => $"{t.User}@{t.Host}").ToList(), buffer);
            if (commitDelay > TimeSpan.Zero)
                await Task.Delay(commitDelay, cancellationToken);
            return SmtpResponse.Ok;
        }
    }

    /// <summary>
    /// Replies go out at once (TCP_NODELAY on accepted sockets): with Nagle on, each small reply waits for
    /// the client's delayed ACK (40 ms on Linux), and both sides of the comparison would measure that stall.
    /// </summary>
    private sealed class NoDelayListenerFactory : SmtpServer.Net.IEndpointListenerFactory
    {
        public SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : SmtpServer.Net.IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[SmtpServer.Net.EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint;
            context.Properties[SmtpServer.Net.EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class PlainPipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
    {
        private readonly NetworkStream _stream = client.GetStream();

        public System.IO.Pipelines.PipeReader Input => field ??= System.IO.Pipelines.PipeReader.Create(_stream);
        public System.IO.Pipelines.PipeWriter Output => field ??= System.IO.Pipelines.PipeWriter.Create(_stream);
        public bool IsSecure => false;
        public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

        public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The benchmark sink speaks plain SMTP only.");

        public void Dispose() => client.Dispose();
    }
}
