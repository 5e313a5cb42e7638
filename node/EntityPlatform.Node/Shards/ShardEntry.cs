namespace EntityPlatform.Node.Shards;

/// <summary>
/// One decided command as it sits in a shard's Raft log. The leader decides; every replica applies the
/// recorded events, so Decide never runs twice for one entry. (SessionId, RequestId) make retries safe:
/// a replica applies an entry only if its request id is newer than the session's last one.
/// </summary>
public sealed record ShardEntry(
    ShardEntryKind Kind,
    string EntityType,
    string EntityId,
    Guid SessionId,
    ulong RequestId,
    IReadOnlyList<byte[]> Events,
    string? Rejection)
{
    /// <summary>Commands without a session (SessionId empty) are not deduplicated.</summary>
    public bool IsDeduplicated => SessionId != Guid.Empty;
}
