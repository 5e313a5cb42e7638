using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Node.Transport;

/// <summary>
/// Sends Raft messages to other nodes. <see cref="Send"/> never blocks the scheduler loop: messages go to a
/// bounded per-peer queue drained by a background sender.
/// Events are raised on transport threads, never from inside <see cref="Send"/>; handlers must be quick and
/// thread-safe (post to the scheduler loop rather than touching a RaftNode directly).
/// </summary>
public interface IPeerTransport : IAsyncDisposable
{
    /// <summary>
    /// Queues <paramref name="messages"/> for <paramref name="toNode"/>. Call only after the Ready that
    /// produced them is persisted. Best effort: a full queue drops messages, as Raft allows.
    /// </summary>
    void Send(ulong toNode, IReadOnlyList<Message> messages);

    /// <summary>
    /// Queues an empty liveness probe for <paramref name="toNode"/>: a frame with no messages (or nothing
    /// extra when other messages are waiting, since any frame proves the sender alive). The scheduler calls it
    /// from its loop every heartbeat interval, so a node whose loop stopped stops probing. Never blocks.
    /// </summary>
    void Probe(ulong toNode);

    /// <summary>A peer could not be reached (connect failure or stream error).</summary>
    event Action<ulong>? PeerUnreachable;

    /// <summary>A snapshot transfer finished: (toNode, groupId, failed).</summary>
    event Action<ulong, ulong, bool>? SnapshotSent;
}
