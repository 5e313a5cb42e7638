namespace EntityPlatform.Node.Scheduler.Requests;

/// <summary>How a client request ended, mapped by the API layer onto gRPC status codes.</summary>
public enum RequestStatus
{
    Ok,
    Rejected,

    /// <summary>This node does not lead the shard; <see cref="RequestResult.LeaderHint"/> names who might.</summary>
    NotLeader,

    /// <summary>Leadership changed before the command committed; retrying with the same request id is safe.</summary>
    Retry,
    InvalidArgument,
    NotFound,
    Overloaded,
    DeadlineExceeded,
    FailedPrecondition,
    Internal,
}
