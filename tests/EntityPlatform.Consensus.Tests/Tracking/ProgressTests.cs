using EntityPlatform.Consensus.Tracking;

namespace EntityPlatform.Consensus.Tests.Tracking;

public sealed class ProgressTests
{
    private static Progress NewProgress(ulong match, ulong next, int maxInflight = 256)
    {
        var progress = new Progress(next, new Inflights(maxInflight, 0)) { Match = match, RecentActive = true };
        return progress;
    }

    [Fact]
    public void BecomeProbe_restarts_after_match_or_after_a_completed_snapshot()
    {
        var fromReplicate = NewProgress(match: 1, next: 5);
        fromReplicate.BecomeReplicate();
        fromReplicate.Next = 5;
        fromReplicate.BecomeProbe();
        Assert.Equal(ProgressState.Probe, fromReplicate.State);
        Assert.Equal(2UL, fromReplicate.Next);

        var snapshotDone = NewProgress(match: 1, next: 5);
        snapshotDone.BecomeSnapshot(10);
        snapshotDone.BecomeProbe();
        Assert.Equal(11UL, snapshotDone.Next);
        Assert.Equal(0UL, snapshotDone.PendingSnapshot);

        // A snapshot at or below Match adds nothing; probing resumes after Match.
        var staleSnapshot = NewProgress(match: 7, next: 8);
        staleSnapshot.BecomeSnapshot(3);
        staleSnapshot.BecomeProbe();
        Assert.Equal(8UL, staleSnapshot.Next);
    }

    [Fact]
    public void BecomeReplicate_and_BecomeSnapshot_reset_flow_state()
    {
        var progress = NewProgress(match: 1, next: 5);
        progress.MsgAppFlowPaused = true;
        progress.QuiesceAcked = true;
        progress.BecomeReplicate();
        Assert.Equal(ProgressState.Replicate, progress.State);
        Assert.Equal(2UL, progress.Next);
        Assert.False(progress.MsgAppFlowPaused);
        Assert.False(progress.QuiesceAcked);

        progress.UpdateOnEntriesSend(entryCount: 3, bytes: 30, nextIndex: 2);
        progress.QuiesceAcked = true;
        progress.BecomeSnapshot(10);
        Assert.Equal(ProgressState.Snapshot, progress.State);
        Assert.Equal(10UL, progress.PendingSnapshot);
        Assert.Equal(0, progress.Inflights.Count);
        Assert.False(progress.QuiesceAcked);
        Assert.True(progress.IsPaused());
    }

    [Theory]
    [InlineData(2UL, false, 3UL, 5UL)] // below match: no change
    [InlineData(3UL, false, 3UL, 5UL)] // equal to match: no change
    [InlineData(4UL, true, 4UL, 5UL)] // raises match, next already ahead
    [InlineData(5UL, true, 5UL, 6UL)] // raises match and next
    public void MaybeUpdate_only_moves_forward(ulong acked, bool updated, ulong match, ulong next)
    {
        var progress = NewProgress(match: 3, next: 5);
        Assert.Equal(updated, progress.MaybeUpdate(acked));
        Assert.Equal(match, progress.Match);
        Assert.Equal(next, progress.Next);
    }

    [Theory]
    // Replicate: a rejection at or below Match is stale; a genuine one falls back to Match + 1.
    [InlineData(ProgressState.Replicate, 5UL, 10UL, 5UL, 5UL, false, 10UL)]
    [InlineData(ProgressState.Replicate, 5UL, 10UL, 4UL, 4UL, false, 10UL)]
    [InlineData(ProgressState.Replicate, 5UL, 10UL, 9UL, 9UL, true, 6UL)]
    // Probe: only a rejection of the one probe in flight (Next - 1) counts.
    [InlineData(ProgressState.Probe, 0UL, 10UL, 5UL, 5UL, false, 10UL)]
    [InlineData(ProgressState.Probe, 0UL, 10UL, 9UL, 9UL, true, 9UL)]
    [InlineData(ProgressState.Probe, 0UL, 2UL, 1UL, 1UL, true, 1UL)]
    [InlineData(ProgressState.Probe, 0UL, 1UL, 0UL, 0UL, true, 1UL)]
    [InlineData(ProgressState.Probe, 0UL, 10UL, 9UL, 2UL, true, 3UL)] // jumps to the hint
    [InlineData(ProgressState.Probe, 0UL, 10UL, 9UL, 0UL, true, 1UL)]
    [InlineData(ProgressState.Probe, 4UL, 10UL, 9UL, 1UL, true, 5UL)] // never below Match + 1
    [InlineData(ProgressState.Probe, 0UL, 10UL, 9UL, ulong.MaxValue, true, 9UL)] // absurd hint cannot overflow
    public void MaybeDecrTo_ignores_stale_rejections_and_lowers_next_on_genuine_ones(
        ProgressState state, ulong match, ulong next, ulong rejected, ulong hint, bool changed, ulong expectedNext)
    {
        var progress = NewProgress(match, next);
        if (state == ProgressState.Replicate)
        {
            progress.BecomeReplicate();
            progress.Next = next;
        }

        progress.MsgAppFlowPaused = true;
        Assert.Equal(changed, progress.MaybeDecrTo(rejected, hint));
        Assert.Equal(match, progress.Match);
        Assert.Equal(expectedNext, progress.Next);
        if (state == ProgressState.Probe)
        {
            Assert.Equal(!changed, progress.MsgAppFlowPaused);
        }
    }

