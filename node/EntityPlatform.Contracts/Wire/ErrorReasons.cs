namespace EntityPlatform.Contracts.Wire;

/// <summary>
/// The google.rpc.ErrorInfo reasons a node attaches to failed calls (docs/grpc.md has the table). The
/// status code stays the contract; the reason only tells apart causes that share a code. Each reason is sent
/// twice: as the ErrorInfo reason and in the <see cref="ApiMetadata.ErrorReason"/> trailer, for clients
/// that do not decode <c>grpc-status-details-bin</c>.
/// </summary>
public static class ErrorReasons
{
    /// <summary>UNAVAILABLE: this node is not the shard's leader; the LeaderHint detail names the one it believes in (maybe none).</summary>
    public const string NotLeader = "NOT_LEADER";

    /// <summary>
    /// UNAVAILABLE: this node is up and forwarded the call to the shard's leader, but the leader did not
    /// answer. Unlike a connection error to the node called, the node called is alive.
    /// </summary>
    public const string LeaderUnreachable = "LEADER_UNREACHABLE";

    /// <summary>INVALID_ARGUMENT: a field of the request is malformed or over a limit; the message names it.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>NOT_FOUND: the entity type is not hosted by this cluster.</summary>
    public const string UnknownEntityType = "UNKNOWN_ENTITY_TYPE";

    /// <summary>RESOURCE_EXHAUSTED: the shard's queue is full; retry with backoff.</summary>
    public const string Overloaded = "OVERLOADED";

    /// <summary>DEADLINE_EXCEEDED: the call's deadline passed on the node.</summary>
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";

    /// <summary>FAILED_PRECONDITION: the request conflicts with the node's state; the message says how.</summary>
    public const string FailedPrecondition = "FAILED_PRECONDITION";

    /// <summary>
    /// FAILED_PRECONDITION: the client session expired on the shard (its dedup entry was dropped); the
    /// command was not applied now. Start a new session and resend.
    /// </summary>
    public const string SessionExpired = "SESSION_EXPIRED";

    /// <summary>ABORTED: a sessionless command's outcome is unknown and it cannot be retried safely.</summary>
    public const string OutcomeUnknown = "OUTCOME_UNKNOWN";

    /// <summary>INTERNAL: a bug or an unexpected failure on the node.</summary>
    public const string Internal = "INTERNAL";

    /// <summary>OUT_OF_RANGE (Subscribe): the offset is below what retention kept; metadata oldest_offset names the oldest kept.</summary>
    public const string EventsBehindRetention = "EVENTS_BEHIND_RETENTION";

    /// <summary>UNAVAILABLE (Subscribe): this replica started from a snapshot after the offset (metadata oldest_offset); another replica may have it.</summary>
    public const string EventsNotOnReplica = "EVENTS_NOT_ON_REPLICA";

    /// <summary>UNAVAILABLE (Subscribe): this node hosts no replica of the shard (or it stopped); subscribe on a node that does.</summary>
    public const string EventsNotHosted = "EVENTS_NOT_HOSTED";

    /// <summary>RESOURCE_EXHAUSTED (Subscribe): the node serves its maximum number of subscriptions.</summary>
    public const string TooManySubscribers = "TOO_MANY_SUBSCRIBERS";
}
