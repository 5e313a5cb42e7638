using System.Diagnostics.Metrics;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Telemetry;

/// <summary>
/// The node's own instruments on the Meter "EntityPlatform.Node": replica counts, per-shard Raft state,
/// faulted replicas and dropped peer messages. All are observable and read the <see cref="NodeStatusCache"/>
/// (never the Raft loop), so a scrape costs the loop nothing and answers while the loop is stalled.
/// Every series carries the label <c>node</c>. docs/metrics.md lists the names as Prometheus renders them.
/// </summary>
public sealed class NodeMetrics : IDisposable
{
    public const string MeterName = "EntityPlatform.Node";

    private static readonly ReplicaFaultKind[] FaultKinds = Enum.GetValues<ReplicaFaultKind>();
    private static readonly string[] FaultKindLabels = FaultKinds.Select(kind => kind.ToString().ToLowerInvariant()).ToArray();

    private readonly Meter meter = new(MeterName);
    private readonly NodeStatusCache cache;
    private readonly KeyValuePair<string, object?> nodeTag;

    /// <param name="droppedPeerMessages">The loop's count of peer messages dropped as malformed or impossible (read without the loop).</param>
    public NodeMetrics(ulong nodeId, NodeStatusCache cache, Func<long> droppedPeerMessages)
    {
        this.cache = cache;
        nodeTag = new("node", nodeId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        NodeGauge("entityplatform.node.shard_replicas", "Shard replicas hosted by this node.", replicas => replicas.Count);
        NodeGauge("entityplatform.node.shard_leaders", "Shards this node leads.", replicas => replicas.Count(r => r.Raft.Role == StateRole.Leader));
        // Quiesced groups send no heartbeats; the node's liveness probe (PeerLiveness) watches their leaders instead.
        NodeGauge("entityplatform.node.quiesced_replicas", "Shard replicas quiesced (idle: no ticks, no heartbeats).", replicas => replicas.Count(r => r.Raft.Quiesced));
        meter.CreateObservableGauge("entityplatform.node.placement_version", () => Node(cache.Latest?.PlacementVersion),
            description: "Target placement version in force.");
        meter.CreateObservableGauge("entityplatform.node.status_age", ObserveStatusAge, unit: "s",
            description: "Age of the replica status the other node gauges show (refreshed every 250 ms while the Raft loop answers).");
        ShardGauge("entityplatform.shard.term", "Raft term per shard replica.", r => (long)r.Raft.Term);
        ShardGauge("entityplatform.shard.commit_index", "Raft commit index per shard replica.", r => (long)r.Raft.Commit);
        ShardGauge("entityplatform.shard.applied_index", "Applied index per shard replica.", r => (long)r.AppliedIndex);
        ShardGauge("entityplatform.shard.is_leader", "1 when this replica leads its shard.", r => r.Raft.Role == StateRole.Leader ? 1 : 0);
        ShardGauge("entityplatform.shard.queued_commands", "Commands waiting on this replica (leader only).", r => r.QueuedCommands);
        meter.CreateObservableGauge("entityplatform.replica.faulted", ObserveFaults,
            description: "Shard replicas on this node stopped by a fault of their own, by kind.");
        meter.CreateObservableCounter("entityplatform.node.peer_messages_dropped", () => new Measurement<long>(droppedPeerMessages(), nodeTag),
            description: "Raft messages from peers dropped as malformed or impossible.");
    }

    public void Dispose() => meter.Dispose();

    private void NodeGauge(string name, string description, Func<IReadOnlyList<ShardReplicaStatus>, long> read) =>
        meter.CreateObservableGauge(name, () => Node(cache.Latest is { } snapshot ? read(snapshot.Replicas) : null), description: description);

    private void ShardGauge(string name, string description, Func<ShardReplicaStatus, long> read) =>
        meter.CreateObservableGauge(name, () => ObserveShards(read), description: description);

    /// <summary>One measurement with the node label, or none before the first status snapshot.</summary>
    private Measurement<long>[] Node(long? value) => value is { } known ? [new Measurement<long>(known, nodeTag)] : [];

    private Measurement<double>[] ObserveStatusAge() => cache.AgeSeconds() is { } age ? [new Measurement<double>(age, nodeTag)] : [];

    private IEnumerable<Measurement<long>> ObserveShards(Func<ShardReplicaStatus, long> read)
    {
        var replicas = cache.Latest?.Replicas ?? [];
        var measurements = new Measurement<long>[replicas.Count];
        for (var i = 0; i < replicas.Count; i++)
        {
            var replica = replicas[i];
            measurements[i] = new Measurement<long>(read(replica), nodeTag, new("entity_type", replica.Shard.EntityType),
                new("shard", replica.Shard.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return measurements;
    }

    /// <summary>Every kind is listed, zeros included, so an alert can watch for "&gt; 0".</summary>
    private IEnumerable<Measurement<long>> ObserveFaults()
    {
        if (cache.Latest is not { } snapshot)
        {
            return [];
        }

        var measurements = new Measurement<long>[FaultKinds.Length];
        for (var i = 0; i < FaultKinds.Length; i++)
        {
            var kind = FaultKinds[i];
            measurements[i] = new Measurement<long>(snapshot.Replicas.Count(r => r.Fault?.Kind == kind), nodeTag, new("kind", FaultKindLabels[i]));
        }

        return measurements;
    }
}
