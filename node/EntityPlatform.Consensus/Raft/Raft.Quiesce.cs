using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

/// <summary>
/// Quiescing lets thousands of idle groups cost nothing: an idle leader stops heartbeats and its followers
/// stop their election clocks. Protocol: once every replica is caught up and nothing is pending for
/// <see cref="RaftConfig.QuiesceAfterIdleTicks"/>, the leader's heartbeats carry Quiesce; a follower that
/// matches the leader's log stops ticking and says so in its response; when all have said so, the leader
/// stops ticking too. Any message (a proposal, a read, a peer's vote request) wakes a replica. A dead
/// leader cannot wake its followers, so the host calls <see cref="Wake"/> when its failure detector
/// reports the leader's node down. A quiescing leader gives up its lease, and a woken one holds none until
/// a quorum acknowledges a heartbeat sent after the wake (it may have been deposed while it slept); and
/// followers of a quiesced leader do not count it as live when asked for votes, so waking never waits on a lease.
/// </summary>
internal sealed partial class Raft
{
    private bool quiesced;
    private bool quiescing;
    private bool leaderQuiesced;
    private int idleTicks;

    public bool IsQuiesced => quiesced;

    /// <summary>Leader, once per heartbeat interval: decide whether the group is idle enough to quiesce.</summary>
    private void TickQuiesce()
    {
        if (config.QuiesceAfterIdleTicks == 0)
        {
            return;
        }

        if (!CanQuiesce())
        {
            idleTicks = 0;
            quiescing = false;
            return;
        }

        idleTicks += config.HeartbeatTicks;
        if (idleTicks >= config.QuiesceAfterIdleTicks && !quiescing)
        {
            quiescing = true;
            // Quiescing gives up the lease (LeaseValid is false from here on); a lease after it is earned anew.
            leaseAckTicks.Clear();
            foreach (var (_, progress) in Tracker.Progress)
            {
                progress.QuiesceAcked = false;
            }
        }
    }

    private bool CanQuiesce()
    {
        if (Role != StateRole.Leader || leadTransferee != None || reads.Count > 0 || readsWaitingForCommit.Count > 0 ||
            appendBroadcastPending || Tracker.Config.Voters.IsJoint || Log.Committed != Log.LastIndex ||
            snapshotSentAtTick.Count > 0)
        {
            return false;
        }

        foreach (var (_, progress) in Tracker.Progress)
        {
            if (progress.Match != Log.LastIndex)
            {
                return false;
            }
        }

        return true;
    }

    private void MaybeFinishQuiescing()
    {
        foreach (var (id, progress) in Tracker.Progress)
        {
            if (id != Id && !progress.QuiesceAcked)
            {
                return;
            }
        }

        quiesced = true;
        leaseAckTicks.Clear();
    }

    /// <summary>Follower: adopt the leader's quiesce request only when our log matches its commit exactly.</summary>
    private bool TryQuiesceAsFollower(Message heartbeat)
    {
        if (Log.Committed != heartbeat.Commit || Log.LastIndex != heartbeat.Commit)
        {
            return false;
        }

        quiesced = true;
        leaderQuiesced = true;
        return true;
    }

    /// <summary>Any traffic except the quiesce handshake itself wakes the replica.</summary>
    private void WakeOnMessage(Message message)
    {
        if (!quiesced && !quiescing)
        {
            return;
        }

        // The leader's own clock messages and the quiesce handshake are not traffic.
        var isHandshake = message.Type is MessageType.Beat or MessageType.CheckQuorum ||
            (message.Type == MessageType.Heartbeat && message.Quiesce) ||
            (message.Type == MessageType.HeartbeatResp && message.Term == Term);
        if (!isHandshake)
        {
            WakeInternal();
        }
    }

    /// <summary>Resumes ticking. Followers restart their election clock from zero so a wake is not an election.</summary>
    public void Wake()
    {
        if (quiesced)
        {
            electionElapsed = 0;
        }

        WakeInternal();
    }

    private void WakeInternal()
    {
        if (quiesced && Role == StateRole.Leader)
        {
            RestartLeaseAfterSleep();
        }

        quiesced = false;
        quiescing = false;
        idleTicks = 0;
    }
}
