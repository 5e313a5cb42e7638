using EntityPlatform.Kubernetes.Models;
using k8s;
using k8s.Models;
using EntityPlatform.Operator.Api;
using EntityPlatform.Placement;

namespace EntityPlatform.Operator.Builders;

/// <summary>
/// The placement ConfigMap: the cluster file every node mounts. A pod started later reads the newest
/// placement from it; running nodes get each new version through AdminService.ApplyPlacement.
/// </summary>
public static class PlacementConfigMapBuilder
{
    /// <param name="placement">Replicas named by pod (NAME-N), as the planner sees them.</param>
    /// <param name="nodeCount">Addresses are listed for ordinals 0..nodeCount-1, ready or not, so a pod that joins can be reached.</param>
    /// <param name="founded">The cluster has elected its leaders (see <see cref="IsFounded"/>): a node with an empty data directory then rejoins.</param>
    public static V1ConfigMap Build(EntityType type, ShardMap placement, int nodeCount, INodeAddresses addresses, bool founded = false) => new()
    {
        Metadata = Owner.Meta(type, ObjectNames.PlacementConfigMap(type)),
        Data = new Dictionary<string, string> { [ObjectNames.PlacementKey] = Document(type, placement, nodeCount, addresses, founded).ToJson() },
    };

    /// <summary>
    /// Once founded, always founded: the file said so before, or a node pod has been ready (its /readyz needs a
    /// leader for every replica it holds, so the groups exist). Issue 12, item 11.
    /// </summary>
    public static bool IsFounded(EntityType type, ClusterDocument? current) =>
        current?.Founded == true || (type.Status?.Nodes ?? 0) > 0;

    public static ClusterDocument Document(EntityType type, ShardMap placement, int nodeCount, INodeAddresses addresses, bool founded = false)
    {
        var hosted = ObjectNames.HostedEntityType(type);
        return new ClusterDocument(
            [new ClusterDocument.EntityTypeEntry(hosted, type.Spec.Shards, type.Spec.Events?.Retention?.MaxAge, type.Spec.Events?.Retention?.MaxBytes)],
            Enumerable.Range(0, nodeCount)
                .Select(ordinal => new ClusterDocument.NodeEntry(ObjectNames.NodeId(ordinal), addresses.Grpc(type, ordinal).ToString(), addresses.Http(type, ordinal).ToString(), addresses.Client(type, ordinal).ToString()))
                .ToArray(),
            new ClusterDocument.PlacementEntry(placement.Version, placement.Shards
                .Select(shard => new ClusterDocument.ShardEntry(hosted, shard.Shard, shard.Replicas.Select(pod => NodeIdOf(type, pod)).ToArray()))
                .ToArray()),
            Raft(type),
            // The node records this in its data directory's identity marker and refuses a directory of another cluster.
            type.Metadata.Uid,
            founded ? true : null);
    }

    /// <summary>spec.raft with the contract's defaults, as the cluster file carries it.</summary>
    public static ClusterDocument.RaftEntry Raft(EntityType type)
    {
        var raft = type.Spec.RaftOrDefaults();
        return new ClusterDocument.RaftEntry(raft.TickMs, raft.ElectionTicks, raft.HeartbeatTicks);
    }

    /// <summary>The placement the ConfigMap holds, with replicas named by pod; null when there is none yet.</summary>
    public static ShardMap? CurrentPlacement(EntityType type, V1ConfigMap? configMap)
    {
        var document = ClusterDocument.TryParse(configMap?.Data?.ValueOrDefault(ObjectNames.PlacementKey));
        if (document is null || document.Placement.Shards.Count != type.Spec.Shards)
        {
            return null;
        }

        var shards = document.Placement.Shards.OrderBy(shard => shard.Shard)
            .Select(shard => new ShardPlacement(shard.Shard, shard.Replicas.Select(id => ObjectNames.Pod(type, (int)id - 1)).ToArray()))
            .ToArray();
        return new ShardMap(document.Placement.Version, shards);
    }

    public static ulong NodeIdOf(EntityType type, string pod)
    {
        var ordinal = ObjectNames.Ordinal(type, pod);
        return ordinal >= 0 ? ObjectNames.NodeId(ordinal) : throw new ArgumentException($"'{pod}' is not a pod of EntityType {type.Metadata.Name}");
    }
}
