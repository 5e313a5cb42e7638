using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    // Ticks since this replica became leader; the lease and snapshot retry clocks count in these.
    private long leaderTicks;

    // When a snapshot went to a follower; a snapshot lost on the way is re-sent after a timeout.
    private readonly Dictionary<ulong, long> snapshotSentAtTick = [];

    /// <summary>Leader: heartbeats, check-quorum, transfer timeout, quiescing.</summary>
    private void TickHeartbeat()
    {
        if (quiesced)
        {
            return;
        }

        leaderTicks++;
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.ElectionTicks)
        {
            electionElapsed = 0;
            if (config.CheckQuorum)
            {
                Step(new Message { Type = MessageType.CheckQuorum, From = Id, To = Id });
            }

            if (Role == StateRole.Leader && leadTransferee != None)
            {
                // The transfer did not finish within an election timeout: give up and take proposals again.
                AbortLeaderTransfer();
            }

            RetryLostSnapshots();
            if (Role == StateRole.Leader && !Promotable)
            {
                // A removed leader whose hand-over timed out tries again.
                HandOverLeadership();
            }
        }

        if (Role != StateRole.Leader)
        {
            return;
        }

        if (heartbeatElapsed >= config.HeartbeatTicks)
        {
            heartbeatElapsed = 0;
            TickQuiesce();
            Step(new Message { Type = MessageType.Beat, From = Id, To = Id });
        }
    }

    private void StepLeader(Message message)
    {
        switch (message.Type)
        {
            case MessageType.Beat:
                BroadcastHeartbeat();
                return;
            case MessageType.CheckQuorum:
                CheckQuorumActive();
                return;
            case MessageType.Prop:
                HandleForwardedProposal(message);
                return;
            case MessageType.ReadIndex:
                HandleReadIndexRequest(message.From, message.Context, ReadMode.Safe);
                return;
            case MessageType.TransferLeader:
                // A follower forwards a transfer request with the target in Context.
                StartLeaderTransfer(message.Context != 0 ? message.Context : message.From);
                return;
        }

        if (!Tracker.Progress.TryGetValue(message.From, out var progress))
        {
            // A reply from a replica that is no longer a member.
            return;
        }

        switch (message.Type)
        {
            case MessageType.AppResp:
                HandleAppendResponse(message, progress);
                break;
            case MessageType.HeartbeatResp:
                HandleHeartbeatResponse(message, progress);
                break;
            case MessageType.SnapStatus:
                HandleSnapshotStatus(message, progress);
                break;
            case MessageType.Unreachable:
                // An append may have been lost: fall back to probing so we do not wait for a timeout.
                if (progress.State == ProgressState.Replicate)
                {
                    progress.BecomeProbe();
                }

                break;
        }
    }

    /// <summary>Steps down when a quorum has not been heard from within an election timeout (check-quorum).</summary>
    private void CheckQuorumActive()
    {
        if (!Tracker.QuorumActive())
        {
            BecomeFollower(Term, None);
            return;
        }

        // Start a new observation window: every peer must prove itself alive again.
        foreach (var (id, progress) in Tracker.Progress)
        {
            if (id != Id)
            {
                progress.RecentActive = false;
            }
        }
    }

    private void BroadcastHeartbeat()
    {
        // Reads waiting for a round ride on the regular heartbeat instead of an extra round.
        var context = reads.HasOpenRequests ? SealReadRound() : reads.LatestSealedRound;
        foreach (var (id, _) in Tracker.Progress)
        {
            if (id != Id)
            {
                SendHeartbeat(id, context);
            }
        }
    }

    /// <summary>
    /// A heartbeat carries in Commit the commit index the follower can safely adopt (never beyond what it is
    /// known to match), in RejectHint the leader's own commit index (a lagging follower learns how far behind
    /// it is: bounded-staleness reads need that), the read round it confirms in Context, and in Index the
    /// leader tick it was sent at, which the follower echoes back so the leader can time its lease from the
    /// moment of sending.
    /// </summary>
    private void SendHeartbeat(ulong to, ulong context)
    {
        var progress = Tracker.Progress[to];
        Send(new Message
        {
            Type = MessageType.Heartbeat,
            To = to,
            Commit = Math.Min(progress.Match, Log.Committed),
            RejectHint = Log.Committed,
            Context = context,
            Index = (ulong)leaderTicks,
            Quiesce = quiescing,
        });
    }

    private void HandleHeartbeatResponse(Message response, Progress progress)
    {
        progress.RecentActive = true;
        progress.MsgAppFlowPaused = false;
        if (response.Reject && response.RejectHint < progress.Match)
        {
            // The follower lost entries it had acknowledged (a wiped disk): replicate again from its real end.
            progress.Match = response.RejectHint;
            progress.BecomeProbe();
            SendAppend(response.From);
            return;
        }

        RecordLeaseAck(response.From, (long)response.Index);
        if (quiescing && response.Quiesce)
        {
            progress.QuiesceAcked = true;
            MaybeFinishQuiescing();
        }

        if (progress.Match < Log.LastIndex || progress.State == ProgressState.Probe)
        {
            SendAppend(response.From);
        }

        if (response.Context != 0)
        {
            ConfirmReadRound(response.From, response.Context);
        }
    }

    private void HandleSnapshotStatus(Message status, Progress progress)
    {
        if (progress.State != ProgressState.Snapshot)
        {
            return;
        }

        snapshotSentAtTick.Remove(status.From);
        if (status.Reject)
        {
            // Forget the failed snapshot so probing restarts from the match point, not past the snapshot.
            progress.BecomeReplicate();
        }

        // Either way, wait for the follower's next response before sending more: on success it will
        // report its new index; on failure the probe restarts from its match.
        progress.BecomeProbe();
        progress.MsgAppFlowPaused = true;
    }

    /// <summary>A snapshot that got no answer within two election timeouts is treated as lost and re-sent.</summary>
    private void RetryLostSnapshots()
    {
        foreach (var (id, sentAt) in snapshotSentAtTick.OrderBy(pair => pair.Key).ToArray())
        {
            if (leaderTicks - sentAt < 2L * config.ElectionTicks)
            {
                continue;
            }

            snapshotSentAtTick.Remove(id);
            if (Tracker.Progress.TryGetValue(id, out var progress) && progress.State == ProgressState.Snapshot)
            {
                // Leaving Snapshot through Replicate forgets the pending snapshot, so probing restarts at Match.
                progress.BecomeReplicate();
                progress.BecomeProbe();
            }
        }
    }

    /// <summary>A proposal forwarded by a follower.</summary>
    private void HandleForwardedProposal(Message proposal)
    {
        if (leadTransferee != None || proposal.Entries.Length == 0)
        {
            return;
        }

        var entries = proposal.Entries.ToArray();
        foreach (var entry in entries)
        {
            if (entry.Type == EntryType.ConfChange)
            {
                // Membership changes must be proposed on the leader, where they are validated.
                return;
            }
        }

        AppendEntries(entries);
    }
}
