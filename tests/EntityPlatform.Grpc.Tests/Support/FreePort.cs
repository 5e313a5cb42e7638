using System.Net;
using System.Net.Sockets;

namespace EntityPlatform.Grpc.Tests.Support;

public static class FreePort
{
    /// <summary>A port free on 127.0.0.1 right now (the OS picks it), for processes that need it on the command line.</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
