using EntityPlatform.Node.Transport;

namespace EntityPlatform.Node.Tests.Transport;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Maximum = TimeSpan.FromSeconds(2);

    [Fact]
    public void Delays_double_from_the_minimum_stay_within_half_to_full_ceiling_and_never_pass_the_maximum()
    {
        var backoff = new ReconnectBackoff(Minimum, Maximum, new Random(7));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var ceiling = TimeSpan.FromTicks(Math.Min(Maximum.Ticks, Minimum.Ticks << Math.Min(attempt, 30)));
            var delay = backoff.Next();
            Assert.InRange(delay, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Reset_starts_again_from_the_minimum()
    {
        var backoff = new ReconnectBackoff(Minimum, Maximum, new Random(7));
        for (var attempt = 0; attempt < 10; attempt++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(0, backoff.Failures);
        Assert.InRange(backoff.Next(), Minimum / 2, Minimum);
    }
}
