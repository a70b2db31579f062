using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Nurture.Server.Tests.Infrastructure;

/// <summary>A real HTTP listener on loopback that records webhook calls and answers with the queued status codes.</summary>
public sealed class TestWebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _answers = new();
    private readonly List<ReceivedWebhook> _received = [];
    private readonly Task _loop;

    public TestWebhookReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received)
                return _received.ToList();
        }
    }

    /// <summary>The next calls get these answers, in order; then 200.</summary>
    public void AnswerNext(params HttpStatusCode[] codes)
    {
        foreach (var code in codes)
            _answers.Enqueue(code);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var status = _answers.TryDequeue(out var next) ? next : HttpStatusCode.OK;
            lock (_received)
                _received.Add(new ReceivedWebhook(body, context.Request.Headers["X-Nurture-Signature"], context.Request.Headers["X-Nurture-Delivery"], status));
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

public sealed record ReceivedWebhook(string Body, string? Signature, string? DeliveryId, HttpStatusCode Answer);
