using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Nurture.Core.Tests.Scoring;

/// <summary>
/// A DNS server on a local UDP port answering from a fixed zone, for MX edge cases a public resolver
/// cannot be made to produce on demand: a null MX, no MX but an address, a missing domain, silence.
/// </summary>
public sealed class LocalDnsServer : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly Dictionary<string, Zone> _zones;

    /// <summary>What a domain answers: MX exchanges ("." is a null MX), an A record, NXDOMAIN, or nothing at all.</summary>
    public sealed record Zone(string[]? Exchanges = null, bool HasAddress = false, bool Missing = false, bool Silent = false);

    public LocalDnsServer(Dictionary<string, Zone> zones)
    {
        _zones = new Dictionary<string, Zone>(zones, StringComparer.OrdinalIgnoreCase);
        _serving = ServeAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.Client.LocalEndPoint!;

    /// <summary>Changes what a domain answers from now on.</summary>
    public void Set(string domain, Zone zone)
    {
        lock (_zones)
            _zones[domain] = zone;
    }

    public int Queries;

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Interlocked.Increment(ref Queries);
            if (Answer(request.Buffer) is { } reply)
                await _socket.SendAsync(reply, request.RemoteEndPoint);
        }
    }

    private byte[]? Answer(byte[] query)
    {
        var (name, questionEnd) = ReadName(query, 12);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(questionEnd));
        Zone zone;
        lock (_zones)
            zone = _zones.GetValueOrDefault(name) ?? new Zone(Missing: true);
        if (zone.Silent)
            return null;

        var answers = new List<byte[]>();
        if (type == 15)
            answers.AddRange((zone.Exchanges ?? []).Select(exchange => Record(15, [0, 10, .. EncodeName(exchange)])));
        else if (type == 1 && zone.HasAddress)
            answers.Add(Record(1, [192, 0, 2, 1]));

        var reply = new List<byte>(query[..(questionEnd + 4)]);
        reply[2] = (byte)(0x84 | (query[2] & 0x01)); // response, authoritative, RD copied
        reply[3] = (byte)(zone.Missing ? 3 : 0);      // NXDOMAIN or NOERROR
        reply[4] = 0; reply[5] = 1;                   // one question
        reply[6] = 0; reply[7] = (byte)answers.Count; // answers
        reply[8] = reply[9] = reply[10] = reply[11] = 0;
        foreach (var answer in answers)
            reply.AddRange(answer);
        return [.. reply];
    }

    private static byte[] Record(ushort type, byte[] data)
    {
        var record = new byte[12 + data.Length];
        record[0] = 0xC0; record[1] = 12; // the question's name
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(2), type);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(4), 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(6), 300);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(10), (ushort)data.Length);
        data.CopyTo(record, 12);
        return record;
    }

    private static byte[] EncodeName(string name) =>
        name is "." ? [0] : [.. name.TrimEnd('.').Split('.').SelectMany(label => new[] { (byte)label.Length }.Concat(Encoding.ASCII.GetBytes(label))), 0];

    private static (string Name, int End) ReadName(byte[] message, int offset)
    {
        var labels = new List<string>();
        while (message[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(message, offset + 1, message[offset]));
            offset += message[offset] + 1;
        }
        return (string.Join('.', labels), offset + 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _serving;
        }
        catch (ObjectDisposedException)
        {
            // the socket closed under the pending receive
        }
        _stop.Dispose();
    }
}
