using EntityPlatform.Consensus.Messages;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    // The newest commit index this term's leader reported to this follower (appends carry it in Commit,
    // heartbeats in RejectHint). Only grows within a term: a delayed message may report an older one.
    private ulong leaderCommitReported;

    /// <summary>See <see cref="RaftNode.LeaderCommit"/>.</summary>
    public ulong LeaderCommitReported => Role == StateRole.Leader ? Log.Committed : leaderCommitReported;

    private void NoteLeaderCommit(ulong commit) => leaderCommitReported = Math.Max(leaderCommitReported, commit);

    private void StepFollower(Message message)
    {
        switch (message.Type)
        {
            case MessageType.Prop:
                if (Leader != None && !config.DisableProposalForwarding)
                {
                    Send(message with { To = Leader });
                }

                break;
            case MessageType.App:
                electionElapsed = 0;
                Leader = message.From;
                NoteLeaderCommit(message.Commit);
                HandleAppendEntries(message);
                break;
            case MessageType.Heartbeat:
                electionElapsed = 0;
                Leader = message.From;
                // A leader of an older version sends no RejectHint; then Commit is the best we know.
                NoteLeaderCommit(Math.Max(message.Commit, message.RejectHint));
                HandleHeartbeat(message);
                break;
            case MessageType.Snap:
                electionElapsed = 0;
                Leader = message.From;
                HandleSnapshot(message);
                break;
            case MessageType.TransferLeader:
                if (Leader != None)
                {
                    Send(message with { To = Leader });
                }

                break;
            case MessageType.TimeoutNow:
                // The leader chose us: campaign at once, skipping pre-vote and the receivers' lease check.
                Hup(transfer: true);
                break;
            case MessageType.ReadIndex:
                if (Leader != None)
                {
                    Send(message with { To = Leader });
                }

                break;
            case MessageType.ReadIndexResp:
                ReadStates.Add(new ReadState(message.Context, message.Index));
                break;
        }
    }

    /// <summary>Pre-candidates and candidates.</summary>
    private void StepCandidate(Message message)
    {
        switch (message.Type)
        {
            case MessageType.App:
                // Someone won this term's election; follow them.
                BecomeFollower(message.Term, message.From);
                NoteLeaderCommit(message.Commit);
                HandleAppendEntries(message);
                break;
            case MessageType.Heartbeat:
                BecomeFollower(message.Term, message.From);
                NoteLeaderCommit(Math.Max(message.Commit, message.RejectHint));
                HandleHeartbeat(message);
                break;
            case MessageType.Snap:
                BecomeFollower(message.Term, message.From);
                HandleSnapshot(message);
                break;
            case MessageType.VoteResp or MessageType.PreVoteResp:
                HandleVoteResponse(message);
                break;
        }
    }

    private void HandleHeartbeat(Message heartbeat)
    {
        if (heartbeat.Commit > Log.LastIndex)
        {
            // The leader believes we hold entries we do not: this replica lost its log (a wiped disk). Say
            // how far the log really goes, so the leader lowers its match index and replicates again.
            Send(new Message { Type = MessageType.HeartbeatResp, To = heartbeat.From, Context = heartbeat.Context, Index = heartbeat.Index, Reject = true, RejectHint = Log.LastIndex });
            return;
        }

        Log.CommitTo(heartbeat.Commit);
        var quiescedNow = heartbeat.Quiesce && TryQuiesceAsFollower(heartbeat);
        if (!heartbeat.Quiesce)
        {
            leaderQuiesced = false;
        }

        Send(new Message
        {
            Type = MessageType.HeartbeatResp,
            To = heartbeat.From,
            Context = heartbeat.Context,
            Index = heartbeat.Index,
            Quiesce = quiescedNow,
        });
    }

    /// <summary>
    /// A rejoining replica becomes a full member once an append shows its log holds everything the leader
    /// has committed (an append carries the leader's whole commit index; a heartbeat only our share of it).
    /// </summary>
    private void FinishRejoining(ulong leader)
    {
        rejoining = false;
        if (Vote == None)
        {
            // Count as having voted for the leader of this term, so no second vote in it is possible.
            Vote = leader;
        }
    }
}
