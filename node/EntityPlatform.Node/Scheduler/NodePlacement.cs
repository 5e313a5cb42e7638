namespace EntityPlatform.Node.Scheduler;

/// <summary>
/// The target placement as a node sees it: for each shard, the node ids that should hold a replica, the
/// first being the preferred leader. Versions only grow; a node ignores an older placement.
/// </summary>
public sealed record NodePlacement(long Version, IReadOnlyDictionary<ShardId, IReadOnlyList<ulong>> Replicas)
{
    public IReadOnlyList<ulong> ReplicasOf(ShardId shard) => Replicas.TryGetValue(shard, out var nodes) ? nodes : [];

    public IEnumerable<ShardId> ShardsOn(ulong nodeId) =>
        Replicas.Where(pair => pair.Value.Contains(nodeId)).Select(pair => pair.Key);
}
