using EntityPlatform.Grpc.Metadata;

namespace EntityPlatform.Grpc.Status;

/// <summary>
/// The one exception type of the wire layer. On the client every failed call surfaces as this, carrying
/// the status and the trailers the server sent. On the server a handler throws it to end the call with
/// that status; <see cref="Trailers"/> are then sent to the client (for example a leader hint).
/// </summary>
public sealed class GrpcCallException : Exception
{
    public GrpcCallException(StatusCode statusCode, string detail, GrpcMetadata? trailers = null, Exception? inner = null)
        : base($"gRPC call failed: {statusCode}{(detail.Length == 0 ? "" : ": " + detail)}", inner)
    {
        StatusCode = statusCode;
        Detail = detail;
        Trailers = trailers ?? new GrpcMetadata();
    }

    public StatusCode StatusCode { get; }

    /// <summary>The decoded <c>grpc-message</c> (may be empty).</summary>
    public string Detail { get; }

    /// <summary>Trailing metadata: received from the server (client side) or to be sent (server side).</summary>
    public GrpcMetadata Trailers { get; }

    public GrpcStatus Status => new(StatusCode, Detail);
}
