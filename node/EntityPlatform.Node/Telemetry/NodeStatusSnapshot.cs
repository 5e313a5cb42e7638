using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Telemetry;

/// <summary>
/// The last replica status the node read from its Raft loop, and when (a <see cref="TimeProvider"/> timestamp).
/// /metrics reads this instead of asking the loop, so a scrape never waits on a stalled loop: it answers
/// with the last status, and <c>entityplatform_node_status_age_seconds</c> says how old it is.
/// </summary>
public sealed record NodeStatusSnapshot(IReadOnlyList<ShardReplicaStatus> Replicas, long PlacementVersion, long TakenTimestamp);
