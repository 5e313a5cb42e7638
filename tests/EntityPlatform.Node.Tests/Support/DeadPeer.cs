using System.Net;
using System.Net.Sockets;

namespace EntityPlatform.Node.Tests.Support;

/// <summary>
/// A 127.0.0.1 address where a peer is down: the port is bound (so no other test's server can take it)
/// but never listens, so every connect is refused at once.
/// </summary>
public sealed class DeadPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DeadPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}");
    }

    public Uri Endpoint { get; }

    public void Dispose() => _socket.Dispose();
}
