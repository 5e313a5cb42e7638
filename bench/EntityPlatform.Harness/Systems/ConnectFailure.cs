using System.Net.Sockets;

namespace EntityPlatform.Harness.Systems;

/// <summary>A refused connection means the request never reached the server, so it surely did not apply.</summary>
internal static class ConnectFailure
{
    public static bool IsRefused(Exception? error)
    {
        for (var depth = 0; error is not null && depth < 8; depth++, error = error.InnerException)
        {
            if (error is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}
