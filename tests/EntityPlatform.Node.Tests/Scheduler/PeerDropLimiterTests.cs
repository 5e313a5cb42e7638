using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Tests.Scheduler;

/// <summary>Issue 12, item 7: dropped peer messages are all counted, but warned about at most once per peer per interval.</summary>
public sealed class PeerDropLimiterTests
{
    [Fact]
    public void One_line_per_peer_per_interval_carries_how_many_drops_it_stands_for()
    {
        var clock = new SteppedClock();
        var limiter = new PeerDropLimiter(clock, TimeSpan.FromSeconds(10));

        Assert.True(limiter.Drop(peer: 2, out var suppressed));
        Assert.Equal(0, suppressed);
        for (var i = 0; i < 99; i++)
        {
            Assert.False(limiter.Drop(peer: 2, out _));
        }

        Assert.True(limiter.Drop(peer: 3, out _));
        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(limiter.Drop(peer: 2, out _));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(limiter.Drop(peer: 2, out suppressed));
        Assert.Equal(100, suppressed);
        Assert.Equal(103, limiter.Dropped);
    }

    [Fact]
    public void The_peer_table_stays_bounded()
    {
        var limiter = new PeerDropLimiter(new SteppedClock(), TimeSpan.FromSeconds(10));
        for (ulong peer = 1; peer <= PeerDropLimiter.MaxPeersTracked * 3; peer++)
        {
            Assert.True(limiter.Drop(peer, out _));
        }

        Assert.Equal(PeerDropLimiter.MaxPeersTracked * 3, limiter.Dropped);
        Assert.True(limiter.TrackedPeers <= PeerDropLimiter.MaxPeersTracked);
    }
}
