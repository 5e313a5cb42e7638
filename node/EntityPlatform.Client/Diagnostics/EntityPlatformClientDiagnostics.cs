namespace EntityPlatform.Client.Diagnostics;

/// <summary>
/// Names to subscribe to with OpenTelemetry (<c>AddMeter(MeterName)</c>, <c>AddSource(ActivitySourceName)</c>)
/// or any System.Diagnostics listener. docs/client.md lists every instrument.
/// </summary>
public static class EntityPlatformClientDiagnostics
{
    public const string MeterName = "EntityPlatform.Client";

    public const string ActivitySourceName = "EntityPlatform.Client";

    /// <summary>Counter: finished calls, tagged <c>method</c> (command, query) and <c>status</c> (ok, rejected, or the gRPC code name).</summary>
    public const string Calls = "entityplatform.client.calls";

    /// <summary>Histogram (ms): whole-call duration, retries and backoff included; same tags as <see cref="Calls"/>.</summary>
    public const string CallDuration = "entityplatform.client.call.duration";

    /// <summary>Counter: retries, tagged <c>method</c> and <c>reason</c> (not_leader, unreachable, attempt_timeout, overloaded, circuit_open).</summary>
    public const string Retries = "entityplatform.client.retries";

    /// <summary>Counter: circuit breaker transitions, tagged <c>endpoint</c> and <c>state</c> (open, half_open, closed).</summary>
    public const string BreakerTransitions = "entityplatform.client.breaker.transitions";

    /// <summary>Counter: leader-map refreshes (Topology rounds), tagged <c>outcome</c> (ok: at least one node answered, failed).</summary>
    public const string LeaderMapRefreshes = "entityplatform.client.leader_map.refreshes";

    /// <summary>Counter: shard leaders the map changed, tagged <c>source</c> (topology, hint, forgotten).</summary>
    public const string LeaderChanges = "entityplatform.client.leader_map.changes";

    /// <summary>Counter: hedged attempts, tagged <c>method</c> and <c>outcome</c> (sent, won, no_budget).</summary>
    public const string Hedges = "entityplatform.client.hedges";
}
