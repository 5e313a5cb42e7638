namespace EntityPlatform.Placement;

/// <summary>
/// Computes the target placement of shard replicas on ready nodes: a pure function of its input.
/// Goals, in priority order: never two replicas of a shard on one node; every shard gets
/// min(replicationFactor, nodes) replicas; replica counts per node differ by at most one; replicas of a
/// shard spread across zones; preferred leaders balanced; and, within all that, as few moves as possible
/// (replicas on ready nodes stay put unless a node holds more than its share).
/// </summary>
public static class PlacementPlanner
{
    public static ShardMap Plan(PlacementRequest request)
    {
        var problem = request.Validate();
        if (problem is not null)
        {
            throw new ArgumentException($"Invalid placement request: {problem}.", nameof(request));
        }

        var state = new PlanState(request);
        state.KeepReplicasOnReadyNodes();
        state.TrimOverReplicatedShards();
        state.FillMissingReplicas();
        state.Rebalance();
        state.ImproveZoneSpread();
        state.BalancePreferredLeaders();
        var shards = state.ToShardPlacements();

        var current = request.Current;
        var changed = current is null || !current.Shards.SequenceEqual(shards);
        var version = current is null ? 1 : changed ? current.Version + 1 : current.Version;
        return new ShardMap(version, shards);
    }

    /// <summary>Replicas that move between two placements: added (shard, node) pairs.</summary>
    public static int CountMoves(ShardMap from, ShardMap to) =>
        to.Shards.Sum(shard => shard.Replicas.Count(node => !from.Shards[shard.Shard].Replicas.Contains(node)));
}
