using Polly;
using Polly.CircuitBreaker;

namespace EntityPlatform.Client.Resilience;

/// <summary>One node endpoint's Polly circuit breaker, plus when it last opened (Polly moves to half-open lazily, on the next call).</summary>
internal sealed class EndpointBreaker(Uri endpoint, ResiliencePipeline pipeline, CircuitBreakerStateProvider state)
{
    private long openedTimestamp;

    public Uri Endpoint => endpoint;

    public ResiliencePipeline Pipeline => pipeline;

    public CircuitState State => state.CircuitState;

    public void MarkOpened(long timestamp) => Volatile.Write(ref openedTimestamp, timestamp);

    /// <summary>
    /// Whether routing should send this node a call: yes when closed; no while half-open (one probe is
    /// already in flight); when open, only once the break has elapsed, so that call becomes the probe.
    /// </summary>
    public bool Admits(TimeProvider time, TimeSpan breakDuration) => State switch
    {
        CircuitState.Closed => true,
        CircuitState.Open => time.GetElapsedTime(Volatile.Read(ref openedTimestamp)) >= breakDuration,
        _ => false,
    };
}
