using EntityPlatform.Entities.Serialization;

namespace EntityPlatform.Client;

/// <summary>
/// Settings of an <see cref="EntityPlatformClient"/>. Every value is checked by
/// <see cref="DependencyInjection.EntityPlatformClientOptionsValidator"/> before the client starts, and each
/// bad value gets a message naming the option and what was expected.
/// </summary>
public sealed class EntityPlatformClientOptions
{
    /// <summary>
    /// Seed nodes (<c>http://host:port</c> for h2c, <c>https://</c> for TLS). Only used to learn the cluster:
    /// after the first Topology answer the client talks to the nodes it lists. Set this or <see cref="ServiceAddress"/>.
    /// </summary>
    public IList<Uri> Endpoints { get; set; } = [];

    /// <summary>One load-balanced address in front of every node (a Kubernetes Service). Any node answers any call.</summary>
    public Uri? ServiceAddress { get; set; }

    /// <summary>How long a call may take in all, retries included, when the caller passes no timeout.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest single attempt. A node that is paused or partitioned costs at most this much before the
    /// call moves on; it is sent as grpc-timeout (capped by the call's remaining time). 1 s: a stalled leader
    /// is replaced in about 0.3–0.6 s, retries are deduplicated, and loaded p99 latency is ~0.25 s.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts per call, the first included. 1 disables retries.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First retry delay bound: retry n waits a uniformly random time in [0, min(BackoffMax, BackoffBase·2ⁿ)] (full jitter).</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest retry delay bound.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Hedged attempts per attempt: when an attempt has had no answer after the hedge delay, the same request
    /// (same session and request id, so a command is still applied once) goes to the next candidate node, and
    /// the first answer wins; hedges are sent 1, 3, 7 … hedge delays after the attempt began. 0 (the default)
    /// disables hedging, and stays the default: on a saturated cluster hedges add load and their timeouts open
    /// circuit breakers sooner (failed calls, never a double application; docs/benchmarks.md, issue 19), and a
    /// silent leader is handled by the topology watch (<see cref="TopologyWatchNodes"/>). 3 is a good value
    /// where there is headroom and tail latency matters.
    /// </summary>
    public int MaxHedgesPerAttempt { get; set; }

    /// <summary>Hedged attempts in flight at once for the whole client, so hedging never amplifies an overload much.</summary>
    public int MaxHedgesInFlight { get; set; } = 8;

    /// <summary>The hedge delay is the recent p99 attempt latency times this.</summary>
    public double HedgeLatencyMultiplier { get; set; } = 2.0;

    /// <summary>The floor of the hedge delay: a fast cluster does not hedge on every scheduling hiccup.</summary>
    public TimeSpan HedgeDelayMin { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The ceiling of the hedge delay, also used until enough latencies are known. It bounds what a silent
    /// (paused, partitioned) leader costs a call: about this long, instead of a whole <see cref="AttemptTimeout"/>.
    /// </summary>
    public TimeSpan HedgeDelayMax { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Leader-map refreshes triggered by failures are coalesced to at most one per this interval.</summary>
    public TimeSpan TopologyRefreshMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Background refresh period, so new nodes and moved leaders are learned without failures. Zero disables it.</summary>
    public TimeSpan TopologyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Nodes the client keeps a topology watch open to (0–16; 0 turns watches off). Each node streams its view of
    /// shard leadership whenever it changes, so the client learns of a new leader from any of them within
    /// milliseconds of the election, and re-routes the calls in flight to it, instead of waiting for an attempt
    /// to time out at a silent leader (issue 19). One HTTP/2 stream per watched node.
    /// </summary>
    public int TopologyWatchNodes { get; set; } = 3;

    /// <summary>Timeout of one Topology call to one node.</summary>
    public TimeSpan TopologyTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of failed calls to one node, within <see cref="BreakerSamplingDuration"/>, that opens its circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls to one node within the sampling window before its failure ratio counts (at least 2).</summary>
    public int BreakerMinimumThroughput { get; set; } = 3;

    /// <summary>The window over which a node's failure ratio is measured (at least 500 ms).</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit skips its node before one probe call is let through (at least 500 ms).</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Commands in flight at once. Each one holds a session lane (a session id with strictly sequential
    /// request ids), and the server remembers a bounded number of sessions per shard.
    /// </summary>
    public int MaxConcurrentCommands { get; set; } = 1024;

    /// <summary>Serializer of typed commands, events, queries and results; must match the entity types' (JSON by default).</summary>
    public IEntitySerializer Serializer { get; set; } = new JsonEntitySerializer();

    /// <summary>
    /// TLS for https:// endpoints: the cluster's CA bundle to trust (never the machine's store) and, for
    /// certificate authentication, the client certificate (asked for at each handshake, so a rotated one is
    /// used by the next connection). <see cref="ClientTls.FromDirectory"/> reads what <c>local up</c> writes.
    /// Required when an endpoint is https://.
    /// </summary>
    public EntityPlatform.Contracts.Security.ClientTls? Tls { get; set; }

    /// <summary>
    /// Gets a bearer token (a JWT the cluster's configured issuer signed) for token authentication. The client
    /// caches it and asks again <see cref="TokenRefreshBefore"/> its expiry; calls never wait for it while the
    /// cached one is fresh. Tokens are never logged.
    /// </summary>
    public Func<CancellationToken, ValueTask<Transport.BearerToken>>? TokenProvider { get; set; }

    /// <summary>How long before a token's expiry a new one is fetched (at least 1 s).</summary>
    public TimeSpan TokenRefreshBefore { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sent as user-agent so node logs can tell clients apart.</summary>
    public string UserAgent { get; set; } = "entityplatform-client-dotnet/1.0";

    /// <summary>All seeds: <see cref="Endpoints"/> then <see cref="ServiceAddress"/>.</summary>
    internal IReadOnlyList<Uri> Seeds() =>
        ServiceAddress is null ? Endpoints.ToArray() : Endpoints.Append(ServiceAddress).Distinct().ToArray();
}
