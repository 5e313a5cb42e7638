using EntityPlatform.Consensus.Messages;
using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Raft;

internal sealed partial class Raft
{
    // Entry bytes appended by this leader and not yet committed; bounds memory under a slow quorum.
    private ulong uncommittedBytes;

    // Set when new entries or a new commit index must reach followers. The broadcast happens once per
    // Ready (see FlushBroadcasts), so a burst of proposals in one loop iteration becomes one message per
    // follower instead of one per proposal: this is where batching comes from.
    private bool appendBroadcastPending;

    /// <summary>Leader: stamps term and index on new entries and appends them. False when over the uncommitted limit.</summary>
    private bool AppendEntries(Span<Entry> entries)
    {
        ulong bytes = 0;
        foreach (var entry in entries)
        {
            bytes += (ulong)entry.Data.Length;
        }

        // An empty leader entry (the no-op) is always allowed, as is anything when nothing is uncommitted,
        // so a single oversized proposal cannot wedge the group.
        if (uncommittedBytes > 0 && bytes > 0 && uncommittedBytes + bytes > config.MaxUncommittedEntriesBytes)
        {
            return false;
        }

        var lastIndex = Log.LastIndex;
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = entries[i] with { Term = Term, Index = lastIndex + 1 + (ulong)i };
        }

        lastIndex = Log.Append(entries);
        uncommittedBytes += bytes;
        // The leader's own log counts toward the commit quorum once the Ready carrying it is persisted,
        // which happens before any follower can acknowledge the same entries.
        Tracker.Progress[Id].MaybeUpdate(lastIndex);
        appendBroadcastPending = true;
        if (Tracker.Config.Voters.Ids.Count == 1)
        {
            // Alone (also as the only voter of both halves of a joint config, (1)&&(1)), our own soon
            // persisted copy is the quorum; with other voters, no ack can precede the send.
            MaybeCommit();
        }

