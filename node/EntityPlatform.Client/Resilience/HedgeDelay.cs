namespace EntityPlatform.Client.Resilience;

/// <summary>
/// How long an attempt may go unanswered before the call hedges: the recent p99 latency times
/// <c>HedgeLatencyMultiplier</c>, clamped to [<c>HedgeDelayMin</c>, <c>HedgeDelayMax</c>]. With too few samples
/// to know the p99 it is the ceiling, so a new client does not hedge on guesses. The floor keeps a very fast
/// cluster from hedging on every scheduling hiccup; the ceiling bounds what a silent leader costs.
/// </summary>
internal sealed class HedgeDelay(LatencyWindow window, EntityPlatformClientOptions options)
{
    public LatencyWindow Window => window;

    public TimeSpan Current()
    {
        if (window.P99 is not { } p99)
        {
            return options.HedgeDelayMax;
        }

        var scaled = TimeSpan.FromMilliseconds(p99.TotalMilliseconds * options.HedgeLatencyMultiplier);
        return scaled < options.HedgeDelayMin ? options.HedgeDelayMin
            : scaled > options.HedgeDelayMax ? options.HedgeDelayMax
            : scaled;
    }
}
