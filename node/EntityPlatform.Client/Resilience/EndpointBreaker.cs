using Polly;
using Polly.CircuitBreaker;

namespace EntityPlatform.Client.Resilience;

/// <summary>One node endpoint's Polly circuit breaker, plus when it last opened (Polly moves to half-open lazily, on the next call).</summary>
internal sealed class EndpointBreaker(Uri endpoint, ResiliencePipeline pipeline, CircuitBreakerStateProvider state)
{
    private long openedTimestamp;

    // long.MinValue: not suspected. Otherwise the timestamp the suspicion was raised.
    private long suspectedTimestamp = long.MinValue;

    public Uri Endpoint => endpoint;

    public ResiliencePipeline Pipeline => pipeline;

    public CircuitState State => state.CircuitState;

    public void MarkOpened(long timestamp) => Volatile.Write(ref openedTimestamp, timestamp);

    /// <summary>
    /// The node just let an attempt time out. The circuit's failure ratio needs several
    /// failures (and a leader that served thousands of calls a second ago needs many), so it reacts far too
    /// late for a node that went silent; a suspicion makes routing skip the node at once, for one break.
    /// </summary>
    public void Suspect(long timestamp) => Volatile.Write(ref suspectedTimestamp, timestamp);

    /// <summary>The node answered: whatever made it suspect is over.</summary>
    public void Clear() => Volatile.Write(ref suspectedTimestamp, long.MinValue);

    public bool IsSuspect(TimeProvider time, TimeSpan breakDuration)
    {
        var since = Volatile.Read(ref suspectedTimestamp);
        return since != long.MinValue && time.GetElapsedTime(since) < breakDuration;
    }

    /// <summary>
    /// Whether routing should send this node a call: not while suspect; yes when closed; no while half-open
    /// (one probe is already in flight); when open, only once the break has elapsed, so that call becomes the probe.
    /// </summary>
    public bool Admits(TimeProvider time, TimeSpan breakDuration) => !IsSuspect(time, breakDuration) && State switch
    {
        CircuitState.Closed => true,
        CircuitState.Open => time.GetElapsedTime(Volatile.Read(ref openedTimestamp)) >= breakDuration,
        _ => false,
    };
}
