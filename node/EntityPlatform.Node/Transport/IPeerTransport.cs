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

    /// <summary>A peer could not be reached (connect failure or stream error).</summary>
    event Action<ulong>? PeerUnreachable;

    /// <summary>A snapshot transfer finished: (toNode, groupId, failed).</summary>
    event Action<ulong, ulong, bool>? SnapshotSent;
}
