namespace EntityPlatform.Consensus.Raft;

/// <summary>What happened to a proposal.</summary>
public enum ProposeStatus : byte
{
    /// <summary>Appended to the leader's log at the returned index and term (not yet committed).</summary>
    Appended = 0,

    /// <summary>
    /// Forwarded to the leader (only <see cref="RaftNode.Propose"/> forwards); the caller learns the outcome by
    /// watching applied entries, and a forwarded proposal may be lost without notice.
    /// </summary>
    Forwarded = 1,

    /// <summary>No leader is known, or this replica may not forward; retry after a leader is elected.</summary>
    NoLeader = 2,

    /// <summary>Leadership is being transferred; proposals pause until it completes or aborts.</summary>
    TransferInProgress = 3,

    /// <summary>Too many uncommitted bytes are in flight; back off (flow control).</summary>
    Overloaded = 4,

    /// <summary>The proposal is invalid here; <see cref="ProposeResult.Error"/> says why.</summary>
    Rejected = 5,

    /// <summary>
    /// This replica is not the leader and sent nothing (<see cref="RaftNode.ProposeConfChange"/> on a follower):
    /// propose on <see cref="ProposeResult.LeaderHint"/>.
    /// </summary>
    NotLeader = 6,
}
