using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// Everything a group needs the application to do, in this order. Each field states the caller's
/// obligation; getting the order wrong loses acknowledged data or breaks the one-vote-per-term rule.
/// After doing all of it, call <see cref="RaftNode.Advance"/>.
/// </summary>
public sealed class Ready
{
    /// <summary>Changed leader or role, for routing and metrics. Not persisted. Null when unchanged.</summary>
    public SoftState? SoftState { get; init; }

    /// <summary>
    /// Persist BEFORE sending <see cref="Messages"/>: term and vote must be durable before any vote or
    /// append response leaves. Null when unchanged.
    /// </summary>
    public HardState? HardState { get; init; }

    /// <summary>
    /// Install and persist BEFORE applying anything else: the state machine is replaced by this snapshot and
    /// the log restarts after its index. Null when none arrived.
    /// </summary>
    public Snapshot? Snapshot { get; init; }

    /// <summary>
    /// Append to stable storage BEFORE sending <see cref="Messages"/>. The first entry's index may be at or
    /// below the stored last index: then the stored tail from that index on is discarded (a new leader
    /// overwrote it), and it must never reappear after a restart.
    /// </summary>
    public Entry[] Entries { get; init; } = [];

    /// <summary>
    /// Apply to the state machine, in order, AFTER persisting <see cref="Entries"/> (some of them may be
    /// among those entries). Conf change entries are applied by calling <see cref="RaftNode.ApplyConfChange"/>.
    /// </summary>
    public Entry[] CommittedEntries { get; init; } = [];

    /// <summary>Send AFTER persisting <see cref="HardState"/>, <see cref="Snapshot"/> and <see cref="Entries"/>. Order per peer matters little: Raft tolerates loss and reordering.</summary>
    public IReadOnlyList<Message> Messages { get; init; } = [];

    /// <summary>
    /// Reads that may be served once the state machine has applied up to each one's index. They are
    /// answered only after every write acknowledged before the read was requested.
    /// </summary>
    public IReadOnlyList<ReadState> ReadStates { get; init; } = [];

    /// <summary>Whether <see cref="HardState"/>/<see cref="Entries"/> must be fsynced, not just written (a commit-index-only change need not).</summary>
    public bool MustSync { get; init; }
}
