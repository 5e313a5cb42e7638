using System.Text;

namespace EntityPlatform.Consensus.Tracking;

/// <summary>
/// What the leader knows about one follower's log and how it is currently replicating to it. The leader
/// drives the transitions; this type keeps the bookkeeping for each of them in one place.
/// Invariant: <c>Match &lt; Next</c>.
/// </summary>
public sealed class Progress
{
    public Progress(ulong next, Inflights inflights, bool isLearner = false)
    {
        Invariant.Assert(next >= 1, "Next starts at 1 because Match < Next");
        Next = next;
        Inflights = inflights;
        IsLearner = isLearner;
    }

    private Progress(Progress source)
    {
        Match = source.Match;
        Next = source.Next;
        State = source.State;
        PendingSnapshot = source.PendingSnapshot;
        RecentActive = source.RecentActive;
        MsgAppFlowPaused = source.MsgAppFlowPaused;
        Inflights = source.Inflights.Clone();
        IsLearner = source.IsLearner;
        QuiesceAcked = source.QuiesceAcked;
    }

    /// <summary>The highest index known to match the leader's log.</summary>
    public ulong Match { get; set; }

    /// <summary>The next index to send. Entries in (Match, Next) are already in flight.</summary>
    public ulong Next { get; set; }

    public ProgressState State { get; private set; }

    /// <summary>
    /// In <see cref="ProgressState.Snapshot"/>, the leader's snapshot index when it decided to send one.
    /// When the snapshot is reported done, probing resumes after it. Zero outside that state.
    /// </summary>
    public ulong PendingSnapshot { get; private set; }

    /// <summary>
    /// Whether the follower was heard from since the last check-quorum round. New members start active,
    /// so that check-quorum does not depose the leader before they had a chance to answer.
    /// </summary>
    public bool RecentActive { get; set; }

    /// <summary>
    /// Set when the leader must not send more appends until something changes: after a probe in
    /// <see cref="ProgressState.Probe"/>, or when the inflight window is full in
    /// <see cref="ProgressState.Replicate"/>. Cleared by an acknowledgement, a genuine rejection or
    /// (by the leader) a heartbeat response.
    /// </summary>
    public bool MsgAppFlowPaused { get; set; }

    /// <summary>Appends sent in <see cref="ProgressState.Replicate"/> and not yet acknowledged.</summary>
    public Inflights Inflights { get; }

    public bool IsLearner { get; set; }

    /// <summary>Stored for the leader's quiescing logic; cleared on every state change.</summary>
    public bool QuiesceAcked { get; set; }

    /// <summary>
    /// Starts probing. Coming from a snapshot, the follower is assumed to hold the snapshot, so probing
    /// starts after it when that is further than the match point.
    /// </summary>
    public void BecomeProbe()
    {
        var pendingSnapshot = State == ProgressState.Snapshot ? PendingSnapshot : 0;
        ResetState(ProgressState.Probe);
        Next = Math.Max(Match + 1, pendingSnapshot + 1);
    }

    /// <summary>Starts streaming right after the match point.</summary>
    public void BecomeReplicate()
    {
        ResetState(ProgressState.Replicate);
        Next = Match + 1;
    }

    /// <summary>Stops appends until the snapshot at <paramref name="snapshotIndex"/> is applied or fails.</summary>
    public void BecomeSnapshot(ulong snapshotIndex)
    {
        ResetState(ProgressState.Snapshot);
        PendingSnapshot = snapshotIndex;
    }

    /// <summary>
    /// Records that an append of <paramref name="entryCount"/> entries (<paramref name="bytes"/> of payload)
    /// starting at <paramref name="nextIndex"/> was sent. The caller sends from <see cref="Next"/>.
    /// In <see cref="ProgressState.Replicate"/> the leader assumes the append will succeed: Next moves past
    /// it and it enters the inflight window; the flow pauses once the window is full. When the window is
    /// already full the caller may only send an empty append (a probe that lets a follower whose appends
    /// were all lost answer, so the window clears). In <see cref="ProgressState.Probe"/> any append pauses
    /// the flow until the follower answers, so probes go out at most once per heartbeat.
    /// </summary>
    public void UpdateOnEntriesSend(int entryCount, ulong bytes, ulong nextIndex)
    {
        Invariant.Assert(entryCount >= 0);
        Invariant.Assert(nextIndex == Next, "appends are sent from Next");
        switch (State)
        {
            case ProgressState.Replicate:
                if (entryCount > 0)
                {
                    var lastIndex = nextIndex + (ulong)entryCount - 1;
                    Inflights.Add(lastIndex, bytes);
                    Next = lastIndex + 1;
                }

                MsgAppFlowPaused = Inflights.Full;
                break;
            case ProgressState.Probe:
                MsgAppFlowPaused = true;
                break;
            default:
                Invariant.Unreachable($"append sent to a follower in {State}");
                break;
        }
    }

