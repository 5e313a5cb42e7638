namespace EntityPlatform.Storage.Identity;

/// <summary>
/// Which cluster and which node a data directory belongs to, and when it was first used (issue 12, item 11).
/// A directory that holds a marker is never taken for an empty one, and a directory moved to the wrong node
/// or cluster is refused instead of silently serving someone else's replicas.
/// </summary>
/// <param name="ClusterId">The cluster file's <c>clusterId</c>; null when the cluster file named none.</param>
/// <param name="NodeId">The node id the directory was created for.</param>
/// <param name="CreatedAtUtc">When the marker was first written.</param>
public sealed record NodeIdentity(string? ClusterId, ulong NodeId, DateTimeOffset CreatedAtUtc);
