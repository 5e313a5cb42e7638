using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// One replica of one Raft group: the public face of the core (etcd's RawNode). Single-threaded and
/// deterministic. The host's loop, per iteration: <see cref="Tick"/> when a tick is due, <see cref="Step"/>
/// each inbound message, then while <see cref="HasReady"/>: take <see cref="GetReady"/>, do what it says
/// in its documented order, and call <see cref="Advance"/>. Nothing else may be called between
/// GetReady and Advance except <see cref="ApplyConfChange"/> for committed conf change entries.
/// </summary>
public sealed class RaftNode
{
    private readonly Raft raft;
    private SoftState previousSoftState;
    private HardState previousHardState;
    private Ready? outstanding;

    /// <summary>Creates or restarts a replica from the state in <see cref="RaftConfig.Storage"/>.</summary>
    /// <exception cref="ArgumentException">The configuration or the stored membership is invalid.</exception>
    public RaftNode(RaftConfig config)
    {
        raft = new Raft(config);
        previousSoftState = raft.SoftState;
        previousHardState = raft.HardState;
    }

    public ulong Id => raft.Id;
    public ulong GroupId => raft.GroupId;
    public StateRole Role => raft.Role;
    public ulong Term => raft.Term;
    public ulong Leader => raft.Leader;
    public bool IsQuiesced => raft.IsQuiesced;
    public bool LeaseValid => raft.LeaseValid;

    /// <summary>Whether this replica is still rejoining (RaftConfig.Rejoining): it neither votes nor campaigns yet.</summary>
    public bool IsRejoining => raft.IsRejoining;

    /// <summary>
    /// Leader: ticks since the newest heartbeat that a quorum acknowledged was sent (0 when it alone is a
    /// quorum); null when there is none this term or since it last quiesced, and on followers. Bounds how
    /// old the leader's knowledge of the newest commit can be (bounded-staleness reads on a leader).
    /// </summary>
    public long? TicksSinceQuorumContact => raft.TicksSinceQuorumContact;

    /// <summary>
    /// Follower: the newest commit index the current leader has reported (appends and heartbeats carry it),
    /// which may be ahead of what this replica can commit yet; 0 when no leader has reported one this term.
    /// Leader: its own commit index. A replica that has applied this far was as fresh as the leader's message.
    /// </summary>
    public ulong LeaderCommit => raft.LeaderCommitReported;

    /// <summary>
    /// Advances the logical clock by one tick. A quiesced replica ignores ticks. <paramref name="elapsedTicks"/>
    /// is how many tick intervals passed on the host's monotonic clock since the last call: 1 normally, more
    /// after a stall (a GC pause, a slow fsync, a stopped process). The leader's lease clock counts them all,
    /// so a lease is never stretched by a stall; the election and heartbeat timers advance by one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elapsedTicks"/> is below 1.</exception>
    public void Tick(int elapsedTicks = 1)
    {
        AssertNoReadyOutstanding();
        ArgumentOutOfRangeException.ThrowIfLessThan(elapsedTicks, 1);
        raft.Tick(elapsedTicks);
    }

    /// <summary>Feeds a message from a peer.</summary>
    /// <exception cref="InvalidMessageException">The message is malformed; nothing changed.</exception>
    public void Step(Message message)
    {
        AssertNoReadyOutstanding();
        var problem = MessageValidator.Validate(message, raft.GroupId, raft.Id);
        if (problem is not null)
        {
            throw new InvalidMessageException($"group {raft.GroupId} replica {raft.Id}: {problem}");
        }

        raft.Step(message);
    }

    /// <summary>Proposes application data. Only the leader appends; a follower forwards unless forwarding is off.</summary>
    public ProposeResult Propose(ReadOnlyMemory<byte> data)
    {
        AssertNoReadyOutstanding();
        return raft.Propose(data);
    }

    /// <summary>
    /// Proposes a membership change. Only the leader takes one; invalid changes are rejected with the reason.
    /// A follower does not forward it (unlike <see cref="Propose"/>): it answers
    /// <see cref="ProposeStatus.NotLeader"/> naming the leader, or <see cref="ProposeStatus.NoLeader"/>.
    /// </summary>
    public ProposeResult ProposeConfChange(ConfChange change)
    {
        AssertNoReadyOutstanding();
        return raft.ProposeConfChange(change);
    }

    /// <summary>
    /// Asks for a read index; the answer arrives as a <see cref="ReadState"/> with the same context in a
    /// later Ready. False when no leader is known or too many reads are pending. An accepted request can
    /// still be dropped silently (the leader changed), so callers time out and retry.
    /// </summary>
    public bool ReadIndex(ulong context, ReadMode mode = ReadMode.Safe)
    {
        AssertNoReadyOutstanding();
        if (context == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(context), "ReadIndex context must be non-zero: 0 means 'no read' on the wire.");
        }

