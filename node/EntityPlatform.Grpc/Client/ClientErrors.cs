using System.Net.Http;
using EntityPlatform.Grpc.Status;

namespace EntityPlatform.Grpc.Client;

/// <summary>Turns transport failures into the one exception type callers handle.</summary>
internal static class ClientErrors
{
    public static GrpcCallException Map(Exception exception, bool deadlineExpired, CancellationToken userToken)
    {
        if (exception is GrpcCallException call)
        {
            return call;
        }
        if (deadlineExpired)
        {
            return new GrpcCallException(StatusCode.DeadlineExceeded, "Deadline exceeded.", inner: exception);
        }
        if (userToken.IsCancellationRequested || exception is OperationCanceledException)
        {
            return new GrpcCallException(StatusCode.Cancelled, "The call was cancelled.", inner: exception);
        }
        if (Find<HttpProtocolException>(exception) is { } reset)
        {
            return new GrpcCallException(FromResetCode(reset.ErrorCode), $"The stream was reset by the server (HTTP/2 error {reset.ErrorCode}).", inner: exception);
        }
        if (exception is HttpRequestException or IOException)
        {
            return new GrpcCallException(StatusCode.Unavailable, "Connection error: " + exception.Message, inner: exception);
        }
        return new GrpcCallException(StatusCode.Internal, "Unexpected client failure: " + exception.Message, inner: exception);
    }

    /// <summary>The spec's mapping of RST_STREAM error codes to statuses (PROTOCOL-HTTP2.md).</summary>
    private static StatusCode FromResetCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: safe to retry
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }
        return null;
    }
}
