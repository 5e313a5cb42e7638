using EntityPlatform.Consensus.Log;

namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// Settings of one replica of one group. All durations are in ticks: the host decides how long a tick is
/// (the node uses 10 ms), which keeps the core free of clocks.
/// </summary>
public sealed class RaftConfig
{
    /// <summary>This replica's id; never 0.</summary>
    public required ulong Id { get; init; }

    /// <summary>The group (shard) this replica belongs to; stamped on every message.</summary>
    public ulong GroupId { get; init; }

    /// <summary>The persisted log. The core only reads it.</summary>
    public required IRaftLogStorage Storage { get; init; }

    /// <summary>The last index the application has applied (on restart); 0 for a new replica.</summary>
    public ulong Applied { get; init; }

    /// <summary>Seed for the election-timeout randomness; the simulator sets it, the node derives it.</summary>
    public ulong RandomSeed { get; init; } = 1;

    /// <summary>Ticks without hearing from a leader before a follower campaigns (randomized up to twice this).</summary>
    public int ElectionTicks { get; init; } = 10;

    /// <summary>Ticks between leader heartbeats; must be less than <see cref="ElectionTicks"/>.</summary>
    public int HeartbeatTicks { get; init; } = 1;

    /// <summary>Leader steps down when it has not heard from a quorum within an election timeout.</summary>
    public bool CheckQuorum { get; init; } = true;

    /// <summary>A candidate first asks whether it could win, so a partitioned replica cannot disrupt the group.</summary>
    public bool PreVote { get; init; } = true;

    /// <summary>Upper bound on the entry bytes in one append message.</summary>
    public ulong MaxSizePerMessageBytes { get; init; } = 1 << 20;

    /// <summary>Append messages in flight per follower (pipelining window by count).</summary>
    public int MaxInflightMessages { get; init; } = 256;

    /// <summary>Entry bytes in flight per follower (pipelining window by bytes).</summary>
    public ulong MaxInflightBytes { get; init; } = 64UL << 20;

    /// <summary>Proposals are refused while this many uncommitted entry bytes are in the leader's log.</summary>
    public ulong MaxUncommittedEntriesBytes { get; init; } = 256UL << 20;

    /// <summary>Upper bound on the committed-entry bytes handed out in one Ready.</summary>
    public ulong MaxCommittedBytesPerReady { get; init; } = 16UL << 20;

    /// <summary>Pending ReadIndex requests a leader holds; more are refused.</summary>
    public int MaxPendingReads { get; init; } = 4096;

    /// <summary>
    /// For lease reads: how many ticks a follower's clock may run ahead of the leader's during one election
    /// timeout. The lease lasts <c>ElectionTicks - MaxClockDriftTicks</c> ticks from the heartbeat that a quorum
    /// acknowledged, because a follower that heard that heartbeat refuses votes for ElectionTicks of its own ticks.
    /// </summary>
    public int MaxClockDriftTicks { get; init; } = 2;

    /// <summary>
    /// A leader that has been idle (nothing to send, every replica caught up) for this many ticks quiesces the
    /// group: no heartbeats and no election ticks until traffic. 0 disables quiescing.
    /// </summary>
    public int QuiesceAfterIdleTicks { get; init; } = 0;

    /// <summary>
    /// This replica lost its durable state (its disk was wiped) and is rejoining. It may have acknowledged
    /// entries and cast votes that it no longer remembers, so it neither votes nor campaigns until it has
    /// caught up with a leader; counting it before then could lose committed entries or elect two leaders.
    /// </summary>
    public bool Rejoining { get; init; }

    /// <summary>Followers refuse to forward proposals to the leader (the router forwards instead).</summary>
    public bool DisableProposalForwarding { get; init; }

    /// <summary>Returns null when the configuration is usable, else a sentence naming the bad setting.</summary>
    public string? Validate()
    {
        if (Id == 0)
        {
            return "Id is 0; replica ids start at 1";
        }

        if (HeartbeatTicks <= 0)
        {
            return $"HeartbeatTicks is {HeartbeatTicks}; expected at least 1";
        }

        if (ElectionTicks <= HeartbeatTicks)
        {
            return $"ElectionTicks is {ElectionTicks}; expected more than HeartbeatTicks ({HeartbeatTicks})";
        }

        if (MaxInflightMessages <= 0 || MaxInflightBytes == 0)
        {
            return $"MaxInflightMessages ({MaxInflightMessages}) and MaxInflightBytes ({MaxInflightBytes}) must be positive";
        }

        if (MaxClockDriftTicks < 0 || MaxClockDriftTicks >= ElectionTicks)
        {
            return $"MaxClockDriftTicks is {MaxClockDriftTicks}; expected 0..{ElectionTicks - 1} (below ElectionTicks)";
        }

        if (MaxPendingReads <= 0)
        {
            return $"MaxPendingReads is {MaxPendingReads}; expected at least 1";
        }

        if (QuiesceAfterIdleTicks < 0)
        {
            return $"QuiesceAfterIdleTicks is {QuiesceAfterIdleTicks}; expected 0 (off) or more";
        }

        return null;
    }
}