        return true;
    }

    /// <summary>Sends pending appends to every follower; called when a Ready is assembled.</summary>
    public void FlushBroadcasts()
    {
        if (appendBroadcastPending && Role == StateRole.Leader)
        {
            appendBroadcastPending = false;
            BroadcastAppend();
        }

        FlushReadBroadcast();
    }

    public bool HasPendingBroadcast => (appendBroadcastPending && Role == StateRole.Leader) || readBroadcastPending;

    private void BroadcastAppend()
    {
        foreach (var (id, _) in Tracker.Progress)
        {
            if (id != Id)
            {
                SendAppend(id);
            }
        }
    }

    /// <summary>Sends as many appends as the follower's flow-control window allows (at least one, maybe empty).</summary>
    private void SendAppend(ulong to)
    {
        if (MaybeSendAppend(to, sendIfEmpty: true))
        {
            while (MaybeSendAppend(to, sendIfEmpty: false))
            {
            }
        }
    }

    /// <summary>
    /// Sends one append (or a snapshot when the entries it needs are compacted). An empty append is still
    /// useful when <paramref name="sendIfEmpty"/>: it carries the commit index or probes for a match.
    /// </summary>
    private bool MaybeSendAppend(ulong to, bool sendIfEmpty)
    {
        var progress = Tracker.Progress[to];
        if (progress.IsPaused())
        {
            return false;
        }

        var previousIndex = progress.Next - 1;
        if (!Log.TryTerm(previousIndex, out var previousTerm))
        {
            return SendSnapshot(to, progress);
        }

        // With the window full only an empty append may go: it lets a follower whose appends were all
        // lost answer, which clears the window.
        var entries = progress.CanSendEntries ? Log.EntriesFrom(progress.Next, config.MaxSizePerMessageBytes) : [];
        if (entries is null)
        {
            return SendSnapshot(to, progress);
        }

        if (entries.Length == 0 && !sendIfEmpty)
        {
            return false;
        }

        ulong bytes = 0;
        foreach (var entry in entries)
        {
            bytes += entry.SizeBytes;
        }

        Send(new Message
        {
            Type = MessageType.App,
            To = to,
            Index = previousIndex,
            LogTerm = previousTerm,
            Entries = entries,
            Commit = Log.Committed,
        });
        progress.UpdateOnEntriesSend(entries.Length, bytes, progress.Next);
        return true;
    }

    /// <summary>The entries a follower needs are compacted: send the latest snapshot instead.</summary>
    private bool SendSnapshot(ulong to, Progress progress)
    {
        if (!progress.RecentActive)
        {
            // Snapshots are expensive; do not send one to a replica that may be down.
            return false;
        }

        if (!Log.TrySnapshot(out var snapshot) || snapshot.IsEmpty)
        {
            // The application is still making one; the next heartbeat response retries.
            return false;
        }

        progress.BecomeSnapshot(snapshot.Metadata.Index);
        snapshotSentAtTick[to] = leaderTicks;
        Send(new Message { Type = MessageType.Snap, To = to, Snapshot = snapshot });
        return true;
    }

    /// <summary>Follower: an append from the current leader (§5.3).</summary>
    private void HandleAppendEntries(Message append)
    {
        if (append.Index < Log.Committed)
        {
            // Everything up to our commit index is already settled; tell the leader where we are.
            Send(new Message { Type = MessageType.AppResp, To = append.From, Index = Log.Committed });
            return;
        }

        if (Log.MaybeAppend(append.Index, append.LogTerm, append.Commit, append.Entries) is { } lastNewIndex)
        {
            if (rejoining && append.Commit <= lastNewIndex)
            {
                FinishRejoining(append.From);
            }

            Send(new Message { Type = MessageType.AppResp, To = append.From, Index = lastNewIndex });
            return;
        }

        // Mismatch: hint the largest index whose term could match, so the leader skips whole terms.
        var hintIndex = Math.Min(append.Index, Log.LastIndex);
        var (index, term) = Log.FindConflictByTerm(hintIndex, append.LogTerm);
        Send(new Message
        {
            Type = MessageType.AppResp,
            To = append.From,
            Index = append.Index,
            Reject = true,
            RejectHint = index,
            LogTerm = term,
        });
    }

    /// <summary>Leader: a follower answered an append.</summary>
    private void HandleAppendResponse(Message response, Progress progress)
    {
        progress.RecentActive = true;
        if (response.Reject)
        {
            HandleAppendRejection(response, progress);
            return;
        }

        var wasProbeAtMatch = progress.Match == response.Index && progress.State == ProgressState.Probe;
        if (!progress.MaybeUpdate(response.Index) && !wasProbeAtMatch)
        {
            return;
        }

        switch (progress.State)
        {
            case ProgressState.Probe:
                progress.BecomeReplicate();
                break;
            case ProgressState.Snapshot when progress.Match + 1 >= Log.FirstIndex:
                // The snapshot (or the entries after it) arrived; resume normal replication.
                progress.BecomeProbe();
                progress.BecomeReplicate();
                snapshotSentAtTick.Remove(response.From);
                break;
            case ProgressState.Replicate:
                progress.Inflights.FreeLE(response.Index);
                break;
        }

        if (MaybeCommit())
        {
            ReleaseReadsWaitingForCommit();
            appendBroadcastPending = true;
        }

        while (MaybeSendAppend(response.From, sendIfEmpty: false))
        {
        }

        if (response.From == leadTransferee && progress.Match == Log.LastIndex)
        {
            SendTimeoutNow(response.From);
        }
    }

    private void HandleAppendRejection(Message response, Progress progress)
    {
        if (response.RejectHint < progress.Match)
        {
            // The follower's log ends below what it acknowledged in this term: it lost its disk and is
            // rejoining (a follower otherwise never drops an entry it acknowledged to the current leader).
            // Without this, Replicate state ignores rejections at or below Match and the leader would probe
            // just past Match forever. A stale rejection can also land here; lowering Match only costs a
            // resend, never safety (the commit index does not move back, and a lower Match is conservative).
            progress.Match = response.RejectHint;
            progress.BecomeProbe();
            SendAppend(response.From);
            return;
        }

        // The follower told us the last index whose term could match ours (RejectHint, LogTerm); find our
        // own last index at or below it with a term no greater, and probe there.
        var nextProbeIndex = response.RejectHint;
        if (response.LogTerm > 0)
        {
            nextProbeIndex = Log.FindConflictByTerm(response.RejectHint, response.LogTerm).Index;
        }

        if (progress.MaybeDecrTo(response.Index, nextProbeIndex))
        {
            if (progress.State == ProgressState.Replicate)
            {
                progress.BecomeProbe();
            }

            SendAppend(response.From);
        }
    }

    /// <summary>Advances the commit index to what a quorum has (only for entries of this term).</summary>
    private bool MaybeCommit() => Log.MaybeCommit(Tracker.Committed(), Term);

    /// <summary>Committed entries handed to the application no longer count against the uncommitted limit.</summary>
    public void ReleaseUncommitted(Entry[] committedEntries)
    {
        if (Role != StateRole.Leader)
        {
            return;
        }

        foreach (var entry in committedEntries)
        {
            uncommittedBytes -= Math.Min(uncommittedBytes, (ulong)entry.Data.Length);
        }
    }
}
