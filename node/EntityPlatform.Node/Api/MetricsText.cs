using System.Globalization;
using System.Text;
using EntityPlatform.Consensus.Messages;
using EntityPlatform.Node.Scheduler;

namespace EntityPlatform.Node.Api;

/// <summary>
/// Prometheus text exposition of the node's state (the OpenTelemetry Prometheus exporter is not available
/// here, and these gauges are few enough to write directly).
/// </summary>
internal static class MetricsText
{
    public static string Render(ulong nodeId, IReadOnlyList<ShardReplicaStatus> replicas, long placementVersion, long droppedPeerMessages = 0)
    {
        var text = new StringBuilder();
        Gauge(text, "entityplatform_node_shard_replicas", "Shard replicas hosted by this node.", $"{{node=\"{nodeId}\"}}", replicas.Count);
        Gauge(text, "entityplatform_node_shard_leaders", "Shards this node leads.", $"{{node=\"{nodeId}\"}}", replicas.Count(r => r.Raft.Role == StateRole.Leader));
        // Quiesced groups send no heartbeats; the node's liveness probe (PeerLiveness) watches their leaders instead.
        Gauge(text, "entityplatform_node_quiesced_replicas", "Shard replicas quiesced (idle: no ticks, no heartbeats).", $"{{node=\"{nodeId}\"}}", replicas.Count(r => r.Raft.Quiesced));
        Gauge(text, "entityplatform_node_placement_version", "Target placement version in force.", $"{{node=\"{nodeId}\"}}", placementVersion);
        Header(text, "entityplatform_shard_term", "Raft term per shard replica.");
        foreach (var r in replicas)
        {
            Line(text, "entityplatform_shard_term", Labels(nodeId, r), r.Raft.Term);
        }

        Header(text, "entityplatform_shard_commit_index", "Raft commit index per shard replica.");
        foreach (var r in replicas)
        {
            Line(text, "entityplatform_shard_commit_index", Labels(nodeId, r), r.Raft.Commit);
        }

        Header(text, "entityplatform_shard_applied_index", "Applied index per shard replica.");
        foreach (var r in replicas)
        {
            Line(text, "entityplatform_shard_applied_index", Labels(nodeId, r), r.AppliedIndex);
        }

        Header(text, "entityplatform_shard_is_leader", "1 when this replica leads its shard.");
        foreach (var r in replicas)
        {
            Line(text, "entityplatform_shard_is_leader", Labels(nodeId, r), r.Raft.Role == StateRole.Leader ? 1 : 0);
        }

        Header(text, "entityplatform_shard_queued_commands", "Commands waiting on this replica (leader only).");
        foreach (var r in replicas)
        {
            Line(text, "entityplatform_shard_queued_commands", Labels(nodeId, r), r.QueuedCommands);
        }

        RenderFaults(text, nodeId, replicas, droppedPeerMessages);
        return text.ToString();
    }

    /// <summary>
    /// Faulted replicas (issue 12, item 7) per kind, every kind present so an alert can watch for "> 0", and
    /// the peer messages the loop dropped as malformed or impossible (a counter).
    /// </summary>
    private static void RenderFaults(StringBuilder text, ulong nodeId, IReadOnlyList<ShardReplicaStatus> replicas, long droppedPeerMessages)
    {
        Header(text, "entityplatform_replica_faulted", "Shard replicas on this node stopped by a fault of their own, by kind.");
        foreach (var kind in Enum.GetValues<ReplicaFaultKind>())
        {
            var label = kind.ToString().ToLowerInvariant();
            Line(text, "entityplatform_replica_faulted", $"{{node=\"{nodeId}\",kind=\"{label}\"}}", replicas.Count(r => r.Fault?.Kind == kind));
        }

        text.Append("# HELP entityplatform_node_peer_messages_dropped_total Raft messages from peers dropped as malformed or impossible.\n")
            .Append("# TYPE entityplatform_node_peer_messages_dropped_total counter\n");
        Line(text, "entityplatform_node_peer_messages_dropped_total", $"{{node=\"{nodeId}\"}}", droppedPeerMessages);
    }

    private static string Labels(ulong nodeId, ShardReplicaStatus replica) =>
        $"{{node=\"{nodeId}\",entity_type=\"{replica.Shard.EntityType}\",shard=\"{replica.Shard.Shard}\"}}";

    private static void Gauge(StringBuilder text, string name, string help, string labels, double value)
    {
        Header(text, name, help);
        Line(text, name, labels, value);
    }

    private static void Header(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(" gauge\n");

    private static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
}
