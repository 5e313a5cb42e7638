using System.Diagnostics;
using System.Diagnostics.Metrics;
using EntityPlatform.Client.Resilience;

namespace EntityPlatform.Client.Diagnostics;

/// <summary>
/// The client's instruments. Each client owns a Meter (from the host's IMeterFactory when there is one),
/// so tests can listen to one client alone; OpenTelemetry subscribes by the shared meter name.
/// </summary>
internal sealed class ClientMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> calls;
    private readonly Histogram<double> duration;
    private readonly Counter<long> retries;
    private readonly Counter<long> breaker;
    private readonly Counter<long> refreshes;
    private readonly Counter<long> leaderChanges;
    private readonly Counter<long> hedges;

    public ClientMetrics(IMeterFactory? factory)
    {
        meter = factory?.Create(EntityPlatformClientDiagnostics.MeterName) ?? new Meter(EntityPlatformClientDiagnostics.MeterName);
        ownsMeter = factory is null;
        calls = meter.CreateCounter<long>(EntityPlatformClientDiagnostics.Calls, "{call}", "Finished client calls");
        duration = meter.CreateHistogram<double>(EntityPlatformClientDiagnostics.CallDuration, "ms", "Whole-call duration including retries");
        retries = meter.CreateCounter<long>(EntityPlatformClientDiagnostics.Retries, "{retry}", "Retried attempts by reason");
        breaker = meter.CreateCounter<long>(EntityPlatformClientDiagnostics.BreakerTransitions, "{transition}", "Circuit breaker transitions per node endpoint");
        refreshes = meter.CreateCounter<long>(EntityPlatformClientDiagnostics.LeaderMapRefreshes, "{refresh}", "Topology refresh rounds");
        leaderChanges = meter.CreateCounter<long>(EntityPlatformClientDiagnostics.LeaderChanges, "{change}", "Shard leaders changed in the leader map");
        hedges = meter.CreateCounter<long>(EntityPlatformClientDiagnostics.Hedges, "{hedge}", "Hedged attempts sent, and hedges whose answer won");
    }

    public Meter Meter => meter;

    public void CallFinished(string method, string status, TimeSpan elapsed)
    {
        var tags = new TagList { { "method", method }, { "status", status } };
        calls.Add(1, tags);
        duration.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Retried(string method, FailureKind reason) =>
        retries.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("reason", ReasonName(reason)));

    public void BreakerChanged(Uri endpoint, string state) =>
        breaker.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint.Authority), new KeyValuePair<string, object?>("state", state));

    public void LeaderMapRefreshed(bool answered, int changed)
    {
        refreshes.Add(1, new KeyValuePair<string, object?>("outcome", answered ? "ok" : "failed"));
        if (changed > 0)
        {
            leaderChanges.Add(changed, new KeyValuePair<string, object?>("source", "topology"));
        }
    }

    public void LeaderChanged(string source) => leaderChanges.Add(1, new KeyValuePair<string, object?>("source", source));

    /// <param name="outcome">"sent", "won", or "no_budget" (a hedge was due but the client's budget was spent).</param>
    public void Hedge(string method, string outcome) =>
        hedges.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("outcome", outcome));

    public static string ReasonName(FailureKind reason) => reason switch
    {
        FailureKind.NotLeader => "not_leader",
        FailureKind.Unreachable => "unreachable",
        FailureKind.AttemptTimeout => "attempt_timeout",
        FailureKind.Overloaded => "overloaded",
        FailureKind.CircuitOpen => "circuit_open",
        FailureKind.Cancelled => "cancelled",
        _ => "fatal",
    };

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }
}