    /// <summary>
    /// Applies a successful append response acknowledging <paramref name="index"/>. Returns false for a
    /// stale response that acknowledges nothing new. A new acknowledgement resumes the flow. In
    /// <see cref="ProgressState.Replicate"/> it also frees the acknowledged inflight appends (freeing again
    /// later is harmless), and the flow stays paused if that left the window full, which an
    /// acknowledgement below every inflight append can do.
    /// </summary>
    public bool MaybeUpdate(ulong index)
    {
        var updated = false;
        if (index > Match)
        {
            Match = index;
            MsgAppFlowPaused = false;
            updated = true;
        }

        Next = Math.Max(Next, index + 1);
        if (updated && State == ProgressState.Replicate)
        {
            Inflights.FreeLE(index);
            MsgAppFlowPaused = Inflights.Full;
        }

        return updated;
    }

    /// <summary>
    /// Whether an append may carry entries now (as opposed to an empty append that only probes or carries
    /// the commit index). False during a snapshot, and in <see cref="ProgressState.Replicate"/> while the
    /// inflight window is full; <see cref="IsPaused"/> says whether to send anything at all.
    /// </summary>
    public bool CanSendEntries => State switch
    {
        ProgressState.Probe => true,
        ProgressState.Replicate => !Inflights.Full,
        _ => false,
    };

    /// <summary>
    /// Applies a rejected append: the follower's log does not contain the entry at
    /// <paramref name="rejected"/>, and <paramref name="matchHint"/> is its best guess of where the logs
    /// may still match. Rejections can arrive stale (reordered or duplicated); those return false and
    /// change nothing. A genuine rejection lowers Next and clears the flow for another attempt.
    /// </summary>
    public bool MaybeDecrTo(ulong rejected, ulong matchHint)
    {
        if (State == ProgressState.Replicate)
        {
            // Anything at or below Match was acknowledged already, so this rejection is older than that.
            if (rejected <= Match)
            {
                return false;
            }

            Next = Match + 1;
            return true;
        }

        // Outside Replicate only one append is in flight, sent at Next - 1; a rejection of any other
        // index answers an older probe.
        if (Next - 1 != rejected)
        {
            return false;
        }

        // min(rejected, matchHint + 1), written so that a hostile hint cannot overflow.
        var target = matchHint >= rejected ? rejected : matchHint + 1;
        Next = Math.Max(target, Match + 1);
        MsgAppFlowPaused = false;
        return true;
    }

    /// <summary>Whether the leader must hold back appends to this follower for now.</summary>
    public bool IsPaused() => State switch
    {
        ProgressState.Probe => MsgAppFlowPaused,
        ProgressState.Replicate => MsgAppFlowPaused,
        _ => true,
    };

    /// <summary>A deep copy, inflight window included.</summary>
    public Progress Clone() => new(this);

    /// <summary>
    /// Canonical text form, as in etcd's traces:
    /// <c>StateReplicate match=5 next=6 learner paused pendingSnap=10 inactive inflight=2[full]</c>,
    /// each flag printed only when it applies.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(StateName(State)).Append(" match=").Append(Match).Append(" next=").Append(Next);
        if (IsLearner)
        {
            text.Append(" learner");
        }

        if (IsPaused())
        {
            text.Append(" paused");
        }

        if (PendingSnapshot > 0)
        {
            text.Append(" pendingSnap=").Append(PendingSnapshot);
        }

        if (!RecentActive)
        {
            text.Append(" inactive");
        }

        if (Inflights.Count > 0)
        {
            text.Append(" inflight=").Append(Inflights.Count);
            if (Inflights.Full)
            {
                text.Append("[full]");
            }
        }

        return text.ToString();
    }

    internal static string StateName(ProgressState state) => state switch
    {
        ProgressState.Probe => "StateProbe",
        ProgressState.Replicate => "StateReplicate",
        ProgressState.Snapshot => "StateSnapshot",
        _ => state.ToString(),
    };

    private void ResetState(ProgressState state)
    {
        MsgAppFlowPaused = false;
        QuiesceAcked = false;
        PendingSnapshot = 0;
        State = state;
        Inflights.Reset();
    }
}
