using EntityPlatform.Client.Resilience;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>Full jitter: uniform in [0, min(max, base·2ⁿ)].</summary>
public sealed class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(0, 20)]
    [InlineData(1, 40)]
    [InlineData(3, 160)]
    [InlineData(5, 640)]
    [InlineData(6, 1000)]
    [InlineData(60, 1000)]
    public void The_ceiling_doubles_per_retry_up_to_the_maximum(int retry, int ceilingMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs), FullJitterBackoff.Delay(retry, Base, Max, uniform: 1.0));
        Assert.Equal(TimeSpan.Zero, FullJitterBackoff.Delay(retry, Base, Max, uniform: 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs / 2.0), FullJitterBackoff.Delay(retry, Base, Max, uniform: 0.5));
    }

    [Fact]
    public void Delays_spread_over_the_whole_interval()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(0, 2000).Select(_ => FullJitterBackoff.Delay(4, Base, Max, random.NextDouble()).TotalMilliseconds).ToArray();

        Assert.All(delays, delay => Assert.InRange(delay, 0, 320));
        Assert.InRange(delays.Average(), 140, 180);
        Assert.True(delays.Min() < 20 && delays.Max() > 300);
    }
}
