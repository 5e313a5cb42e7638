using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    private readonly ReadOnlyQueue reads;

    // Reads that arrived before this leader committed an entry of its own term: until then its commit
    // index may be behind the previous leader's, so answering would be stale (§6.4 of the Raft thesis).
    private readonly List<(ulong From, ulong Context, ReadMode Mode)> readsWaitingForCommit = [];

    private bool readBroadcastPending;

    // Per voter, the latest leader tick whose heartbeat it acknowledged (tick + 0; 0 means none yet).
    private readonly Dictionary<ulong, ulong> leaseAckTicks = [];

    // Acknowledgements of heartbeats sent before this leader tick do not count toward the lease. Raised when a
    // quiesced leader wakes: its clock stood still while it slept, so an old heartbeat's tick would claim
    // that it was sent a moment ago (see RestartLeaseAfterSleep).
    private long leaseFloorTick;

    // Set once this leader sends TimeoutNow: the target may win with votes from replicas still inside
    // our lease, so no lease read is safe for the rest of this term.
    private bool leaseRevoked;

    /// <summary>Requests a read index for <paramref name="context"/>. False when it cannot be served now.</summary>
    public bool RequestReadIndex(ulong context, ReadMode mode)
    {
        if (Role == StateRole.Leader)
        {
            return HandleReadIndexRequest(Id, context, mode);
        }

        if (Leader == None)
        {
            return false;
        }

        Send(new Message { Type = MessageType.ReadIndex, To = Leader, Context = context });
        return true;
    }

    private bool HandleReadIndexRequest(ulong from, ulong context, ReadMode mode)
    {
        if (IsVoteQuorum([]))
        {
            // This leader alone is a quorum, so nobody else can lead. (Not merely "one voter": a removed
            // leader handing over leadership is not that voter, and must confirm like anyone else.)
            AnswerRead(from, context, Log.Committed);
            return true;
        }

        if (Log.TermOrZero(Log.Committed) != Term)
        {
            if (readsWaitingForCommit.Count >= config.MaxPendingReads)
            {
                return false;
            }

            readsWaitingForCommit.Add((from, context, mode));
            return true;
        }

        if (mode == ReadMode.Lease && LeaseValid)
        {
            AnswerRead(from, context, Log.Committed);
            return true;
        }

        if (!reads.TryAdd(from, context, Log.Committed))
        {
            return false;
        }

        readBroadcastPending = true;
        return true;
    }

    private void AnswerRead(ulong from, ulong context, ulong index)
    {
        if (from == Id)
        {
            ReadStates.Add(new ReadState(context, index));
        }
        else
        {
            Send(new Message { Type = MessageType.ReadIndexResp, To = from, Context = context, Index = index });
        }
    }

    private void ReleaseReadsWaitingForCommit()
    {
        if (readsWaitingForCommit.Count == 0 || Log.TermOrZero(Log.Committed) != Term)
        {
            return;
        }

        var waiting = readsWaitingForCommit.ToArray();
        readsWaitingForCommit.Clear();
        foreach (var (from, context, mode) in waiting)
        {
            HandleReadIndexRequest(from, context, mode);
        }
    }

    /// <summary>Sends one heartbeat round for every read that joined since the last round.</summary>
    private void FlushReadBroadcast()
    {
        if (!readBroadcastPending)
        {
            return;
        }

        readBroadcastPending = false;
        if (Role != StateRole.Leader || !reads.HasOpenRequests)
        {
            return;
        }

        var round = SealReadRound();
        foreach (var (id, _) in Tracker.Progress)
        {
            if (id != Id)
            {
                SendHeartbeat(id, round);
            }
        }
    }

    /// <summary>Closes the open read round; the leader's own acknowledgement counts at once.</summary>
    private ulong SealReadRound()
    {
        readBroadcastPending = false;
        var round = reads.SealRound();
        ConfirmReadRound(Id, round);
        return round;
    }

    private void ConfirmReadRound(ulong from, ulong round)
    {
        reads.Ack(round, from);
        var confirmed = reads.NewestConfirmedRound(IsVoteQuorum);
        if (confirmed == 0)
        {
            return;
        }

        foreach (var read in reads.ReleaseThrough(confirmed))
        {
            AnswerRead(read.From, read.Context, read.Index);
        }
    }

    private bool IsVoteQuorum(HashSet<ulong> acks)
    {
        var votes = new Dictionary<ulong, bool>();
        foreach (var id in acks)
        {
            votes[id] = true;
        }

        votes[Id] = true;
        return Tracker.Config.Voters.GetVoteResult(votes) == Quorum.VoteResult.Won;
    }

    private void RecordLeaseAck(ulong from, long sentAtTick)
    {
        if (sentAtTick <= 0 || sentAtTick < leaseFloorTick)
        {
            return;
        }

        if (!leaseAckTicks.TryGetValue(from, out var known) || (ulong)sentAtTick > known)
        {
            leaseAckTicks[from] = (ulong)sentAtTick;
        }
    }

    /// <summary>
    /// The lease holds while fewer than <c>ElectionTicks - MaxClockDriftTicks</c> ticks have passed since
    /// the newest heartbeat that a quorum acknowledged was sent. Followers that acknowledged it refuse votes
    /// for an election timeout of their own ticks, so no other leader can be elected before the lease ends.
    /// The leader's ticks count every tick interval that passed (see <see cref="Tick"/>), so a stall of the
    /// host only shortens the lease; the host brings ticks up to date before it asks.
    /// </summary>
    public bool LeaseValid
    {
        get
        {
            if (Role != StateRole.Leader || !config.CheckQuorum || leaseRevoked || leadTransferee != None || quiescing || quiesced)
            {
                return false;
            }

            var quorumTick = QuorumAcknowledgedTick();
            return quorumTick > 0 && leaderTicks < (long)quorumTick + config.ElectionTicks - config.MaxClockDriftTicks;
        }
    }

    /// <summary>
    /// Leader: leader ticks since the newest heartbeat that a quorum acknowledged was sent (0 when this leader
    /// alone is a quorum); null when no such heartbeat exists in this term, or since the group last quiesced.
    /// What a leader knows to be committed was the newest committed state of the group at that moment.
    /// </summary>
    public long? TicksSinceQuorumContact
    {
        get
        {
            if (Role != StateRole.Leader)
            {
                return null;
            }

            if (IsVoteQuorum([]))
            {
                return 0;
            }

            var quorumTick = QuorumAcknowledgedTick();
            return quorumTick == 0 ? null : leaderTicks - (long)quorumTick;
        }
    }

    private ulong QuorumAcknowledgedTick() =>
        Tracker.Config.Voters.CommittedIndex(new LeaseAckIndexer(leaseAckTicks, Id, (ulong)Math.Max(leaderTicks, 1)));

    /// <summary>
    /// A quiesced leader wakes with no lease. Its ticks stood still while it slept, and meanwhile it may have
    /// been deposed, so no heartbeat sent before now may count: the lease starts again from heartbeats sent
    /// after the wake (they carry a tick no earlier heartbeat carries) once a quorum acknowledges them.
    /// </summary>
    private void RestartLeaseAfterSleep()
    {
        leaseAckTicks.Clear();
        leaderTicks++;
        leaseFloorTick = leaderTicks;
    }

    private void ResetLease()
    {
        leaseAckTicks.Clear();
        leaseRevoked = false;
        leaderTicks = 0;
        leaseFloorTick = 0;
        snapshotSentAtTick.Clear();
        readsWaitingForCommit.Clear();
        readBroadcastPending = false;
    }

    /// <summary>Presents lease acknowledgements as "acked indexes" so the quorum math picks the quorum tick; the leader acks now.</summary>
    private sealed class LeaseAckIndexer(Dictionary<ulong, ulong> ticks, ulong leaderId, ulong nowTick) : Quorum.IAckedIndexer
    {
        public bool TryGetAckedIndex(ulong voterId, out ulong index)
        {
            if (voterId == leaderId)
            {
                index = nowTick;
                return true;
            }

            return ticks.TryGetValue(voterId, out index);
        }
    }
}
