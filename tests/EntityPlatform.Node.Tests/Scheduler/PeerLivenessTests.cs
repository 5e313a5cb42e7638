using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>
/// The node-level failure detector (issue 12, item 9), driven by a tick clock on a fake monotonic clock:
/// a peer is suspect after the election timeout of silence, anything heard clears it, and a stall of this
/// node's own loop never makes its peers look dead.
/// </summary>
public sealed class PeerLivenessTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private const int SuspectAfterTicks = 15;
    private static readonly ulong[] Peers = [2, 3];

    [Fact]
    public void A_silent_peer_turns_suspect_after_the_election_timeout_and_a_heard_one_does_not()
    {
        var (time, clock, liveness) = Start();
        for (var tick = 1; tick < SuspectAfterTicks; tick++)
        {
            Step(time, clock, liveness);
            liveness.Heard(3, clock.TicksTaken);
            Assert.Empty(liveness.Suspects());
        }

        Step(time, clock, liveness);
        Assert.Equal([2UL], liveness.Suspects());
        Assert.True(liveness.IsSuspect(2));
        Assert.False(liveness.IsSuspect(3));

        // A probe (or any batch) from node 2 clears the suspicion at once.
        liveness.Heard(2, clock.TicksTaken);
        Assert.Empty(liveness.Suspects());
    }

    [Fact]
    public void A_stall_of_this_nodes_own_loop_gives_every_peer_a_fresh_window()
    {
        var (time, clock, liveness) = Start();
        Step(time, clock, liveness);

        // The loop stood still for a second (GC pause, SIGSTOP): the silence was ours, not the peers'.
        time.Advance(TimeSpan.FromSeconds(1));
        clock.TakeElapsedTicks();
        liveness.Observe(clock.TicksTaken, Peers);
        Assert.Empty(liveness.Suspects());

        // Peers that stay silent after the stall are suspect one window later.
        for (var tick = 1; tick < SuspectAfterTicks; tick++)
        {
            Step(time, clock, liveness);
        }

        Assert.Empty(liveness.Suspects());
        Step(time, clock, liveness);
        Assert.Equal(Peers, liveness.Suspects());
    }

    [Fact]
    public void Only_the_listed_peers_are_watched_and_a_new_one_starts_with_a_full_window()
    {
        var (time, clock, liveness) = Start();
        for (var tick = 0; tick < SuspectAfterTicks; tick++)
        {
            Step(time, clock, liveness);
        }

        Assert.Equal(Peers, liveness.Suspects());

        // Node 3 left every local group; node 4 joined one. Hearing from a node not watched records nothing.
        time.Advance(Tick);
        clock.TakeElapsedTicks();
        liveness.Observe(clock.TicksTaken, [2UL, 4UL]);
        liveness.Heard(5, clock.TicksTaken);
        Assert.Equal([2UL], liveness.Suspects());
        Assert.False(liveness.IsSuspect(3));
        Assert.False(liveness.IsSuspect(4));
        Assert.False(liveness.IsSuspect(5));
    }

    [Fact]
    public void A_window_shorter_than_two_ticks_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new PeerLiveness(suspectAfterTicks: 1, startTick: 0));
        Assert.Equal("suspectAfterTicks", error.ParamName);
    }

    private static (SteppedClock Time, TickClock Clock, PeerLiveness Liveness) Start()
    {
        var time = new SteppedClock();
        var clock = new TickClock(time, Tick);
        var liveness = new PeerLiveness(SuspectAfterTicks, clock.TicksTaken);
        liveness.Observe(clock.TicksTaken, Peers);
        return (time, clock, liveness);
    }

    /// <summary>One tick of fake time, observed as the scheduler's loop does.</summary>
    private static void Step(SteppedClock time, TickClock clock, PeerLiveness liveness)
    {
        time.Advance(Tick);
        Assert.Equal(1, clock.TakeElapsedTicks());
        liveness.Observe(clock.TicksTaken, Peers);
    }
}
