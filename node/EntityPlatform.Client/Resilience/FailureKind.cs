namespace EntityPlatform.Client.Resilience;

/// <summary>What one failed attempt means for the call, the leader map and the node's circuit.</summary>
internal enum FailureKind
{
    /// <summary>UNAVAILABLE with an ep-leader-hint trailer: the node is alive but does not lead the shard. Retry at the hinted leader.</summary>
    NotLeader,

    /// <summary>The node could not be reached, or the connection broke mid-call. Retry elsewhere; counts against the node's circuit.</summary>
    Unreachable,

    /// <summary>The attempt's own deadline passed (the call's is not yet spent). Retry; counts against the node's circuit.</summary>
    AttemptTimeout,

    /// <summary>RESOURCE_EXHAUSTED: the shard or node is overloaded. Retry after backoff; the node itself is fine.</summary>
    Overloaded,

    /// <summary>The node's circuit is open, so the attempt was not sent. Retry at another node.</summary>
    CircuitOpen,

    /// <summary>The caller's token was cancelled. Never retried.</summary>
    Cancelled,

    /// <summary>An answer that a retry cannot change: INVALID_ARGUMENT, NOT_FOUND, FAILED_PRECONDITION, INTERNAL, …</summary>
    Fatal,
}
