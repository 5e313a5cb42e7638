using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Quorum;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    /// <summary>Context value on vote requests that a leadership transfer forced: receivers skip the lease check.</summary>
    private const ulong TransferCampaignContext = 1;

    /// <summary>Followers and candidates: campaign when the randomized election timeout passes.</summary>
    private void TickElection()
    {
        if (quiesced)
        {
            return;
        }

        electionElapsed++;
        if (Promotable && PastElectionTimeout)
        {
            electionElapsed = 0;
            Step(new Message { Type = MessageType.Hup, From = Id, To = Id });
        }
    }

    /// <summary>
    /// True while this replica believes a live leader exists, so it must refuse to help depose it: it
    /// heard from the leader within the election timeout, or it only just started.
    /// </summary>
    private bool InLease =>
        config.CheckQuorum &&
        ((Leader != None && !leaderQuiesced && electionElapsed < config.ElectionTicks) || startupQuietTicks > 0);

    private void Hup(bool transfer)
    {
        if (Role == StateRole.Leader)
        {
            return;
        }

        if (!Promotable)
        {
            return;
        }

        // A replica with committed but unapplied conf changes may not know its own membership yet.
        if (HasUnappliedConfChange())
        {
            return;
        }

        Campaign(config.PreVote && !transfer ? CampaignKind.PreElection : CampaignKind.Election, transfer);
    }

    private enum CampaignKind
    {
        PreElection,
        Election,
    }

    private void Campaign(CampaignKind kind, bool transfer)
    {
        MessageType voteType;
        ulong term;
        if (kind == CampaignKind.PreElection)
        {
            BecomePreCandidate();
            voteType = MessageType.PreVote;
            // Pre-votes ask about the term we would use, without moving to it.
            term = Term + 1;
        }
        else
        {
            BecomeCandidate();
            voteType = MessageType.Vote;
            term = Term;
        }

        // Our own vote is recorded directly: this replica persists it with the Ready that sends the requests.
        if (Poll(Id, granted: true) == VoteResult.Won)
        {
            OnVotesWon(kind);
            return;
        }

        foreach (var id in Tracker.VoterIds())
        {
            if (id == Id)
            {
                continue;
            }

            Send(new Message
            {
                Type = voteType,
                To = id,
                Term = term,
                Index = Log.LastIndex,
                LogTerm = Log.LastTerm,
                Context = transfer ? TransferCampaignContext : 0,
            });
        }
    }

    private void OnVotesWon(CampaignKind kind)
    {
        if (kind == CampaignKind.PreElection)
        {
            Campaign(CampaignKind.Election, transfer: false);
        }
        else
        {
            BecomeLeader();
            BroadcastAppend();
        }
    }

    private VoteResult Poll(ulong id, bool granted)
    {
        Tracker.RecordVote(id, granted);
        return Tracker.TallyVotes().Result;
    }

    /// <summary>Vote and pre-vote requests, after the term rules (§5.2, §5.4.1, and the pre-vote extension).</summary>
    private void HandleVoteRequest(Message request)
    {
        // We can vote for a candidate we already voted for (a repeated request), or anyone when we have
        // neither voted nor know a leader this term; a pre-vote for a future term is always allowed.
        // A rejoining replica forgot what it acknowledged and whom it voted for; it must not vote yet.
        var canVote = !rejoining && (Vote == request.From ||
            (Vote == None && Leader == None) ||
            (request.Type == MessageType.PreVote && request.Term > Term));
        var responseType = request.Type.VoteResponse();
        if (canVote && Log.IsUpToDate(request.Index, request.LogTerm))
        {
            // The reply carries the request's term: for a pre-vote it is a term we have not entered.
            Send(new Message { Type = responseType, To = request.From, Term = request.Term });
            if (request.Type == MessageType.Vote)
            {
                electionElapsed = 0;
                Vote = request.From;
            }
        }
        else if (Term == 0)
        {
            // A replica that has never seen a term (a wiped, rejoining one) has no term to put on a rejection,
            // and a term-0 response is malformed; staying silent refuses just as well.
        }
        else
        {
            // The rejection names the newest entry we know is committed, at or below the candidate's last
            // index (see LearnCommitFromVoteRejection): a candidate stuck on a configuration that no longer
            // holds may need exactly that to find out.
            var (committedIndex, committedTerm) = CommittedEntryAtOrBelow(request.Index);
            Send(new Message
            {
                Type = responseType,
                To = request.From,
                Term = Term,
                Reject = true,
                Index = committedIndex,
                LogTerm = committedTerm,
            });
        }
    }

    /// <summary>Our newest committed entry at or below <paramref name="limit"/>, or (0, 0) when its term is compacted away.</summary>
    private (ulong Index, ulong Term) CommittedEntryAtOrBelow(ulong limit)
    {
        var index = Math.Min(Log.Committed, limit);
        return index > 0 && Log.TryTerm(index, out var term) && term > 0 ? (index, term) : (0, 0);
    }

    /// <summary>
    /// A vote rejection that names a committed entry (LogTerm, Index) lets a replica that holds the same
    /// entry commit up to it. Without this a group can stall for good after a membership change: a
    /// remaining voter that never heard that the change committed still counts the removed or demoted old
    /// leader as a voter and needs its vote, which the old leader refuses when its log is longer (it
    /// appended after the change), while it cannot campaign itself (a learner or no member). Seeds 5655,
    /// 6738, 7586, 8259, 10254 and 11590 of the simulator (testdata/demoted_leader_stale_voter.txt).
    ///
    /// Safe because being committed is a fact about an entry that never changes, whoever reports it, and
    /// in whatever term: every index up to the sender's commit index is committed, and by the Log Matching
    /// property a log whose entry at Index has the same term holds the same entries up to Index. So this
    /// only makes us learn earlier what a leader's append would tell us later; it never changes a log, a
    /// term or a vote, and no vote is granted any differently. A candidate or pre-candidate that learns of
    /// a committed conf change it has not applied gives up its campaign (its view of the voters may be out
    /// of date, which is why Hup refuses to start one then) and campaigns again once it has applied it.
    /// Leaders ignore it: their commit index comes from their own quorum.
    /// </summary>
    private void LearnCommitFromVoteRejection(Message rejection)
    {
        if (Role == StateRole.Leader || rejection.Index <= Log.Committed || rejection.Index > Log.LastIndex ||
            rejection.LogTerm == 0 || !Log.MatchTerm(rejection.Index, rejection.LogTerm))
        {
            return;
        }

        Log.CommitTo(rejection.Index);
        if (Role is (StateRole.Candidate or StateRole.PreCandidate) && HasUnappliedConfChange())
        {
            BecomeFollower(Term, None);
        }
    }

    /// <summary>Candidates and pre-candidates: count a vote response.</summary>
    private void HandleVoteResponse(Message response)
    {
        var expected = Role == StateRole.PreCandidate ? MessageType.PreVoteResp : MessageType.VoteResp;
        if (response.Type != expected)
        {
            return;
        }

        var result = Poll(response.From, !response.Reject);
        if (result == VoteResult.Won)
        {
            OnVotesWon(Role == StateRole.PreCandidate ? CampaignKind.PreElection : CampaignKind.Election);
        }
        else if (result == VoteResult.Lost)
        {
            // A pre-candidate that loses returns to its own term; a candidate stays in its new term.
            BecomeFollower(Term, None);
        }
    }

    /// <summary>
    /// A message from a later term. Returns false when the message must be ignored: vote requests while we
    /// believe a leader holds its lease (this is what makes check-quorum and leases sound).
    /// </summary>
    private bool StepHigherTerm(Message message)
    {
        if (message.Type is MessageType.Vote or MessageType.PreVote)
        {
            var forced = message.Context == TransferCampaignContext;
            if (!forced && InLease)
            {
                return false;
            }
        }

        switch (message.Type)
        {
            case MessageType.PreVote:
                // Never change term because of a pre-vote: the candidate has not entered that term.
                break;
            case MessageType.PreVoteResp when !message.Reject:
                // The granted pre-vote carries the future term we asked about; we enter it when we campaign.
                break;
            case MessageType.App or MessageType.Heartbeat or MessageType.Snap:
                BecomeFollower(message.Term, message.From);
                break;
            default:
                BecomeFollower(message.Term, None);
                break;
        }

        return true;
    }

    /// <summary>A message from an earlier term: mostly ignored, but some senders must learn our term.</summary>
    private void StepLowerTerm(Message message)
    {
        if ((config.CheckQuorum || config.PreVote) && message.Type is MessageType.Heartbeat or MessageType.App)
        {
            // A stale leader (for instance one that was partitioned) learns the new term from this reply
            // and steps down; without it, a pre-vote/check-quorum group could stay split forever.
            Send(new Message { Type = MessageType.AppResp, To = message.From });
        }
        else if (message.Type == MessageType.PreVote)
        {
            // Rejecting with our term tells a lagging pre-candidate that it is behind.
            Send(new Message { Type = MessageType.PreVoteResp, To = message.From, Term = Term, Reject = true });
        }
    }
}
