using System.Diagnostics;
using EntityPlatform.Client.Diagnostics;
using EntityPlatform.Client.Resilience;
using EntityPlatform.Client.Routing;
using EntityPlatform.Client.Transport;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace EntityPlatform.Client.Calls;

/// <summary>
/// Runs a call through the Polly retry pipeline; each attempt picks its node, runs inside that node's
/// circuit breaker with grpc-timeout = min(attempt timeout, remaining deadline), and teaches the router
/// what its failure meant. The retry predicate is bounded three ways: attempts, the caller's deadline
/// (a retry whose backoff would not leave time for an attempt is not made), and the caller's token.
/// </summary>
internal sealed partial class CallExecutor
{
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("entityplatform.call");
    private readonly ResiliencePipeline retry;
    private readonly Router router;
    private readonly EndpointBreakers breakers;
    private readonly IEntityTransport transport;
    private readonly EntityPlatformClientOptions options;
    private readonly ClientMetrics metrics;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Func<double> uniform;
    private readonly LatencyWindow latency = new();
    private readonly HedgeDelay hedgeDelay;
    private readonly HedgeBudget hedgeBudget;

    public CallExecutor(Router router, EndpointBreakers breakers, IEntityTransport transport, EntityPlatformClientOptions options,
        ClientMetrics metrics, ILogger logger, TimeProvider time, Func<double> uniform)
    {
        this.router = router;
        this.breakers = breakers;
        this.transport = transport;
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
        this.time = time;
        this.uniform = uniform;
        hedgeDelay = new HedgeDelay(latency, options);
        hedgeBudget = new HedgeBudget(options.MaxHedgesInFlight);
        retry = BuildRetry();
    }

    /// <summary>Answered attempts' latencies, from which the hedge delay follows.</summary>
    public LatencyWindow Latency => latency;

    public HedgeDelay HedgeDelay => hedgeDelay;

    public HedgeBudget HedgeBudget => hedgeBudget;

    private ResiliencePipeline BuildRetry()
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && ShouldRetry(StateOf(args.Context), args.AttemptNumber)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(StateOf(args.Context).NextDelay),
                OnRetry = args =>
                {
                    var call = StateOf(args.Context);
                    metrics.Retried(call.Method, call.LastFailure);
                    Activity.Current?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
                    {
                        ["entityplatform.attempt"] = call.Attempts,
                        ["entityplatform.reason"] = ClientMetrics.ReasonName(call.LastFailure),
                    }));
                    ClientLog.Retrying(logger, call.Method, call.EntityType, call.EntityId, call.Attempts, call.LastTarget?.Address,
                        ClientMetrics.ReasonName(call.LastFailure), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>Decides whether to retry and, if so, the delay (kept on the call for the delay generator).</summary>
    private bool ShouldRetry(CallState call, int retryIndex)
    {
        if (!FailureClassifier.IsRetryable(call.LastFailure))
        {
            return false;
        }

        // Following a fresh hint is immediate: the named leader is very likely right. Bounded, so two
        // nodes that name each other cannot make the call spin without backoff.
        var delay = call.LastFailure == FailureKind.NotLeader && call.Hinted is not null && call.HintsFollowed <= 2
            ? TimeSpan.Zero
            : FullJitterBackoff.Delay(retryIndex, options.BackoffBase, options.BackoffMax, uniform());
        if (call.Budget.Remaining <= delay + TimeSpan.FromMilliseconds(1))
        {
            return false;
        }

        call.NextDelay = delay;
        return true;
    }

    private static CallState StateOf(ResilienceContext context) => context.Properties.GetValue(StateKey, null!);
}
