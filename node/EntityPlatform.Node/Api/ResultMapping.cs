using EntityPlatform.Contracts.Wire;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Transport;
using Grpc.Core;

namespace EntityPlatform.Node.Api;

/// <summary>Maps scheduler outcomes onto standard gRPC status codes, with an ErrorInfo reason (docs/grpc.md).</summary>
internal static class ResultMapping
{
    public static RpcException ToException(RequestResult result, PeerDirectory clients) => result.Status switch
    {
        RequestStatus.NotLeader or RequestStatus.Retry => Unavailable(result.Message ?? "not the leader", result.LeaderHint, clients),
        RequestStatus.InvalidArgument => RichErrors.Create(StatusCode.InvalidArgument, result.Message ?? "invalid argument", ErrorReasons.InvalidRequest),
        RequestStatus.NotFound => RichErrors.Create(StatusCode.NotFound, result.Message ?? "not found", ErrorReasons.UnknownEntityType),
        RequestStatus.Overloaded => RichErrors.Create(StatusCode.ResourceExhausted, result.Message ?? "overloaded", ErrorReasons.Overloaded),
        RequestStatus.DeadlineExceeded => RichErrors.Create(StatusCode.DeadlineExceeded, result.Message ?? "deadline exceeded", ErrorReasons.DeadlineExceeded),
        RequestStatus.FailedPrecondition => RichErrors.Create(StatusCode.FailedPrecondition, result.Message ?? "failed precondition", ErrorReasons.FailedPrecondition),
        RequestStatus.SessionExpired => RichErrors.Create(StatusCode.FailedPrecondition, result.Message ?? "session expired", ErrorReasons.SessionExpired),
        _ => RichErrors.Create(StatusCode.Internal, result.Message ?? "internal error", ErrorReasons.Internal),
    };

    /// <summary>UNAVAILABLE with the leader hint smart clients follow (documented in entity.proto).</summary>
    public static RpcException Unavailable(string message, ulong leaderHint, PeerDirectory clients) =>
        RichErrors.Create(StatusCode.Unavailable, message, ErrorReasons.NotLeader, LeaderHints.Of(clients, leaderHint));
}
