using EntityPlatform.Node.Scheduler;
using EntityPlatform.Node.Tests.Support;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>A drain is bounded in time and can be undone (issue 12, item 13).</summary>
public sealed class DrainHoldTests
{
    [Fact]
    public void A_drain_ends_by_itself_when_its_hold_passes()
    {
        var clock = new ManualTimeProvider();
        var drain = new DrainHold(clock);
        drain.Begin(TimeSpan.FromMinutes(2));
        clock.Advance(TimeSpan.FromSeconds(119));
        Assert.True(drain.IsActive);
        Assert.Equal(TimeSpan.FromSeconds(1), drain.Remaining);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(drain.IsActive);
        Assert.Equal(TimeSpan.Zero, drain.Remaining);
    }

    [Fact]
    public void A_second_drain_extends_the_hold_but_never_shortens_it()
    {
        var clock = new ManualTimeProvider();
        var drain = new DrainHold(clock);
        drain.Begin(TimeSpan.FromMinutes(10));
        clock.Advance(TimeSpan.FromMinutes(1));
        drain.Begin(TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.FromMinutes(9), drain.Remaining);
        drain.Begin(TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(30), drain.Remaining);
    }

    [Fact]
    public void An_undone_drain_is_over_at_once()
    {
        var drain = new DrainHold(new ManualTimeProvider());
        drain.Begin(DrainHold.MaxHold);
        drain.End();
        Assert.False(drain.IsActive);
    }

    [Fact]
    public void A_hold_beyond_the_bound_is_an_invariant_violation()
    {
        var drain = new DrainHold(new ManualTimeProvider());
        Assert.Throws<InvariantViolationException>(() => drain.Begin(DrainHold.MaxHold + TimeSpan.FromTicks(1)));
    }
}
