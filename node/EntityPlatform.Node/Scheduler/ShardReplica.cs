using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Raft;
using EntityPlatform.Node.Scheduler.Requests;
using EntityPlatform.Node.Shards;
using EntityPlatform.Storage.Engine;

namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// This node's replica of one shard: the Raft group member, the shard's state machine, and the client
/// work waiting on it. Touched only by the scheduler's loop thread.
/// </summary>
internal sealed class ShardReplica(ShardId shard, ulong groupId, RaftNode raft, GroupLogView log, ShardStateMachine machine)
{
    public ShardId Shard { get; } = shard;
    public ulong GroupId { get; } = groupId;
    public RaftNode Raft { get; set; } = raft;
    public GroupLogView Log { get; } = log;
    public ShardStateMachine Machine { get; } = machine;
    public ConfState ConfState { get; set; } = ConfState.Empty;

    /// <summary>Index of the newest local snapshot; the log before it is compacted.</summary>
    public ulong SnapshotIndex { get; set; }

    /// <summary>Leader only: the index of this term's first entry; no command is decided before it is applied.</summary>
    public ulong TermStartIndex { get; set; } = ulong.MaxValue;

    /// <summary>Per entity, the commands waiting their turn (one in flight at a time).</summary>
    public Dictionary<string, Queue<CommandRequest>> Mailboxes { get; } = new(StringComparer.Ordinal);

    /// <summary>Entities with a command proposed and not yet applied.</summary>
    public HashSet<string> InFlight { get; } = new(StringComparer.Ordinal);

    /// <summary>Proposed commands by log index, with the term they were proposed in.</summary>
    public Dictionary<ulong, (ulong Term, CommandRequest Request)> Proposed { get; } = [];

    public int QueuedCommands { get; set; }

    /// <summary>ReadIndex requests by context, waiting for their read index.</summary>
    public Dictionary<ulong, QueryRequest> ReadsAwaitingIndex { get; } = [];

    /// <summary>Reads whose read index is known, waiting for the state machine to apply that far.</summary>
    public List<(ulong Index, QueryRequest Request)> ReadsAwaitingApply { get; } = [];

    /// <summary>When this replica last heard from its leader (or became the leader): a monotonic timestamp of the scheduler's clock, for replica clean-up.</summary>
    public long LeaderContactTimestamp { get; set; }

    /// <summary>Follower: how fresh its applied state is known to be, for bounded-staleness reads.</summary>
    public FollowerFreshness Freshness { get; } = new();

    public bool IsLeader => Raft.Role == StateRole.Leader;

    /// <summary>Whether a leader may decide commands: everything committed before its term has been applied.</summary>
    public bool ReadyToDecide => IsLeader && Machine.AppliedIndex >= TermStartIndex;
}
