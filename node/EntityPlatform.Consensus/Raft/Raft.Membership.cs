using EntityPlatform.Consensus.Membership;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    // Index of the newest conf change this leader appended. A new one is refused until the log is applied
    // past it, so at most one change is in flight and each is validated against the config it will meet.
    private ulong pendingConfIndex;

    public ProposeResult ProposeConfChange(ConfChange change)
    {
        if (Role != StateRole.Leader)
        {
            // Not forwarded: the leader validates a change against the configuration it will meet, and a
            // follower could not report that verdict to its caller. The caller retries on the leader named.
            return Leader == None
                ? ProposeResult.Refused(ProposeStatus.NoLeader, Leader, "membership changes are proposed on the leader, and none is known")
                : ProposeResult.Refused(ProposeStatus.NotLeader, Leader, $"membership changes are proposed on the leader; replica {Leader} leads");
        }

        if (leadTransferee != None)
        {
            return ProposeResult.Refused(ProposeStatus.TransferInProgress, Leader);
        }

        if (pendingConfIndex > Log.Applied)
        {
            return ProposeResult.Refused(ProposeStatus.Rejected, Leader,
                $"the membership change at index {pendingConfIndex} is not applied yet (applied {Log.Applied}); propose one change at a time");
        }

        if (!ConfChangeApplier.TryApply(Tracker, change, Log.LastIndex, out _, out _, out var error))
        {
            return ProposeResult.Refused(ProposeStatus.Rejected, Leader, $"invalid membership change {change}: {error}");
        }

        Span<Entry> entry = [new Entry(0, 0, EntryType.ConfChange, ConfChangeCodec.Encode(change))];
        if (!AppendEntries(entry))
        {
            return ProposeResult.Refused(ProposeStatus.Overloaded, Leader);
        }

        pendingConfIndex = entry[0].Index;
        return ProposeResult.Appended(entry[0].Index, entry[0].Term);
    }

    /// <summary>
    /// The application applies a committed conf change entry. Every replica applies the same sequence, so
    /// a change that fails here means replicas diverged: an invariant, not an input error.
    /// </summary>
    public ConfState ApplyConfChange(ConfChange change)
    {
        var applied = ConfChangeApplier.TryApply(Tracker, change, Log.LastIndex, out var trackerConfig, out var progress, out var error);
        Invariant.Assert(applied, $"committed conf change {change} cannot be applied: {error}");
        SwitchToConfig(trackerConfig, progress);
        return Tracker.ToConfState();
    }

    private void SwitchToConfig(TrackerConfig trackerConfig, ProgressMap progress)
    {
        Tracker.Apply(trackerConfig, progress);
        var isMember = Tracker.Progress.TryGetValue(Id, out var own);
        IsLearner = isMember && own!.IsLearner;

        if (Role == StateRole.Leader && (!isMember || IsLearner))
        {
            // Removed or demoted. Stepping down at once could strand the group: the remaining voters may not
            // have learned that this change committed, and would wait for our vote. So keep leading (our
            // own ack no longer counts), spread the commit index, and hand leadership to a voter.
            appendBroadcastPending = true;
            HandOverLeadership();
            return;
        }

        if (Role != StateRole.Leader || Tracker.Config.Voters.Incoming.Count == 0)
        {
            return;
        }

        if (leadTransferee != None && !Tracker.Config.Voters.Ids.Contains(leadTransferee))
        {
            AbortLeaderTransfer();
        }

        // The quorum changed, so the commit index may move; new members need their first append.
        MaybeCommit();
        appendBroadcastPending = true;
    }

    /// <summary>A leader outside the voters transfers leadership to the most caught-up voter.</summary>
    private void HandOverLeadership()
    {
        if (leadTransferee != None)
        {
            return;
        }

        ulong best = None;
        ulong bestMatch = 0;
        foreach (var id in Tracker.VoterIds())
        {
            if (id != Id && Tracker.Progress.TryGetValue(id, out var progress) && (best == None || progress.Match > bestMatch))
            {
                best = id;
                bestMatch = progress.Match;
            }
        }

        if (best != None)
        {
            StartLeaderTransfer(best);
        }
    }

    /// <summary>After the application applied up to <paramref name="applied"/>: leave an automatic joint config.</summary>
    private void MaybeAutoLeaveJoint()
    {
        if (Role != StateRole.Leader || !Tracker.Config.AutoLeave || Log.Applied < pendingConfIndex || leadTransferee != None)
        {
            return;
        }

        Span<Entry> entry = [new Entry(0, 0, EntryType.ConfChange, ConfChangeCodec.Encode(ConfChange.LeaveJoint))];
        if (AppendEntries(entry))
        {
            pendingConfIndex = entry[0].Index;
        }
    }

    /// <summary>Whether committed but unapplied entries hold a conf change (then this replica must not campaign).</summary>
    private bool HasUnappliedConfChange()
    {
        var low = Log.Applied + 1;
        var high = Log.Committed + 1;
        while (low < high)
        {
            var page = Log.Slice(low, high, 1 << 20);
            if (page is null || page.Length == 0)
            {
                return false;
            }

            foreach (var entry in page)
            {
                if (entry.Type == EntryType.ConfChange)
                {
                    return true;
                }
            }

            low = page[^1].Index + 1;
        }

        return false;
    }
}
