namespace EntityPlatform.Projections.Checkpoints;

/// <summary>
/// The event source skipped offsets in a shard (offsets are dense, so a skip means lost events). The host
/// applies nothing past the gap and resubscribes from its checkpoints.
/// </summary>
public sealed class EventGapException(uint shardId, ulong expectedOffset, ulong receivedOffset)
    : Exception($"event source skipped offsets in shard {shardId}: expected offset {expectedOffset}, received {receivedOffset}")
{
    public uint ShardId { get; } = shardId;

    public ulong ExpectedOffset { get; } = expectedOffset;

    public ulong ReceivedOffset { get; } = receivedOffset;
}
