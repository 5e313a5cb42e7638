namespace EntityPlatform.Node.Transport;

/// <summary>
/// Exponential backoff with jitter for redialling one peer: the ceiling doubles per failed attempt from
/// the minimum to the maximum, and each delay is drawn from [ceiling/2, ceiling] so that nodes which lost
/// the same peer do not redial in lockstep. Not thread-safe: each sender owns one.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan minimum, TimeSpan maximum, Random random)
{
    private int _failures;

    public int Failures => _failures;

    /// <summary>The delay before the next attempt; counts one more failure.</summary>
    public TimeSpan Next()
    {
        // Cap the exponent so the shift cannot overflow; the ceiling clamps long before that.
        var exponent = Math.Min(_failures, 30);
        _failures++;
        var ceilingTicks = Math.Min(maximum.Ticks, minimum.Ticks * (1L << exponent));
        var ceiling = Math.Max(minimum.Ticks, ceilingTicks);
        var jittered = (ceiling / 2) + (long)(random.NextDouble() * (ceiling - (ceiling / 2)));
        return TimeSpan.FromTicks(Math.Max(1, jittered));
    }

    /// <summary>A stream worked again: start over from the minimum.</summary>
    public void Reset() => _failures = 0;
}
