namespace EntityPlatform.Placement;

/// <summary>
/// Splits the way from the published placement to the planner's target into steps in which each node
/// takes part in at most <c>maxMovesPerNode</c> shard moves, as the node that gains a replica (it receives
/// a snapshot and catches up) or as the node that loses one. A move costs the receiving node a snapshot
/// install and the group a membership change, so moving every shard at once on scale-out would swamp a
/// new pod while also slowing the founding pods that stream to it. The caller publishes a step, waits
/// until the nodes have converged on it, and asks for the next one; replanning from a step leads on to
/// the same target because the planner keeps replicas that are already where it wants them.
/// </summary>
public static class PlacementStepper
{
    public static ShardMap NextStep(ShardMap current, ShardMap target, int maxMovesPerNode = 1)
    {
        if (current.Shards.Count != target.Shards.Count)
        {
            throw new ArgumentException($"target has {target.Shards.Count} shards, the current placement {current.Shards.Count}; the shard count is fixed", nameof(target));
        }

        if (maxMovesPerNode < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxMovesPerNode), maxMovesPerNode, "maxMovesPerNode must be at least 1");
        }

        var movesPerNode = new Dictionary<string, int>();
        var step = new List<ShardPlacement>(current.Shards.Count);
        var changed = false;
        for (var index = 0; index < current.Shards.Count; index++)
        {
            var from = current.Shards[index];
            var to = target.Shards[index];
            if (from.Equals(to))
            {
                step.Add(from);
                continue;
            }

            // Nodes that gain or lose this shard; a reordering alone (a new preferred leader) moves no data.
            var involved = to.Replicas.Except(from.Replicas).Concat(from.Replicas.Except(to.Replicas)).ToArray();
            if (involved.All(node => movesPerNode.GetValueOrDefault(node) < maxMovesPerNode))
            {
                foreach (var node in involved)
                {
                    movesPerNode[node] = movesPerNode.GetValueOrDefault(node) + 1;
                }

                step.Add(to);
                changed = true;
            }
            else
            {
                step.Add(from);
            }
        }

        return changed ? new ShardMap(current.Version + 1, step) : current;
    }
}
