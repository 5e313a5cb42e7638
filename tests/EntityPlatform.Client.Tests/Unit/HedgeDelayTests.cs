using EntityPlatform.Client.Resilience;

namespace EntityPlatform.Client.Tests.Unit;

/// <summary>The hedge delay is the recent p99 times the multiplier, between the floor and the ceiling.</summary>
public sealed class HedgeDelayTests
{
    private static readonly EntityPlatformClientOptions Options = new()
    {
        HedgeLatencyMultiplier = 2,
        HedgeDelayMin = TimeSpan.FromMilliseconds(10),
        HedgeDelayMax = TimeSpan.FromMilliseconds(150),
    };

    private static HedgeDelay With(params (int Count, double Ms)[] samples)
    {
        var window = new LatencyWindow();
        foreach (var (count, ms) in samples)
        {
            for (var i = 0; i < count; i++)
            {
                window.Record(TimeSpan.FromMilliseconds(ms));
            }
        }

        return new HedgeDelay(window, Options);
    }

    [Fact]
    public void Without_enough_samples_the_delay_is_the_ceiling() =>
        Assert.Equal(TimeSpan.FromMilliseconds(150), With((LatencyWindow.MinimumSamples - 1, 1)).Current());

    [Theory]
    [InlineData(30, 60)] // p99 x 2
    [InlineData(2, 10)] // the floor
    [InlineData(400, 150)] // the ceiling
    public void The_delay_is_twice_the_p99_within_floor_and_ceiling(double sampleMs, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), With((128, sampleMs)).Current());

    [Fact]
    public void The_p99_follows_the_tail_not_the_median()
    {
        // 128 samples: 126 at 5 ms and 2 at 40 ms. The nearest-rank p99 is the 127th sample, 40 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(80), With((126, 5), (2, 40)).Current());
        // One outlier in 128 is below the p99: the delay stays at 2 x 5 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(10), With((127, 5), (1, 40)).Current());
    }

    [Fact]
    public void Old_samples_leave_the_window()
    {
        // A slow spell followed by a full window of fast answers: only the fast ones count.
        Assert.Equal(TimeSpan.FromMilliseconds(20), With((LatencyWindow.Capacity, 100), (LatencyWindow.Capacity, 10)).Current());
    }
}
