using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// The sending side's source of snapshot bytes: the wire code asks it for the snapshot a MSG_SNAP names
/// and streams what it yields, chunk by chunk, so no snapshot is ever held whole in memory. The node's
/// source reads the snapshot file (<see cref="SnapshotStoreChunkSource"/>); without one, the data the
/// message carries inline is sent (<see cref="InlineSnapshotUpload"/>, for tests and small tools).
/// Called on the uploader's thread, never on the scheduler loop.
/// </summary>
public interface ISnapshotChunkSource
{
    /// <summary>
    /// Opens the snapshot of <paramref name="groupId"/> at <paramref name="metadata"/> for one upload.
    /// Throws when it is gone (a newer snapshot replaced it): the upload then fails, the leader hears so
    /// through SnapshotSent, and Raft sends the newer snapshot.
    /// </summary>
    SnapshotUpload Open(ulong groupId, SnapshotMetadata metadata);
}