    [Fact]
    public void Probe_pauses_after_one_append_until_the_follower_answers()
    {
        var progress = NewProgress(match: 0, next: 5);
        Assert.False(progress.IsPaused());
        progress.UpdateOnEntriesSend(entryCount: 2, bytes: 20, nextIndex: 5);
        Assert.True(progress.IsPaused());
        Assert.Equal(5UL, progress.Next); // probes do not advance Next optimistically
        Assert.Equal(0, progress.Inflights.Count);

        Assert.True(progress.MaybeUpdate(6));
        Assert.False(progress.IsPaused());
        Assert.Equal(7UL, progress.Next);
    }

    [Fact]
    public void Replicate_advances_next_optimistically_and_pauses_when_the_window_fills()
    {
        var progress = NewProgress(match: 4, next: 5, maxInflight: 2);
        progress.BecomeReplicate();
        progress.UpdateOnEntriesSend(entryCount: 3, bytes: 30, nextIndex: 5);
        Assert.Equal(8UL, progress.Next);
        Assert.False(progress.IsPaused());
        progress.UpdateOnEntriesSend(entryCount: 2, bytes: 20, nextIndex: 8);
        Assert.Equal(10UL, progress.Next);
        Assert.True(progress.IsPaused());
        Assert.Equal("StateReplicate match=4 next=10 paused inflight=2[full]", progress.ToString());

        // Entries can no longer be sent, but an empty probe can.
        Assert.Throws<InvariantViolationException>(() => progress.UpdateOnEntriesSend(entryCount: 1, bytes: 1, nextIndex: 10));
        progress.UpdateOnEntriesSend(entryCount: 0, bytes: 0, nextIndex: 10);

        // Acknowledging the first append frees its slot and resumes the flow.
        Assert.True(progress.MaybeUpdate(7));
        Assert.Equal(1, progress.Inflights.Count);
        Assert.False(progress.IsPaused());
        Assert.Equal("StateReplicate match=7 next=10 inflight=1", progress.ToString());
    }

    [Fact]
    public void Acknowledgement_that_frees_nothing_keeps_a_full_window_paused()
    {
        var progress = NewProgress(match: 4, next: 5, maxInflight: 1);
        progress.BecomeReplicate();
        progress.UpdateOnEntriesSend(entryCount: 3, bytes: 30, nextIndex: 5);
        Assert.False(progress.CanSendEntries);

        // Index 6 is new to the leader but below the inflight append ending at 7.
        Assert.True(progress.MaybeUpdate(6));
        Assert.True(progress.IsPaused());
        Assert.False(progress.CanSendEntries);

        Assert.True(progress.MaybeUpdate(7));
        Assert.False(progress.IsPaused());
        Assert.True(progress.CanSendEntries);
    }

    [Fact]
    public void Appends_must_start_at_next_and_are_never_sent_during_a_snapshot()
    {
        var progress = NewProgress(match: 0, next: 5);
        Assert.Throws<InvariantViolationException>(() => progress.UpdateOnEntriesSend(1, 1, nextIndex: 4));
        progress.BecomeSnapshot(10);
        Assert.False(progress.CanSendEntries);
        Assert.Throws<InvariantViolationException>(() => progress.UpdateOnEntriesSend(1, 1, nextIndex: 5));
    }

    [Fact]
    public void Text_form_lists_state_and_flags_in_canonical_order()
    {
        var progress = NewProgress(match: 0, next: 1);
        Assert.Equal("StateProbe match=0 next=1", progress.ToString());
        progress.UpdateOnEntriesSend(0, 0, 1);
        Assert.Equal("StateProbe match=0 next=1 paused", progress.ToString());

        progress.BecomeSnapshot(10);
        progress.IsLearner = true;
        progress.RecentActive = false;
        Assert.Equal("StateSnapshot match=0 next=1 learner paused pendingSnap=10 inactive", progress.ToString());
    }

    [Fact]
    public void Clone_is_deep()
    {
        var progress = NewProgress(match: 2, next: 3);
        progress.BecomeReplicate();
        progress.UpdateOnEntriesSend(1, 5, 3);
        var clone = progress.Clone();
        progress.MaybeUpdate(3);
        Assert.Equal(2UL, clone.Match);
        Assert.Equal(1, clone.Inflights.Count);
        Assert.Equal(ProgressState.Replicate, clone.State);
    }
}
