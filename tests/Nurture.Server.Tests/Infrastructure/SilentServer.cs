using System.Net;
using System.Net.Sockets;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>
/// Accepts TCP connections and never says a word: an SMTP server that hangs before its greeting, so the node
/// talking to it stays in the middle of a send for as long as a test wants.
/// </summary>
public sealed class SilentServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentServer()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    public int Connections
    {
        get
        {
            lock (_accepted)
                return _accepted.Count;
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_accepted)
                    _accepted.Add(socket);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted)
        {
            foreach (var socket in _accepted)
                socket.Dispose();
        }
        _stop.Dispose();
    }
}
