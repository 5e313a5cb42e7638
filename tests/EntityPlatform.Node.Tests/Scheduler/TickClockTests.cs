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
    public void A_replica_is_fresh_as_of_sending_a_read_index_request_whose_answer_it_applied()
    {
        var freshness = new FollowerFreshness();
        Assert.False(freshness.TryGetFreshAsOf(applied: 10, out _));

        // Requested at t=100, answered with index 12 while 10 is applied: not fresh until 12 is applied.
        freshness.OnRequested(context: 1, timestamp: 100);
        freshness.OnAnswered(context: 1, index: 12, applied: 10);
        Assert.False(freshness.TryGetFreshAsOf(applied: 11, out _));
        Assert.True(freshness.TryGetFreshAsOf(applied: 12, out var freshAsOf));

        // Fresh as of when the request was SENT, however late the answer came.
        Assert.Equal(100, freshAsOf);

        // An answer to a request nobody remembers (or a duplicate) proves nothing.
        freshness.OnAnswered(context: 1, index: 12, applied: 12);
        freshness.OnAnswered(context: 99, index: 1, applied: 12);
        Assert.True(freshness.TryGetFreshAsOf(applied: 12, out freshAsOf));
        Assert.Equal(100, freshAsOf);

        // An older request answered later does not move freshness back.
        freshness.OnRequested(context: 2, timestamp: 150);
        freshness.OnRequested(context: 3, timestamp: 200);
        freshness.OnAnswered(context: 3, index: 12, applied: 12);
        freshness.OnAnswered(context: 2, index: 12, applied: 12);
        Assert.True(freshness.TryGetFreshAsOf(applied: 12, out freshAsOf));
        Assert.Equal(200, freshAsOf);
    }

    [Fact]
    public void Unanswered_read_index_requests_are_bounded()
    {
        var freshness = new FollowerFreshness();
        for (ulong context = 1; context <= FollowerFreshness.MaxOutstanding + 10; context++)
        {
            freshness.OnRequested(context, timestamp: (long)context);
        }

        // The oldest were forgotten: their answers no longer count.
        freshness.OnAnswered(context: 1, index: 1, applied: 5);
        Assert.False(freshness.TryGetFreshAsOf(applied: 5, out _));
        freshness.OnAnswered(context: FollowerFreshness.MaxOutstanding + 10, index: 1, applied: 5);
        Assert.True(freshness.TryGetFreshAsOf(applied: 5, out _));
    }
}
