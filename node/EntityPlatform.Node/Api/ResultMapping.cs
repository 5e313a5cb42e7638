using EntityPlatform.Grpc.Api;
using EntityPlatform.Grpc.Metadata;
using EntityPlatform.Grpc.Status;
using EntityPlatform.Node.Transport;
using EntityPlatform.Node.Scheduler.Requests;

namespace EntityPlatform.Node.Api;

/// <summary>Maps scheduler outcomes onto standard gRPC status codes.</summary>
internal static class ResultMapping
{
    public static GrpcCallException ToException(RequestResult result, PeerDirectory directory) => result.Status switch
    {
        RequestStatus.NotLeader or RequestStatus.Retry => Unavailable(result.Message ?? "not the leader", result.LeaderHint, directory),
        RequestStatus.InvalidArgument => new GrpcCallException(StatusCode.InvalidArgument, result.Message ?? "invalid argument"),
        RequestStatus.NotFound => new GrpcCallException(StatusCode.NotFound, result.Message ?? "not found"),
        RequestStatus.Overloaded => new GrpcCallException(StatusCode.ResourceExhausted, result.Message ?? "overloaded"),
        RequestStatus.DeadlineExceeded => new GrpcCallException(StatusCode.DeadlineExceeded, result.Message ?? "deadline exceeded"),
        RequestStatus.FailedPrecondition => new GrpcCallException(StatusCode.FailedPrecondition, result.Message ?? "failed precondition"),
        RequestStatus.SessionExpired => new GrpcCallException(StatusCode.FailedPrecondition, result.Message ?? "session expired",
            new GrpcMetadata().Add(ApiErrorReasons.Header, ApiErrorReasons.SessionExpired)),
        _ => new GrpcCallException(StatusCode.Internal, result.Message ?? "internal error"),
    };

    /// <summary>UNAVAILABLE with the leader hint smart clients follow (documented in entity.proto).</summary>
    public static GrpcCallException Unavailable(string message, ulong leaderHint, PeerDirectory directory)
    {
        var trailers = new GrpcMetadata().Add(ApiMetadata.LeaderHint, LeaderHints.Format(directory, leaderHint));
        return new GrpcCallException(StatusCode.Unavailable, message, trailers);
    }
}
