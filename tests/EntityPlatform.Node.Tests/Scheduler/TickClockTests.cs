using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>The scheduler's tick clock (issue 12, item 2): monotonic, and honest about stalls.</summary>
public sealed class TickClockTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);

    [Fact]
    public void Ticks_count_whole_intervals_of_monotonic_time()
    {
        var time = new SteppedClock();
        var clock = new TickClock(time, Interval);
        time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, clock.TakeElapsedTicks());
        Assert.Equal(TimeSpan.FromMilliseconds(1), clock.UntilNextTick());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, clock.TakeElapsedTicks());
        Assert.Equal(0, clock.TakeElapsedTicks());
        Assert.Equal(1, clock.TicksTaken);
    }

    [Fact]
    public void After_a_stall_every_interval_that_passed_is_reported_at_once()
    {
        var time = new SteppedClock();
        var clock = new TickClock(time, Interval);
        time.Advance(TimeSpan.FromMilliseconds(15));
        Assert.Equal(1, clock.TakeElapsedTicks());

        // A 5 s pause (GC, slow fsync, SIGSTOP): the old loop replayed one tick here; the lease needs all 500.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(500, clock.TakeElapsedTicks());
        Assert.Equal(501, clock.TicksTaken);
        Assert.True(clock.UntilNextTick() > TimeSpan.Zero);
    }

    [Fact]
    public void A_wall_clock_step_moves_no_tick()
    {
        var time = new SteppedClock();
        var clock = new TickClock(time, Interval);
        time.StepWallClock(TimeSpan.FromHours(1));
        Assert.Equal(0, clock.TakeElapsedTicks());
        time.StepWallClock(TimeSpan.FromHours(-2));
        time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(3, clock.TakeElapsedTicks());
    }

    [Fact]
    public void A_non_positive_interval_is_refused_naming_it()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TickClock(new SteppedClock(), TimeSpan.Zero));
        Assert.Equal("interval", error.ParamName);
    }

    [Fact]
    public void A_follower_is_fresh_only_as_of_a_contact_whose_commit_it_has_applied()
    {
        var record = new LeaderContactRecord();
        Assert.False(record.TryGetFreshAsOf(applied: 10, out _));

        // A heartbeat at t=100 reports commit 12 while this replica applied 10: it lags, so it is not fresh.
        record.OnLeaderContact(timestamp: 100, leaderCommit: 12, applied: 10);
        Assert.False(record.TryGetFreshAsOf(applied: 10, out _));

        // Later contacts keep arriving while it still lags: still not fresh.
        record.OnLeaderContact(timestamp: 200, leaderCommit: 14, applied: 11);
        Assert.False(record.TryGetFreshAsOf(applied: 11, out _));

        // It applies 14: fresh as of the contact that reported 14 (t=200), not as of now.
        Assert.True(record.TryGetFreshAsOf(applied: 14, out var freshAsOf));
        Assert.Equal(200, freshAsOf);

        // A caught-up contact counts at once.
        record.OnLeaderContact(timestamp: 300, leaderCommit: 14, applied: 14);
        Assert.True(record.TryGetFreshAsOf(applied: 14, out freshAsOf));
        Assert.Equal(300, freshAsOf);
    }
}
