using EntityPlatform.Consensus.Messages;
using EntityPlatform.Storage.Snapshots;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The node's snapshot source: the snapshot files of its <see cref="SnapshotStore"/>. Every chunk read is
/// checked against the file's own CRC before it is sent, so a damaged local file fails the upload (naming
/// file and offset) instead of reaching a follower.
/// </summary>
public sealed class SnapshotStoreChunkSource(SnapshotStore store) : ISnapshotChunkSource
{
    public SnapshotUpload Open(ulong groupId, SnapshotMetadata metadata) => new FileSnapshotUpload(store, groupId, metadata);
}
