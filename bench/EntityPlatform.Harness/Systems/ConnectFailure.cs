using System.Net.Sockets;
using Grpc.Core;

namespace EntityPlatform.Harness.Systems;

/// <summary>A refused connection means the request never reached the server, so it surely did not apply.</summary>
internal static class ConnectFailure
{
    public static bool IsRefused(Exception? error)
    {
        // Grpc.Net.Client keeps the transport error in the status's DebugException, not in InnerException.
        for (var depth = 0; error is not null && depth < 8; depth++, error = error is RpcException rpc ? rpc.Status.DebugException : error.InnerException)
        {
            if (error is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}
