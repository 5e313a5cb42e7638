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

    /// <summary>
    /// The command's client session expired from the shard's dedup table (or is older than its expiry
    /// watermark): the command was not applied now, and the client must continue with a new session.
    /// </summary>
    SessionExpired,
    Internal,
}
