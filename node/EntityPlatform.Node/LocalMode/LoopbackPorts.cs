using System.Net;
using System.Net.Sockets;

namespace EntityPlatform.Node.LocalMode;

/// <summary>
/// Picks listening ports on 127.0.0.1 for node processes started later. Asking the OS for port 0 hands
/// out a port from the ephemeral range, which outgoing connections on this machine (including the
/// nodes' own peer dials) draw from too: between the pick and the node's bind, a connection can take
/// it and the node fails with "address already in use". So ports come from below the ephemeral range,
/// chosen at random, checked bindable, and never handed out twice by this process.
/// </summary>
public static class LoopbackPorts
{
    private const int LowestPort = 10_000;
    private const int MaxAttempts = 200;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    public static int Pick()
    {
        var ceiling = EphemeralRangeStart();
        lock (Gate)
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, ceiling);
                if (!HandedOut.Contains(port) && IsBindable(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        // Every attempt collided: fall back to the OS's choice rather than fail the caller.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsBindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of Linux's ephemeral range (32768 by default); elsewhere the IANA range's 49152.</summary>
    private static int EphemeralRangeStart()
    {
        const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        try
        {
            var first = File.ReadAllText(RangeFile).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            return int.TryParse(first, out var start) && start > LowestPort + 1_000 ? start : 49_152;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return 49_152;
        }
    }
}
