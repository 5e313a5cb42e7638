using System.Collections.Concurrent;
using EntityPlatform.Client.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace EntityPlatform.Client.Resilience;

/// <summary>
/// A circuit breaker per node endpoint. Only node failures count (unreachable, attempt timed out): a node
/// that answers "not the leader" or "overloaded" is alive, and a business rejection is a success. When a
/// node's failure ratio passes the threshold its circuit opens and routing skips it; after the break one
/// call is let through as a probe (half-open): success closes the circuit, failure opens it again.
/// </summary>
internal sealed class EndpointBreakers(EntityPlatformClientOptions options, TimeProvider time, ClientMetrics metrics, ILogger logger)
{
    // Bounded by the cluster's node count plus the seeds.
    private readonly ConcurrentDictionary<Uri, EndpointBreaker> breakers = new();

    public EndpointBreaker For(Uri endpoint) => breakers.GetOrAdd(endpoint, Create);

    public bool Admits(Uri endpoint) => !breakers.TryGetValue(endpoint, out var breaker) || breaker.Admits(time, options.BreakerBreakDuration);

    /// <summary>Routing skips <paramref name="endpoint"/> for one break duration (see <see cref="EndpointBreaker.Suspect"/>).</summary>
    public void Suspect(Uri endpoint) => For(endpoint).Suspect(time.GetTimestamp());

    /// <summary>An attempt at <paramref name="endpoint"/> got an answer (any answer: the node is alive).</summary>
    public void Answered(Uri endpoint)
    {
        if (breakers.TryGetValue(endpoint, out var breaker))
        {
            breaker.Clear();
        }
    }

    public bool IsSuspect(Uri endpoint) => breakers.TryGetValue(endpoint, out var breaker) && breaker.IsSuspect(time, options.BreakerBreakDuration);

    public CircuitState StateOf(Uri endpoint) => breakers.TryGetValue(endpoint, out var breaker) ? breaker.State : CircuitState.Closed;

    private EndpointBreaker Create(Uri endpoint)
    {
        var state = new CircuitBreakerStateProvider();
        EndpointBreaker? breaker = null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = options.BreakerMinimumThroughput,
                SamplingDuration = options.BreakerSamplingDuration,
                BreakDuration = options.BreakerBreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error
                    && FailureClassifier.IsNodeFailure(FailureClassifier.Classify(error, args.Context.CancellationToken))),
                OnOpened = args =>
                {
                    breaker!.MarkOpened(time.GetTimestamp());
                    metrics.BreakerChanged(endpoint, "open");
                    ClientLog.BreakerOpened(logger, endpoint, args.BreakDuration, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    metrics.BreakerChanged(endpoint, "half_open");
                    ClientLog.BreakerHalfOpened(logger, endpoint);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    metrics.BreakerChanged(endpoint, "closed");
                    ClientLog.BreakerClosed(logger, endpoint);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        breaker = new EndpointBreaker(endpoint, pipeline, state);
        return breaker;
    }
}