        return raft.RequestReadIndex(context, mode);
    }

    /// <summary>Asks the leader to hand leadership to <paramref name="target"/> (ignored if not a voter).</summary>
    public void TransferLeader(ulong target)
    {
        AssertNoReadyOutstanding();
        raft.RequestLeaderTransfer(target);
    }

    /// <summary>Starts an election now (tests and bootstrap); ignored by leaders and non-voters.</summary>
    public void Campaign()
    {
        AssertNoReadyOutstanding();
        raft.Step(new Message { Type = MessageType.Hup, From = raft.Id, To = raft.Id });
    }

    /// <summary>Applies a committed conf change entry; returns the membership now in force.</summary>
    public ConfState ApplyConfChange(ConfChange change) => raft.ApplyConfChange(change);

    /// <summary>The transport could not reach <paramref name="peer"/>; the leader stops pipelining to it.</summary>
    public void ReportUnreachable(ulong peer)
    {
        AssertNoReadyOutstanding();
        raft.Step(new Message { Type = MessageType.Unreachable, From = peer, To = raft.Id });
    }

    /// <summary>The transport finished (or failed) sending a snapshot to <paramref name="peer"/>.</summary>
    public void ReportSnapshot(ulong peer, bool failed)
    {
        AssertNoReadyOutstanding();
        raft.Step(new Message { Type = MessageType.SnapStatus, From = peer, To = raft.Id, Reject = failed });
    }

    /// <summary>Resumes a quiesced replica, for example when the host suspects the leader's node is down.</summary>
    public void Wake() => raft.Wake();

    public bool HasReady()
    {
        if (outstanding is not null)
        {
            return false;
        }

        return raft.SoftState != previousSoftState ||
            (raft.HardState != previousHardState && !raft.HardState.IsEmpty) ||
            raft.Log.UnstableSnapshot is not null ||
            raft.Log.HasUnstableEntries ||
            raft.Log.HasNextCommittedEntries ||
            raft.Outbox.Count > 0 ||
            raft.ReadStates.Count > 0 ||
            raft.HasPendingBroadcast;
    }

    /// <summary>Collects the work for the application. Call <see cref="Advance"/> once it is done.</summary>
    public Ready GetReady()
    {
        AssertNoReadyOutstanding();
        raft.FlushBroadcasts();
        var hardState = raft.HardState;
        var softState = raft.SoftState;
        var entries = raft.Log.HasUnstableEntries ? raft.Log.UnstableEntries() : [];
        var committed = raft.Log.NextCommittedEntries();
        raft.ReleaseUncommitted(committed);
        var ready = new Ready
        {
            SoftState = softState != previousSoftState ? softState : null,
            HardState = hardState != previousHardState && !hardState.IsEmpty ? hardState : null,
            Snapshot = raft.Log.UnstableSnapshot,
            Entries = entries,
            CommittedEntries = committed,
            Messages = raft.Outbox.Count > 0 ? raft.Outbox.ToArray() : [],
            ReadStates = raft.ReadStates.Count > 0 ? raft.ReadStates.ToArray() : [],
            MustSync = entries.Length > 0 || hardState.Term != previousHardState.Term || hardState.Vote != previousHardState.Vote,
        };
        raft.Outbox.Clear();
        raft.ReadStates.Clear();
        outstanding = ready;
        return ready;
    }

    /// <summary>The application persisted, sent and applied everything in the last Ready.</summary>
    public void Advance()
    {
        var ready = outstanding ?? throw new InvalidOperationException("Advance was called without a Ready from GetReady.");
        outstanding = null;
        if (ready.SoftState is { } softState)
        {
            previousSoftState = softState;
        }

        if (ready.HardState is { } hardState)
        {
            previousHardState = hardState;
        }

        if (ready.Snapshot is { } snapshot)
        {
            raft.Log.StableSnapshotTo(snapshot.Metadata.Index);
            raft.OnApplied(snapshot.Metadata.Index);
        }

        if (ready.Entries.Length > 0)
        {
            var last = ready.Entries[^1];
            raft.Log.StableTo(last.Index, last.Term);
        }

        if (ready.CommittedEntries.Length > 0)
        {
            raft.OnApplied(ready.CommittedEntries[^1].Index);
        }
    }

    public RaftStatus Status()
    {
        var progress = new List<ReplicaProgress>();
        if (raft.Role == StateRole.Leader)
        {
            foreach (var (id, p) in raft.Tracker.Progress)
            {
                progress.Add(new ReplicaProgress(id, p.Match, p.Next, p.State, p.IsLearner, p.RecentActive));
            }
        }

        return new RaftStatus(raft.Id, raft.GroupId, raft.Role, raft.Term, raft.Vote, raft.Leader,
            raft.Log.Committed, raft.Log.Applied, raft.Log.LastIndex, raft.LeadTransferee, raft.IsQuiesced,
            raft.LeaseValid, raft.Tracker.ToConfState(), progress);
    }

    private void AssertNoReadyOutstanding() =>
        Invariant.Assert(outstanding is null, "the previous Ready must be advanced before the group takes more input");
}
