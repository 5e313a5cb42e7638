namespace EntityPlatform.Client.Resilience;

/// <summary>
/// Exponential backoff with full jitter (the AWS architecture blog's "Full Jitter"): retry n waits a
/// uniformly random time in [0, min(max, base·2ⁿ)]. Randomizing the whole interval spreads clients that
/// failed together (a leader died under all of them) better than a jittered fixed delay.
/// </summary>
internal static class FullJitterBackoff
{
    /// <param name="retryIndex">0 for the first retry.</param>
    /// <param name="uniform">A sample in [0, 1).</param>
    public static TimeSpan Delay(int retryIndex, TimeSpan baseDelay, TimeSpan maxDelay, double uniform)
    {
        // 2^30 times any sane base already exceeds any sane max; clamping the exponent avoids overflow.
        var ceilingTicks = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Clamp(retryIndex, 0, 30)));
        return TimeSpan.FromTicks((long)(ceilingTicks * Math.Clamp(uniform, 0, 1)));
    }
}
